/// What is wrong in a run: the classic concurrency mistakes, found in the same events the
/// `TaskLedger` folds, so that a headless run, a replay, `interleave exec` and the dashboard
/// all report the same warnings.
///
/// It is a fold of its own beside the ledger, fed the same events, rather than part of it:
/// the ledger compacts ended tasks and caps their histories to bound memory, while a warning
/// must be found whatever those limits are (a blocking slice of a task long since compacted
/// still counts), and a warning needs facts the ledger does not keep (each slice's length,
/// the actor a hop went to, the periods when every thread was busy). Its own state is small:
/// one entry per task alive, and merged intervals.
///
/// Thresholds are in **real** time (`WarningThresholds`); `scale` says how many real
/// nanoseconds one tick of the session's time is: 1 for `exec` and at speed 1, `1/speed`
/// at other speeds. In **virtual time** the scale is 1, as at speed 1, and that is exact
/// rather than approximate: a virtual clock moves only when nothing can run, so a slice
/// takes time only when it computes (`Trace.compute`, the tutorial's `time.sleep` inside a
/// coroutine, a blocking call on purpose), and a task waits ready only while every thread
/// computes. A blocking call or a starved pool shows in virtual time exactly as a
/// scenario's units say it would at speed 1, and nothing else can make one.
///
/// A blocking call is judged on the time a slice held its thread **less the time the thread
/// waited for a CPU** (its run-queue wait: preempted by the OS, or woken and not yet
/// running), which the `preempted` event before the slice's end carries: measured on the
/// thread itself, by the agent for `exec` and by the executor for scenarios in real time,
/// for slices of a millisecond or more. A loaded machine then makes no blocking call of a
/// slice that merely waited its turn for a CPU.
public struct Warnings: Sendable, Equatable {
    public let thresholds: WarningThresholds
    /// Real nanoseconds per tick.
    public let scale: Double

    /// Warnings found so far, in the order found (end-of-run ones come from `report(final:)`).
    public private(set) var found: [TaskWarning] = []
    /// Warnings not kept because `limit` was reached (counted, never silent).
    public private(set) var overflow = 0
    public static let limit = 10_000

    private struct Alive: Sendable, Equatable {
        var name: String
        var sliceStart: Int64?
        var thread = 0
        var suspendedAt: Int64?
        var reason: SuspendReason?
        var readySince: Int64
        /// Index in `found` of this task's blocking-call warning, once it has one.
        var blocking: Int?
        /// Of the running slice, the ticks its thread waited for a CPU (`preempted`).
        var preempted: Int64 = 0
        var longestSlice: Int64 = 0
        var blockingSlices = 0
        /// When it was first seen cancelled, and the slices it ran since.
        var cancelledAt: Int64?
        var slicesSinceCancel = 0
    }

    private var alive = TaskTable<Alive>()
    private var now: Int64 = 0
    private var firstTime: Int64?
    private var rootTask: TaskID?
    private var rootSpawnedAt: Int64?
    private var rootEndedAt: Int64?
    private var threadCount = 1
    private var threadNames: [Int: String] = [:]
    /// By lane (below 4,096): it is named "main thread" (`isWorker` asks at every slice).
    private var laneIsMainThread: [Bool] = []
    /// A traced program (`exec`): its lanes are OS threads, the main actor's lane apart.
    private var isProgram = false
    /// Worker lanes that ran a slice (a traced program's pool, as far as it has been seen).
    private var workerLanes = LaneSet()
    /// Slices running now on worker threads.
    private var runningOnWorkers = 0
    /// Since when every worker thread has been busy (nil: not all busy now).
    private var busySince: Int64?
    /// Closed periods when every worker thread was busy, and the periods when some task
    /// waited ready for a worker: sorted, disjoint, merged as they come.
    private var busy: [Span] = []
    private var waited: [Span] = []
    /// When the first closed period of all workers busy began (the starvation warning's time).
    private var firstBusyStart: Int64?
    /// Starved time before `foldedUntil`, whose spans were folded away: the lists stay
    /// short however long the run. A wait that reaches back before it counts from it on.
    private var starvedFolded: Int64 = 0
    private var foldedUntil: Int64 = .min
    /// Most spans kept in `busy` and `waited` together before the older half is folded.
    static let spanLimit = 8_192
    /// Per actor: how many hops waited past the threshold, and the longest.
    private var contention: [String: Contention] = [:]

    private struct Contention: Sendable, Equatable {
        var count = 0
        var warning: Int?
        var longest: Int64 = 0
    }
    private var aliveMax = 0
    /// Slices running on lane 0 (a traced program's main actor), and when the last one ended.
    private var mainLaneRunning = 0
    private var mainLaneLastEnd: Int64?
    private var explosionWarned = false

    /// Thread lanes, a set without hashing for the first 64 (a program's threads, mostly).
    struct LaneSet: Sendable, Equatable {
        private var low: UInt64 = 0
        private var high: Set<Int> = []

        var count: Int { low.nonzeroBitCount + high.count }

        mutating func insert(_ lane: Int) {
            if lane >= 0, lane < 64 { low |= 1 << UInt64(lane) } else { high.insert(lane) }
        }
    }

    struct Span: Sendable, Equatable {
        var start: Int64
        var end: Int64
    }

    public init(thresholds: WarningThresholds = WarningThresholds(), scale: Double = 1) {
        self.thresholds = thresholds
        self.scale = scale
        limits = Limits(thresholds, scale: scale)
    }

    /// The real-time thresholds in ticks, worked out once (nil: a scale that converts nothing).
    private struct Limits: Sendable, Equatable {
        var blockingCall, continuationWait, contentionWait, cancellation: Int64?

        init(_ thresholds: WarningThresholds, scale: Double) {
            func ticks(_ realNanos: Int64) -> Int64? {
                scale > 0 ? Int64(saturating: (Double(realNanos) / scale).rounded()) : nil
            }
            blockingCall = ticks(thresholds.blockingCall)
            continuationWait = ticks(thresholds.continuationWait)
            contentionWait = ticks(thresholds.contentionWait)
            cancellation = ticks(thresholds.cancellation)
        }
    }
    private let limits: Limits

    /// The warnings' fold for a session run in `time`: thresholds in real time, scaled.
    public init(thresholds: WarningThresholds = WarningThresholds(), time: TimeMode) {
        switch time {
        case .virtual: self.init(thresholds: thresholds, scale: 1)
        case let .real(speed): self.init(thresholds: thresholds, scale: 1 / max(speed, 1e-9))
        }
    }

    /// Ticks as real time, for evidence: `305 ms`, `12.5 s`.
    private func real(_ ticks: Int64) -> String {
        WarningThresholds.format(Int64(saturating: (Double(ticks) * scale).rounded()))
    }

    public mutating func apply(_ events: some Sequence<TaskEvent>) {
        for event in events { apply(event) }
    }

    public mutating func apply(_ event: TaskEvent) {
        let t = event.time
        now = max(now, t)
        if firstTime == nil { firstTime = t }
        let id = event.task
        switch event.kind {
        case let .spawn(name, parent):
            guard id > 0 else { return }
            if alive.position(of: id) == nil { alive.insert(Alive(name: name, readySince: t), for: id) }
            if parent == 0, rootTask == nil {
                rootTask = id
                rootSpawnedAt = t
            }
            aliveMax = max(aliveMax, alive.count)
            if !explosionWarned, alive.count > thresholds.explosion {
                explosionWarned = true
                add(TaskWarning(kind: .taskExplosion, task: id, time: t,
                                evidence: "\(alive.count) tasks alive at once (threshold \(thresholds.explosion))"))
            }
        case let .rename(name):
            if let index = alive.position(of: id) { alive[position: index].name = name }
        case let .start(thread, wait), let .resume(thread, wait):
            guard let index = alive.position(of: id) else { return }
            // Changed in place; what the checks below need is taken out first.
            let (suspendedAt, reason) = Self.beginSlice(&alive[position: index], at: t, on: thread)
            if let since = suspendedAt, reason == .continuation, let limit = limits.continuationWait,
               t.saturatingSubtract(wait).saturatingSubtract(since) > limit {
                add(TaskWarning(kind: .leakedContinuation, task: id, time: since,
                                evidence: "\(alive[position: index].name) waited \(real(t.saturatingSubtract(wait).saturatingSubtract(since))) on a continuation before it was resumed"
                                    + " (threshold \(WarningThresholds.format(thresholds.continuationWait)))"))
            }
            // A hop's whole wait, suspended and ready, is for the actor; a hop back to the
            // pool is the pool's business (starvation), and the main actor is contended only
            // if its lane ran something meanwhile (else the wait was for a thread to drain it).
            if case let .actorHop(actor)? = reason, actor != "generic executor", let since = suspendedAt,
               let limit = limits.contentionWait, t.saturatingSubtract(since) > limit,
               !(isProgram && actor == "MainActor" && !mainLaneBusy(since: since)) {
                noteContention(actor: actor, task: id, name: alive[position: index].name, wait: t.saturatingSubtract(since), at: t)
            }
            if thread == 0 { mainLaneRunning += 1 }
            let worker = isWorker(thread)
            if worker {
                if isProgram { workerLanes.insert(thread) }
                if wait > 0 { noteWaited(Span(start: t.saturatingSubtract(wait), end: t)) }
                runningOnWorkers += 1
                updateBusy(at: t)
            }
        case let .preempted(wait):
            if let index = alive.position(of: id), alive[position: index].sliceStart != nil {
                alive[position: index].preempted = alive[position: index].preempted.saturatingAdd(max(0, wait))
            }
        case let .suspend(reason):
            if let index = endSlice(id, at: t) {
                alive[position: index].suspendedAt = t
                alive[position: index].reason = reason
            }
        case .complete, .cancel, .fail:
            // A traced program's main task ends when the process exits: its last slice then
            // includes exit handlers and the agent's last flush, so its length is not judged.
            let index = endSlice(id, at: t, judged: !(isProgram && id == rootTask))
            if let index, case let task = alive[position: index], let since = task.cancelledAt, let limit = limits.cancellation,
               t.saturatingSubtract(since) > limit {
                add(TaskWarning(kind: .cancellationIgnored, task: id, time: since, evidence: "\(task.name) kept going for "
                    + "\(real(t.saturatingSubtract(since))) after it was cancelled (\(task.slicesSinceCancel) slice\(task.slicesSinceCancel == 1 ? "" : "s") since; "
                    + "threshold \(WarningThresholds.format(thresholds.cancellation)))"))
            }
            if let index { alive.remove(at: index) }
            if id == rootTask, rootEndedAt == nil { rootEndedAt = t }
        case let .threads(count):
            threadCount = max(1, count)
            updateBusy(at: t)
        case let .threadName(thread, name):
            threadNames[thread] = name
            if thread >= 0, thread < 4_096 {
                if laneIsMainThread.count <= thread { laneIsMainThread += repeatElement(false, count: thread + 1 - laneIsMainThread.count) }
                laneIsMainThread[thread] = name == "main thread"
            }
            if thread == 0, name == "main actor" { isProgram = true }
        case .cancelRequested:
            if let index = alive.position(of: id), alive[position: index].cancelledAt == nil { alive[position: index].cancelledAt = t }
        case .message, .counter, .knob, .dropped, .end:
            break
        }
    }

    /// A slice's thread is one of the pool's: every executor thread of a scenario; a traced
    /// program's threads but the main actor's lane and the main thread. Inlined: a call
    /// from a mutating method would pass it a copy of the whole fold.
    @inline(__always)
    private func isWorker(_ thread: Int) -> Bool {
        guard isProgram else { return true }
        if thread >= 0, thread < laneIsMainThread.count { return thread != 0 && !laneIsMainThread[thread] }
        return thread != 0 && threadNames[thread] != "main thread"
    }

    /// Lane 0 ran a slice at some time after `since`.
    private func mainLaneBusy(since: Int64) -> Bool {
        mainLaneRunning > 0 || (mainLaneLastEnd ?? .min) > since
    }

    private var capacity: Int { isProgram ? workerLanes.count : threadCount }

    private mutating func updateBusy(at t: Int64) {
        let allBusy = capacity > 0 && runningOnWorkers >= capacity
        if allBusy, busySince == nil {
            busySince = t
        } else if !allBusy, let since = busySince {
            busySince = nil
            if t > since, t > foldedUntil {
                firstBusyStart = min(firstBusyStart ?? since, since)
                Self.merge(Span(start: max(since, foldedUntil), end: t), into: &busy)
                foldIfLong()
            }
        }
    }

    private mutating func noteWaited(_ span: Span) {
        guard span.end > foldedUntil else { return }
        Self.merge(Span(start: max(span.start, foldedUntil), end: span.end), into: &waited)
        foldIfLong()
    }

    /// Past `spanLimit` spans, folds those before the middle one's end into `starvedFolded`.
    private mutating func foldIfLong() {
        guard busy.count + waited.count > Self.spanLimit else { return }
        let line = busy.count >= waited.count ? busy[busy.count / 2].end : waited[waited.count / 2].end
        // The open busy period's part before the line is folded too; the rest stays open.
        // (Appended for the count and taken off again: a copy of the list would cost more.)
        let openBefore = busySince.map { $0 < line } ?? false
        if openBefore, let since = busySince { busy.append(Span(start: since, end: line)) }
        starvedFolded = starvedFolded.saturatingAdd(Self.overlap(busy, waited, until: line))
        if openBefore { busy.removeLast() }
        func cut(_ list: inout [Span]) {
            // Sorted and disjoint, so sorted by end too: the spans that end by the line lead.
            list.removeFirst(list.firstIndex { $0.end > line } ?? list.count)
            if let first = list.first, first.start < line { list[0].start = line }
        }
        cut(&busy)
        cut(&waited)
        if let since = busySince, since < line { busySince = line }
        foldedUntil = line
    }

    /// Ends task `id`'s running slice; returns where the task is in `alive` (nil: not alive).
    @discardableResult
    private mutating func endSlice(_ id: TaskID, at t: Int64, judged: Bool = true) -> Int? {
        guard let index = alive.position(of: id) else { return nil }
        guard let slice = Self.endSlice(&alive[position: index]) else { return index }
        let start = slice.start
        if slice.thread == 0 {
            mainLaneRunning = max(0, mainLaneRunning - 1)
            mainLaneLastEnd = t
        }
        if isWorker(slice.thread) {
            runningOnWorkers = max(0, runningOnWorkers - 1)
            updateBusy(at: t)
        }
        // The time its thread waited for a CPU is the machine's doing, not the slice's.
        let whole = t.saturatingSubtract(start)
        let preempted = max(0, min(slice.preempted, whole))
        let length = whole - preempted
        if judged, let limit = limits.blockingCall, length > limit {
            var task = takeAlive(at: index)
            defer { swap(&task, &alive[position: index]) }
            task.blockingSlices += 1
            task.longestSlice = max(task.longestSlice, length)
            let lane = threadNames[task.thread] ?? "T\(task.thread)"
            let evidence = "\(task.name) held thread \(lane) for \(real(length)) without suspending"
                + (preempted > 0 ? ", not counting \(real(preempted)) it waited for a CPU" : "")
                + (task.blockingSlices > 1 ? " (\(task.blockingSlices) slices over \(WarningThresholds.format(thresholds.blockingCall)), longest \(real(task.longestSlice)))"
                   : " (threshold \(WarningThresholds.format(thresholds.blockingCall)))")
            if let warning = task.blocking {
                found[warning].evidence = evidence
            } else {
                task.blocking = add(TaskWarning(kind: .blockingCall, task: id, time: start, evidence: evidence))
            }
        }
        return index
    }

    /// A slice of `task` begins at `t` on `thread`; returns since when and for what it was suspended.
    private static func beginSlice(_ task: inout Alive, at t: Int64, on thread: Int) -> (since: Int64?, reason: SuspendReason?) {
        let since = task.suspendedAt
        var reason: SuspendReason?
        swap(&reason, &task.reason)
        task.sliceStart = t
        task.preempted = 0
        task.thread = thread
        if task.cancelledAt != nil { task.slicesSinceCancel += 1 }
        task.suspendedAt = nil
        return (since, reason)
    }

    /// The running slice of `task` ends: when it began, on which lane, and the ticks it waited
    /// for a CPU (nil: none was running).
    private static func endSlice(_ task: inout Alive) -> (start: Int64, thread: Int, preempted: Int64)? {
        guard let start = task.sliceStart else { return nil }
        task.sliceStart = nil
        defer { task.preempted = 0 }
        return (start, task.thread, task.preempted)
    }

    /// The entry at `index` of `alive`, moved out (an empty one stands in until it is put
    /// back): a task is changed once per event, without copying what it holds.
    private mutating func takeAlive(at index: Int) -> Alive {
        var task = Alive(name: "", readySince: 0)
        swap(&task, &alive[position: index])
        return task
    }

    private mutating func noteContention(actor: String, task: TaskID, name: String, wait: Int64, at t: Int64) {
        var entry = contention[actor] ?? Contention()
        entry.count += 1
        let evidence = "\(entry.count) hop\(entry.count == 1 ? "" : "s") to \(actor) waited over "
            + "\(WarningThresholds.format(thresholds.contentionWait)) for it; longest \(real(max(wait, entry.longest))) (\(name))"
        if let index = entry.warning {
            found[index].evidence = evidence
            if wait > entry.longest {
                found[index].task = task
                found[index].time = t.saturatingSubtract(wait)
            }
        } else {
            entry.warning = add(TaskWarning(kind: .actorContention, task: task, time: t.saturatingSubtract(wait), evidence: evidence))
        }
        entry.longest = max(entry.longest, wait)
        contention[actor] = entry
    }

    @discardableResult
    private mutating func add(_ warning: TaskWarning) -> Int? {
        guard found.count < Self.limit else {
            overflow += 1
            return nil
        }
        found.append(warning)
        return found.count - 1
    }

    /// Adds `span` to a sorted list of disjoint spans; spans come in order of their ends,
    /// so only the last few can overlap it.
    static func merge(_ span: Span, into list: inout [Span]) {
        var span = span
        while let last = list.last, last.end >= span.start {
            span.start = min(span.start, last.start)
            span.end = max(span.end, last.end)
            list.removeLast()
        }
        if list.last.map({ $0.start <= span.start }) ?? true {
            list.append(span)
            return
        }
        // Out of order (a late event): placed where it belongs.
        let index = list.lastIndex { $0.start <= span.start }.map { $0 + 1 } ?? 0
        list.insert(span, at: index)
    }

    /// Time some task waited ready while every worker thread was busy, up to `end`.
    func starvedTime(until end: Int64) -> Int64 {
        var busy = self.busy
        if let since = busySince, end > since { busy.append(Span(start: since, end: end)) }
        return starvedFolded.saturatingAdd(Self.overlap(busy, waited, until: .max))
    }

    /// Spans kept for the starvation check (bounded by `spanLimit`).
    var keptSpans: Int { busy.count + waited.count }

    /// The time two sorted lists of disjoint spans overlap, before `line`.
    static func overlap(_ a: [Span], _ b: [Span], until line: Int64) -> Int64 {
        var total: Int64 = 0
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let start = max(a[i].start, b[j].start), stop = min(a[i].end, b[j].end, line)
            if stop > start { total = total.saturatingAdd(stop.saturatingSubtract(start)) }
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return total
    }

    /// Every warning, in time order. `final`: the run is over, so tasks still waiting are
    /// reported (never finished, or a continuation never resumed) and the pool's
    /// starvation is judged over the whole run; before that, a continuation waited on past
    /// its threshold is reported as it stands (as of the latest event).
    public func report(final: Bool) -> [TaskWarning] {
        var all = found
        let end = rootEndedAt ?? now
        if !final, let limit = limits.continuationWait {
            // While the run goes on: a continuation waited on past the threshold already.
            for (id, task) in alive.entries where task.reason == .continuation {
                guard let since = task.suspendedAt, now.saturatingSubtract(since) > limit else { continue }
                all.append(TaskWarning(kind: .leakedContinuation, task: id, time: since,
                                       evidence: "\(task.name) has waited \(real(now.saturatingSubtract(since))) on a continuation so far"
                                           + " (threshold \(WarningThresholds.format(thresholds.continuationWait)))"))
            }
        }
        if final {
            for (id, task) in alive.entries where id != 0 {
                if let since = task.cancelledAt, let limit = limits.cancellation, end.saturatingSubtract(since) > limit {
                    all.append(TaskWarning(kind: .cancellationIgnored, task: id, time: since, evidence: "\(task.name) was cancelled "
                        + "\(real(end.saturatingSubtract(since))) before the run ended and had not stopped "
                        + "(threshold \(WarningThresholds.format(thresholds.cancellation)))"))
                }
                if task.reason == .continuation, let since = task.suspendedAt {
                    all.append(TaskWarning(kind: .leakedContinuation, task: id, time: since,
                                           evidence: "\(task.name) still waited on a continuation when the run ended, "
                                               + "\(real(max(0, end.saturatingSubtract(since)))) after it suspended: it was never resumed"))
                } else {
                    let (state, since) = task.sliceStart.map { ("running", $0) }
                        ?? task.suspendedAt.map { ("suspended (\(task.reason?.category.rawValue ?? "other"))", $0) }
                        ?? ("ready", task.readySince)
                    all.append(TaskWarning(kind: .neverFinished, task: id, time: since,
                                           evidence: String(joining: task.name, " was still ", state, " when the run ended")))
                }
            }
            let run = end.saturatingSubtract(rootSpawnedAt ?? firstTime ?? 0)
            let starved = starvedTime(until: end)
            if run > 0, let floor = limits.blockingCall, starved > floor,
               Double(starved) / Double(run) > thresholds.starvationShare {
                let start = firstBusyStart ?? busySince ?? 0
                all.append(TaskWarning(kind: .poolStarvation, task: 0, time: start, evidence:
                    "tasks waited ready while all \(capacity) worker thread\(capacity == 1 ? " was" : "s were") busy for "
                    + "\(real(starved)) of the run's \(real(run)) (\(Int64(saturating: (Double(starved) * 100 / Double(run)).rounded()))%, "
                    + "threshold \(Int((thresholds.starvationShare * 100).rounded()))%)"))
            }
        }
        // By time, task and kind; the kind (its name, a string) only where the rest ties.
        return all.sorted { a, b in
            a.time != b.time ? a.time < b.time : a.task != b.task ? a.task < b.task : a.kind.rawValue < b.kind.rawValue
        }
    }

    /// Most tasks alive at once so far.
    public var peakAlive: Int { aliveMax }
}

/// One warning: what kind, which task (0: the whole run), when, and the evidence.
public struct TaskWarning: Sendable, Equatable, Hashable {
    public var kind: WarningKind
    public var task: TaskID
    public var time: Int64
    public var evidence: String

    public init(kind: WarningKind, task: TaskID, time: Int64, evidence: String) {
        self.kind = kind
        self.task = task
        self.time = time
        self.evidence = evidence
    }
}

public enum WarningKind: String, Sendable, CaseIterable, Codable, Comparable {
    case blockingCall = "blocking call"
    case leakedContinuation = "leaked continuation"
    case neverFinished = "never finished"
    case poolStarvation = "pool starvation"
    case actorContention = "actor contention"
    case cancellationIgnored = "cancellation ignored"
    case taskExplosion = "task explosion"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// When a run's behaviour becomes a warning. Times are real nanoseconds, whatever the
/// session's speed; each is settable on the command line (`--warn-…`).
public struct WarningThresholds: Sendable, Equatable {
    /// A slice that held its thread longer than this is a blocking call (10 ms).
    public var blockingCall: Int64 = 10_000_000
    /// A continuation waited on longer than this is reported as leaked even if it is resumed later (10 s).
    public var continuationWait: Int64 = 10_000_000_000
    /// Pool starvation: the share of the run during which some task waited ready while every
    /// worker thread was busy (0.2: a fifth of the run), and at least `blockingCall` of time.
    public var starvationShare: Double = 0.2
    /// A hop to an actor whose ready wait exceeds this counts towards that actor's contention (10 ms).
    public var contentionWait: Int64 = 10_000_000
    /// A task still going this long after it was cancelled ignored its cancellation (100 ms).
    public var cancellation: Int64 = 100_000_000
    /// More tasks than this alive at once is a task explosion (1,000). The trace does not
    /// tell structured children from unstructured tasks, so every task alive counts.
    public var explosion = 1_000

    public init() {}

    /// `305 ms`, `12.5 s`, `40 µs`.
    public static func format(_ nanos: Int64) -> String {
        func trimmed(_ value: Double) -> String {
            var text = String(format: "%.1f", value)
            if text.hasSuffix(".0") { text.removeLast(2) }
            return text
        }
        let n = Double(nanos)
        if abs(n) >= 1e9 { return trimmed(n / 1e9) + " s" }
        if abs(n) >= 1e6 { return trimmed(n / 1e6) + " ms" }
        return trimmed(n / 1e3) + " µs"
    }

    /// Parses `10ms`, `0.5s`, `250us`, `2000000ns` (a bare number is milliseconds); nil if malformed or not above 0.
    public static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)]
        var number = Substring(text)
        var factor = 1e6
        for (suffix, value) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            factor = value
            break
        }
        guard let value = Double(number), value.isFinite, value > 0, value * factor < 1e17 else { return nil }
        return max(1, Int64((value * factor).rounded()))
    }
}

extension Warnings {
    /// The headless report's last section: `Warnings (N):` and one line each, or `No warnings`.
    /// Names and evidence came from the run, so every line is made terminal-safe.
    public static func section(_ warnings: [TaskWarning], overflow: Int = 0, unitName: String = "unit", limit: Int = 200) -> String {
        guard !warnings.isEmpty else { return "No warnings\n" }
        let total = warnings.count + overflow
        var out = "Warnings (\(total)):\n"
        for warning in warnings.prefix(limit) {
            let task = warning.task == 0 ? "" : " task \(warning.task)"
            out += "  \(warning.kind.rawValue) at \(Ticks.format(warning.time, decimals: 3)) \(unitName)s\(task): "
                + warning.evidence.terminalSafe + "\n"
        }
        if total > limit { out += "  … and \(total - min(limit, warnings.count)) more\n" }
        return out
    }
}
