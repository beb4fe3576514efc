import DequeModule
/// The facts a stream of events establishes about every task and thread: states, time
/// spent in each, suspensions by reason, outcomes, and the history of segments a timeline
/// draws. It is the one fold over events that the headless summary, the dashboard and a
/// replay share, so a replayed session rebuilds exactly the model the live one had.
///
/// It stores facts, never display: colours and strings belong to the views.
///
/// Memory is bounded on request: `historyLimit` caps the segments kept per task and thread,
/// and `endedTaskLimit` caps the ended tasks kept one by one; older ended tasks are folded
/// into `compactedTasks`, aggregates by name pattern; `totalHistoryLimit` caps the segments
/// kept across all tasks, dropping the oldest. All default to keeping everything, so a
/// finite run's summary is exact (and totals stay exact whatever the limits).
public struct TaskLedger: Sendable, Equatable {
    /// Tasks kept, in ascending id order. Ids are dense (`tasks[id - 1]`) until an ended
    /// task is compacted away; use `task(_:)` to look one up.
    public private(set) var tasks: [TaskRecord] = []
    /// Executor threads, indexed by thread number.
    public private(set) var threads: [ThreadRecord] = []
    /// Time of the latest event applied.
    public private(set) var now: Int64 = 0
    /// Events applied, and events the source reported dropped.
    public private(set) var eventCount: Int64 = 0
    public private(set) var droppedCount: Int64 = 0
    /// Worker threads the executor has now.
    public private(set) var threadCount = 1
    /// Latest value of each counter and knob, by name.
    public private(set) var counters: [String: Int64] = [:]
    public private(set) var knobs: [String: Int64] = [:]
    /// When the first root task (parent 0) was created and when it ended.
    public private(set) var rootSpawnedAt: Int64?
    public private(set) var rootEndedAt: Int64?
    /// Which suspend reasons occurred, one bit per `SuspendReason.Category` in declaration order.
    public private(set) var reasonsSeen: UInt32 = 0
    /// The first task spawned with no parent: the session's root (a scenario's or program's main).
    public private(set) var rootTask: TaskID?

    /// The run's wall time, as the tutorial measures it: from the root task's creation to
    /// its end (session setup before it does not count). Nil while the root runs.
    public var wallTime: Int64? {
        guard let end = rootEndedAt else { return nil }
        return end.saturatingSubtract(rootSpawnedAt ?? 0)
    }
    /// Most segments kept per task or thread; older ones are folded into the totals only.
    public let historyLimit: Int
    /// Most ended tasks kept one by one (nil: all). Past it, the tasks that ended longest
    /// ago are folded into `compactedTasks`; tasks still alive are always kept.
    public let endedTaskLimit: Int?
    /// Ended tasks folded away, aggregated by name pattern (`url_#`, `chain_#.stage_#`).
    public private(set) var compactedTasks: [String: TaskAggregate] = [:]
    /// How many tasks were folded into `compactedTasks`.
    public private(set) var compactedTaskCount = 0
    /// Tasks in each state, kept and compacted (compacted ones are ended), and the
    /// `compactedSegments` of the tasks kept, summed: kept up to date event by event, so
    /// a dashboard reads them each frame without a pass over the tasks.
    public private(set) var stateCounts = TaskStateCounts()
    public private(set) var compactedSegmentCount = 0
    /// Most segments kept across all tasks' histories (nil: no cap). Many live tasks each
    /// keeping `historyLimit` segments would otherwise grow with tasks × limit; past the cap,
    /// the oldest segments of all are dropped, counted in each task's `compactedSegments`.
    public let totalHistoryLimit: Int?
    /// Segments in all tasks' histories now.
    public private(set) var historySegments = 0
    /// Ended tasks among `tasks`.
    private var endedKept = 0
    /// The highest task id seen.
    private var highestID: TaskID = 0
    /// True while `tasks[i].id == i + 1` for every i (nothing compacted yet).
    private var isDense = true

    /// The widest gap in task ids filled with placeholders.
    static let gapFilled: TaskID = 4_096

    /// Most name patterns `compactedTasks` keeps; the rest share one entry.
    public static let aggregateGroupLimit = 256

    public init(historyLimit: Int = .max, endedTaskLimit: Int? = nil, totalHistoryLimit: Int? = nil) {
        self.historyLimit = max(1, historyLimit)
        self.endedTaskLimit = endedTaskLimit.map { max(0, $0) }
        self.totalHistoryLimit = totalHistoryLimit.map { max(1, $0) }
    }

    public func task(_ id: TaskID) -> TaskRecord? {
        slot(of: id).map { tasks[$0] }
    }

    /// Tasks ever seen: the ones kept plus the ones compacted.
    public var taskCount: Int { tasks.count + compactedTaskCount }

    /// Where task `id` sits in `tasks`: its dense index, or a binary search once tasks
    /// have been compacted away (ids stay in ascending order).
    @inline(__always)
    private func slot(of id: TaskID) -> Int? {
        let guess = Int(id) - 1
        if isDense { return guess >= 0 && guess < tasks.count ? guess : nil }
        guard let newest = tasks.last?.id, id <= newest else { return nil }
        // At most `newest - id` tasks kept come after it: it sits there or before. The tasks
        // an event is about are mostly recent ones, whose later tasks are all still kept.
        let fromEnd = tasks.count - 1 - Int(newest - id)
        if fromEnd >= 0, tasks[fromEnd].id == id { return fromEnd }
        var lo = max(0, fromEnd), hi = min(tasks.count, max(0, guess + 1))
        while lo < hi {
            let mid = (lo + hi) / 2
            if tasks[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < tasks.count && tasks[lo].id == id ? lo : nil
    }

    public mutating func apply(_ events: some Sequence<TaskEvent>) {
        for event in events { apply(event) }
    }

    public mutating func apply(_ event: TaskEvent) {
        eventCount += 1
        now = max(now, event.time)
        let t = event.time
        let limit = historyLimit
        switch event.kind {
        case let .spawn(name, parent):
            guard event.task > 0 else { return }
            let record = TaskRecord(id: event.task, name: name, parent: parent, spawnedAt: t)
            if event.task > highestID {
                // Ids not seen between (a gap) get placeholders, so every id has a record.
                // Not for a jump (a log may hold any id): millions of placeholders would
                // not fit; ids stay ascending, and look-ups search from then on.
                if event.task - highestID > TaskLedger.gapFilled { isDense = false }
                while isDense, highestID + 1 < event.task {
                    highestID += 1
                    tasks.append(TaskRecord(id: highestID, name: "task-\(highestID)", parent: 0, spawnedAt: t))
                    stateCounts.add(.ready)
                }
                highestID = event.task
                tasks.append(record)
                stateCounts.add(.ready)
            } else if let i = slot(of: event.task) {
                if tasks[i].state.isEnded { endedKept -= 1 }
                stateCounts.add(tasks[i].state, -1)
                stateCounts.add(.ready)
                compactedSegmentCount -= tasks[i].compactedSegments
                historySegments -= tasks[i].history.count
                tasks[i] = record
            }
            if parent == 0, rootSpawnedAt == nil {
                rootSpawnedAt = t
                rootTask = event.task
            }
        case let .start(thread, wait), let .resume(thread, wait):
            withTask(event.task) { r in
                let readySince = max(r.stateSince, t.saturatingSubtract(wait))
                if r.startedAt == nil { r.startedAt = t }
                r.close(until: readySince, limit: limit)
                r.state = .ready
                r.stateSince = readySince
                r.close(until: t, limit: limit)
                r.state = .running(thread: thread)
                r.stateSince = t
                r.slices += 1
                r.lastThread = thread
            }
            withThread(thread) { th in
                th.close(until: t, limit: limit)
                th.current = event.task
                th.since = t
            }
        case let .suspend(reason):
            reasonsSeen |= 1 << reason.category.bit
            let thread = endSlice(of: event.task, at: t) { r in
                r.state = .suspended(reason)
                r.suspensions.add(reason.category)
            }
            if let thread { freeThread(thread, at: t) }
        case .complete, .cancel, .fail:
            let outcome: TaskOutcome = switch event.kind {
            case let .complete(result): .completed(result)
            case let .fail(error): .failed(error)
            default: .cancelled
            }
            let thread = endSlice(of: event.task, at: t) { r in
                r.state = .ended(outcome)
                r.endedAt = t
            }
            if let thread { freeThread(thread, at: t) }
            if slot(of: event.task) != nil {
                if rootEndedAt == nil, event.task == rootTask { rootEndedAt = t }
                endedKept += 1
                compactIfNeeded()
            }
        case let .counter(name, value):
            counters[name] = value
        case let .knob(name, value):
            knobs[name] = value
        case let .threads(count):
            threadCount = count
        case let .dropped(count):
            droppedCount = droppedCount.saturatingAdd(count)
        case let .rename(name):
            // Not through `withTask`: a name changes no state, count or history.
            if let i = slot(of: event.task) { tasks[i].name = name }
        case let .threadName(thread, name):
            withThread(thread) { $0.name = name }
        case .message, .end, .cancelRequested, .preempted:
            break
        }
    }

    /// Ends the running slice of `task` at `t`, applies `change`, returns the thread it ran on.
    @inline(__always)
    private mutating func endSlice(of task: TaskID, at t: Int64, _ change: (inout TaskRecord) -> Void) -> Int? {
        var thread: Int?
        let limit = historyLimit
        withTask(task) { r in
            if case let .running(th) = r.state { thread = th }
            r.close(until: t, limit: limit)
            change(&r)
            r.stateSince = t
        }
        return thread
    }

    private mutating func freeThread(_ thread: Int, at t: Int64) {
        let limit = historyLimit
        withThread(thread) { th in
            th.close(until: t, limit: limit)
            th.current = nil
            th.since = t
        }
    }

    // Inlined, as `withThread` and `endSlice` are: the change passed in is then inlined too,
    // not called through a closure's context at every event.
    @inline(__always)
    private mutating func withTask(_ id: TaskID, _ body: (inout TaskRecord) -> Void) {
        guard let index = slot(of: id) else { return }
        // The state's kind only: copying the state would count references to its payload.
        let (kind, segments) = (tasks[index].state.kind, tasks[index].compactedSegments)
        let before = tasks[index].history.count
        body(&tasks[index])
        stateCounts.add(kind: kind, -1)
        stateCounts.add(kind: tasks[index].state.kind)
        compactedSegmentCount += tasks[index].compactedSegments - segments
        historySegments += tasks[index].history.count - before
        if let cap = totalHistoryLimit, historySegments > cap { trimHistory(to: cap - cap / 4) }
    }

    // MARK: Compaction

    /// Once the ended tasks kept pass the limit by half again, folds the ones that ended
    /// longest ago into the aggregates, leaving `endedTaskLimit`. Done in bulk so that
    /// each task costs O(log n) amortized, not a pass over the array.
    private mutating func compactIfNeeded() {
        guard let limit = endedTaskLimit, endedKept > limit + max(64, limit / 2) else { return }
        var ended: [(end: Int64, id: TaskID)] = []
        ended.reserveCapacity(endedKept)
        for i in tasks.indices where tasks[i].state.isEnded { ended.append((tasks[i].endedAt ?? 0, tasks[i].id)) }
        let excess = ended.count - limit
        guard excess > 0 else { return }
        ended.sort { ($0.end, $0.id) < ($1.end, $1.id) }
        let cutoff = ended[excess - 1]
        func folds(_ record: borrowing TaskRecord) -> Bool {
            record.state.isEnded && ((record.endedAt ?? 0), record.id) <= (cutoff.end, cutoff.id)
        }
        // One pass, in place, moving records rather than copying them (a copy retains what
        // each of 100,000 records holds): each is moved out to be folded, or moved up over
        // the gap the folded ones left.
        var folder = AggregateFolder(aggregates: compactedTasks)
        compactedTasks = [:]
        var kept = 0
        let vacant = TaskRecord(id: 0, name: "", parent: 0, spawnedAt: 0)
        tasks.withUnsafeMutableBufferPointer { buffer in
            // Invariant: records[..<kept] are the ones kept, records[kept..<i] are moved
            // from (uninitialized), records[i...] are still to be looked at.
            let records = buffer.baseAddress!
            for i in buffer.indices {
                if folds(records[i]) {
                    folder.fold((records + i).move())
                } else {
                    if kept != i { (records + kept).moveInitialize(from: records + i, count: 1) }
                    kept += 1
                }
            }
            // The moved-from tail gets stand-ins, so that every record the array drops is
            // an initialized one.
            (records + kept).initialize(repeating: vacant, count: buffer.count - kept)
        }
        tasks.removeLast(tasks.count - kept)
        compactedTasks = folder.aggregates
        compactedTaskCount += folder.tasks
        compactedSegmentCount -= folder.compactedSegments
        historySegments -= folder.historySegments
        endedKept -= excess
        isDense = false
    }

    /// Drops the oldest segments of all tasks' histories (those that ended first) until at
    /// most `target` are kept. Called when the total passes the cap, with a target well
    /// below it, so the pass over every task is paid once per many segments added. The
    /// cut-off time is taken from a sample of the segments' ends: a pass drops about the
    /// excess, and another follows in the rare case it dropped too few.
    private mutating func trimHistory(to target: Int) {
        while historySegments > target {
            let excess = historySegments - target
            let step = max(1, historySegments / 4_096)
            var ends: [Int64] = []
            ends.reserveCapacity(historySegments / step + 1)
            var seen = 0
            for record in tasks {
                let history = record.history
                var i = (step - seen % step) % step
                while i < history.count {
                    ends.append(history[i].end)
                    i += step
                }
                seen += history.count
            }
            // Only a miscount leaves nothing to sample; stop rather than trap.
            guard !ends.isEmpty else { return }
            ends.sort()
            let cutoff = ends[min(ends.count - 1, excess / step)]
            let before = historySegments
            for index in tasks.indices {
                guard let first = tasks[index].history.first, first.end <= cutoff else { continue }
                let dropped = tasks[index].history.prefix { $0.end <= cutoff }.count
                tasks[index].history.removeFirst(dropped)
                tasks[index].compactedSegments += dropped
                compactedSegmentCount += dropped
                historySegments -= dropped
            }
            // Segments whose ends go back in time (a hand-edited log) may leave a pass
            // nothing to drop: stop rather than loop for ever.
            if historySegments == before { return }
        }
    }

    @inline(__always)
    private mutating func withThread(_ thread: Int, _ body: (inout ThreadRecord) -> Void) {
        guard thread >= 0, thread < 4096 else { return }
        while threads.count <= thread { threads.append(ThreadRecord(index: threads.count)) }
        body(&threads[thread])
    }
}

/// How many tasks are ready, running, suspended and ended.
public struct TaskStateCounts: Sendable, Equatable {
    public var ready = 0
    public var running = 0
    public var suspended = 0
    public var ended = 0

    public init(ready: Int = 0, running: Int = 0, suspended: Int = 0, ended: Int = 0) {
        (self.ready, self.running, self.suspended, self.ended) = (ready, running, suspended, ended)
    }

    /// Counts `n` more tasks (fewer, if negative) in `state`.
    public mutating func add(_ state: TaskState, _ n: Int = 1) { add(kind: state.kind, n) }

    mutating func add(kind: TaskState.Kind, _ n: Int = 1) {
        switch kind {
        case .ready: ready += n
        case .running: running += n
        case .suspended: suspended += n
        case .ended: ended += n
        }
    }
}

/// Folds ended tasks into aggregates by name pattern, one compaction's worth, and counts
/// what went with them.
private struct AggregateFolder {
    var aggregates: [String: TaskAggregate]
    private(set) var tasks = 0
    private(set) var historySegments = 0
    private(set) var compactedSegments = 0
    /// Tasks folded together mostly share a name: its pattern, and where its aggregate sits
    /// in `aggregates`, are worked out once a run of them (a position stays valid until a
    /// key is added, and one is added only where it is worked out again).
    private var lastName = ""
    private var lastPattern = ""
    private var lastAggregate: Dictionary<String, TaskAggregate>.Index?

    init(aggregates: [String: TaskAggregate]) {
        self.aggregates = aggregates
    }

    mutating func fold(_ record: consuming TaskRecord) {
        tasks += 1
        historySegments += record.history.count
        compactedSegments += record.compactedSegments
        if record.name != lastName {
            lastName = record.name
            let pattern = TaskAggregate.pattern(of: record.name)
            if pattern != lastPattern { lastAggregate = nil }
            lastPattern = pattern
        }
        if let index = lastAggregate {
            aggregates.values[index].add(record)
            return
        }
        var key = lastPattern
        if aggregates.count >= TaskLedger.aggregateGroupLimit, aggregates[key] == nil { key = "…" }
        aggregates[key, default: TaskAggregate()].add(record)
        lastAggregate = aggregates.index(forKey: key)
    }
}

/// Ended tasks folded together once they are compacted out of a ledger: how many, how
/// they ended, and their summed times and suspensions.
public struct TaskAggregate: Sendable, Equatable {
    public var count = 0
    public var completed = 0
    public var cancelled = 0
    public var failed = 0
    public var slices = 0
    public var runningTime: Int64 = 0
    public var readyTime: Int64 = 0
    public var suspendedTime: Int64 = 0
    public var suspensions = SuspensionCounts()

    public init() {}

    mutating func add(_ record: borrowing TaskRecord) {
        count += 1
        switch record.outcome {
        case .completed: completed += 1
        case .cancelled: cancelled += 1
        case .failed: failed += 1
        case nil: break
        }
        slices += record.slices
        runningTime = runningTime.saturatingAdd(record.runningTime)
        readyTime = readyTime.saturatingAdd(record.readyTime)
        suspendedTime = suspendedTime.saturatingAdd(record.suspendedTime)
        for (category, n) in record.suspensions { suspensions.add(category, n) }
    }

    /// A task name with every run of digits replaced by `#`: `url_17` → `url_#`.
    public static func pattern(of name: String) -> String {
        // By UTF-8 byte: a digit is one byte, and no byte of a longer scalar is a digit's.
        // (Scalar by scalar, appended to a String, cost 20,000 instructions a name.)
        func pattern(_ bytes: some Collection<UInt8>) -> String {
            guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return name }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var inDigits = false
                for byte in bytes {
                    let digit = byte >= 0x30 && byte <= 0x39
                    if !digit || !inDigits {
                        out[count] = digit ? 0x23 : byte
                        count += 1
                    }
                    inDigits = digit
                }
                return count
            }
        }
        return name.utf8.withContiguousStorageIfAvailable { pattern($0) } ?? pattern(name.utf8)
    }
}

/// Suspensions counted by category: a count per category in place, so that counting one
/// at every slice's end neither hashes nor allocates. Reads like the dictionary it stands
/// for: a category never counted is nil, and iteration gives the counted ones in rank order.
public struct SuspensionCounts: Sendable, Equatable, Sequence {
    /// One count per category, by `rank` (a test checks there is room for every category).
    private var counts = InlineArray<10, Int>(repeating: 0)

    public init() {}

    public subscript(category: SuspendReason.Category) -> Int? {
        counts[category.rank] == 0 ? nil : counts[category.rank]
    }

    public mutating func add(_ category: SuspendReason.Category, _ n: Int = 1) {
        counts[category.rank] += n
    }

    public var isEmpty: Bool { !counts.indices.contains { counts[$0] != 0 } }

    public func makeIterator() -> Iterator { Iterator(counts: counts) }

    /// The categories counted, in rank order, with their counts.
    public struct Iterator: IteratorProtocol {
        fileprivate let counts: InlineArray<10, Int>
        private var rank = 0

        fileprivate init(counts: InlineArray<10, Int>) {
            self.counts = counts
        }

        public mutating func next() -> (key: SuspendReason.Category, value: Int)? {
            while rank < counts.count {
                defer { rank += 1 }
                if counts[rank] != 0 { return (SuspendReason.Category.byRank[rank], counts[rank]) }
            }
            return nil
        }
    }

    public static func == (a: SuspensionCounts, b: SuspensionCounts) -> Bool {
        a.counts.indices.allSatisfy { a.counts[$0] == b.counts[$0] }
    }
}

/// What a task is doing at an instant.
public enum TaskState: Sendable, Equatable, Hashable {
    /// Waiting for a thread (created and not started yet, or woken and not running yet).
    case ready
    case running(thread: Int)
    case suspended(SuspendReason)
    case ended(TaskOutcome)

    public var isEnded: Bool { if case .ended = self { true } else { false } }

    /// The state without its payload.
    enum Kind { case ready, running, suspended, ended }

    var kind: Kind {
        switch self {
        case .ready: .ready
        case .running: .running
        case .suspended: .suspended
        case .ended: .ended
        }
    }
    public var isRunning: Bool { if case .running = self { true } else { false } }
}

public enum TaskOutcome: Sendable, Equatable, Hashable {
    case completed(String)
    case cancelled
    case failed(String)
}

/// A stretch of one task's history in one state.
public struct TaskSegment: Sendable, Equatable, Hashable {
    public var start: Int64
    public var end: Int64
    public var state: SegmentState
}

/// What a closed segment keeps of its task's state: what a timeline draws. The full reason
/// (an actor's name) and the outcome stay on the task. Plain values, so that a history of
/// thousands of segments per task is appended to and trimmed without reference counting.
public enum SegmentState: Sendable, Equatable, Hashable {
    case ready
    case running(thread: Int)
    case suspended(SuspendReason.Category)

    /// What a segment keeps of `state`; nil for an ended task, which has no open segment.
    @inline(__always)
    init?(_ state: TaskState) {
        switch state {
        case .ready: self = .ready
        case let .running(thread): self = .running(thread: thread)
        case let .suspended(reason): self = .suspended(reason.category)
        case .ended: return nil
        }
    }
}

/// Everything known about one task.
public struct TaskRecord: Sendable, Equatable, Identifiable {
    public let id: TaskID
    public var name: String
    public var parent: TaskID
    public var spawnedAt: Int64
    public var startedAt: Int64?
    public var endedAt: Int64?
    public var state: TaskState = .ready
    public var stateSince: Int64
    public var lastThread: Int?
    /// Slices run (each start or resume begins one).
    public var slices = 0
    public var suspensions = SuspensionCounts()
    /// Total ticks spent running, ready and suspended, up to the last state change.
    public var runningTime: Int64 = 0
    public var readyTime: Int64 = 0
    public var suspendedTime: Int64 = 0
    /// Closed segments, oldest first, at most the ledger's history limit.
    public var history = Deque<TaskSegment>()
    /// Segments folded away because of the history limit.
    public var compactedSegments = 0

    init(id: TaskID, name: String, parent: TaskID, spawnedAt: Int64) {
        self.id = id
        self.name = name
        self.parent = parent
        self.spawnedAt = spawnedAt
        self.stateSince = spawnedAt
    }

    public var outcome: TaskOutcome? {
        if case let .ended(outcome) = state { outcome } else { nil }
    }

    /// Totals including the open segment up to `now`.
    public func totals(at now: Int64) -> (running: Int64, ready: Int64, suspended: Int64) {
        let open = max(0, now.saturatingSubtract(stateSince))
        switch state {
        case .running: return (runningTime.saturatingAdd(open), readyTime, suspendedTime)
        case .ready: return (runningTime, readyTime.saturatingAdd(open), suspendedTime)
        case .suspended: return (runningTime, readyTime, suspendedTime.saturatingAdd(open))
        case .ended: return (runningTime, readyTime, suspendedTime)
        }
    }

    /// Closes the current state's segment at `t` and adds it to the totals. A running
    /// segment is kept even when it took no time (every slice does, in virtual time), so
    /// a timeline can still show that the task ran at that instant.
    mutating func close(until t: Int64, limit: Int) {
        // Saturating: a log's times may run backwards or span the whole range.
        let length = t.saturatingSubtract(stateSince)
        guard let kept = SegmentState(state), length > 0 || (state.isRunning && length == 0) else { return }
        switch kept {
        case .running: runningTime = runningTime.saturatingAdd(length)
        case .ready: readyTime = readyTime.saturatingAdd(length)
        case .suspended: suspendedTime = suspendedTime.saturatingAdd(length)
        }
        if let last = history.last, last.state == kept, last.end == stateSince {
            history[history.count - 1].end = t
        } else {
            // Room for a short task's whole life at once, not grown segment by segment.
            if history.isEmpty { history.reserveCapacity(min(limit, 8)) }
            compactedSegments += history.append(TaskSegment(start: stateSince, end: t, state: kept), keepingAtMost: limit)
        }
    }
}

/// One executor thread: which task it runs now, and which it ran when.
public struct ThreadRecord: Sendable, Equatable {
    public let index: Int
    /// The lane's own name, when its source gave one (`main actor`, `tid 4711`).
    public var name: String?
    /// `name`, else `T3`: how text reports label the lane.
    public var label: String { name ?? "T\(index)" }
    public var current: TaskID?
    public var since: Int64 = 0
    public var history = Deque<ThreadSegment>()
    public var compactedSegments = 0
    public var busyTime: Int64 = 0

    /// Closes the slice running now at `t`; a slice that took no time is kept (see TaskRecord).
    mutating func close(until t: Int64, limit: Int) {
        guard let task = current, t >= since else { return }
        busyTime = busyTime.saturatingAdd(t.saturatingSubtract(since))
        compactedSegments += history.append(ThreadSegment(start: since, end: t, task: task), keepingAtMost: limit)
    }
}

public struct ThreadSegment: Sendable, Equatable, Hashable {
    public var start: Int64
    public var end: Int64
    public var task: TaskID
}

extension Deque {
    /// Appends, then drops the oldest elements beyond `limit` (O(1) each, which is why
    /// histories are deques). Returns how many were dropped.
    mutating func append(_ element: Element, keepingAtMost limit: Int) -> Int {
        append(element)
        let excess = count - limit
        guard excess > 0 else { return 0 }
        // One at a time is the usual case (a full history), and the cheaper call.
        if excess == 1 { _ = removeFirst() } else { removeFirst(excess) }
        return excess
    }
}

extension SuspendReason.Category {
    /// This category's bit in `TaskLedger.reasonsSeen`.
    var bit: UInt32 { UInt32(rank) }
}

extension TaskLedger {
    public func hasSeen(_ category: SuspendReason.Category) -> Bool { reasonsSeen & (1 << category.bit) != 0 }
}
