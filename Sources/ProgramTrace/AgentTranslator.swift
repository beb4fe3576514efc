import AgentWire
import TaskTrace

/// Turns the agent's records about a running program into the task events every viewer
/// reads: dense task ids in order of first sight, threads numbered in order of first use
/// (lane 0 is the main actor), reasons from where in the runtime each slice stopped, and
/// names from `Task(name:)` or the task's code.
///
/// A task whose creation the agent did not see (the runtime created it itself) is the
/// program's when a task of the program enqueued it, and its child. One that appeared from
/// no task at all is the runtime's own (on 6.3, the helper a `Task.sleep` wakes through):
/// it is left out of the trace and counted in `runtimeTasks`.
public struct AgentTranslator {
    /// The thread lane for code running on the main actor: on Linux it runs on whichever
    /// pool thread drains the main queue, so it gets a lane of its own.
    public static let mainActorLane = 0

    /// Plain values only, so reading and writing one per record copies bytes and never
    /// counts references.
    private struct TaskState {
        var id: TaskID
        var named = false
        var started = false
        var running = false
        var ended = false
        var readySince: UInt64?
        /// Where the task asked to run last: 0 the generic executor, 1 the main actor, else
        /// the key of the actor's type name (the record's own encoding).
        var executor: UInt64 = 0
        /// An actor hop was asked for during the running slice.
        var hopAsked = false
        /// Not named yet: the first of the program's own code seen run by the task (0: none
        /// yet), its name when nothing better shows (its entry's name comes with its first
        /// suspension). Kept as the address: its name stays in `codeNames` for good.
        var candidate: UInt64 = 0
        var hasCandidate: Bool { candidate != 0 }
        /// Seen cancelled at a slice's start (said once, as `cancelRequested`).
        var cancelSeen = false
    }

    private var tasks = RuntimeTaskTable<TaskState>()
    /// Tasks the runtime made for itself (by runtime id), and how many.
    private var runtimeOwn = RuntimeTaskTable<Bool>()
    public private(set) var runtimeTasks = 0
    private var mainTask: UInt64?
    private var pid: UInt64 = 0
    private var nextID: TaskID = 1
    private var threadLanes: [UInt32: Int] = [:]
    /// The lane of the thread looked up last (a thread usually runs several slices in a row).
    private var lastLane: (thread: UInt32, lane: Int) = (0, 0)
    private var symbols: [UInt64: String] = [:]
    /// A code address's short name when it is the program's own code, worked out once per address.
    private var codeNames: [UInt64: String?] = [:]
    /// `codeName`'s latest answers, a symbol not known yet included: a few call sites' code
    /// is asked about over and over.
    private var recentCodeNames = RecentAnswers<String?>()
    /// What waiting on a continuation to resume at an address is, worked out once per address.
    private var continuationWaits: [UInt64: SuspendReason] = [:]
    private var recentWaits = RecentAnswers<SuspendReason>()
    private var typeNames: [UInt64: String] = [:]
    private var givenNames: [UInt64: String] = [:]
    private var errors: [UInt64: String] = [:]
    /// How far the trace has got: no event translated from now on is stamped earlier.
    public private(set) var traceTime: Int64 = 0
    /// Enqueued before their creation was recorded (the runtime enqueues inside create), with
    /// the task that enqueued them (0: none).
    private var enqueuedEarly = RuntimeTaskTable<(time: UInt64, by: UInt64)>()

    /// Lines from the agent about what it cannot trace in this program.
    public private(set) var notices: [String] = []
    /// What the agent could hook (AgentWire's il_support bits); nil before its hello.
    public private(set) var support: UInt64?
    /// Records that meant nothing here (a task never seen, a stream version not known).
    public private(set) var ignored = 0

    public init() {}

    public mutating func translate(_ batch: AgentBatch) -> [TaskEvent] {
        var out: [TaskEvent] = []
        out.reserveCapacity(batch.records.count)
        batch.records.withUnsafeBufferPointer { records in
            for i in records.indices { translate(records[i], in: batch, into: &out) }
        }
        return out
    }

    private mutating func translate(_ record: AgentRecord, in batch: AgentBatch, into out: inout [TaskEvent]) {
        // Threads' records are merged by time at each drain; one can arrive a little late.
        let time = max(traceTime, Int64(clamping: record.time))
        traceTime = time
        switch il_record_kind(record.kind) {
        case IL_REC_HELLO:
            support = record.a
            pid = record.b
            out.append(TaskEvent(time: time, task: 0, kind: .threadName(thread: Self.mainActorLane, name: "main actor")))
            if record.task != UInt64(IL_WIRE_VERSION) {
                notices.append("the agent speaks stream version \(record.task), this interleave \(IL_WIRE_VERSION): nothing traced")
            }
        case IL_REC_TEXT:
            remember(record, text: batch.text(of: record))
        case IL_REC_CREATE:
            if runtimeOwn[record.task] == true {
                runtimeOwn[record.task] = false
                runtimeTasks -= 1
            }
            let isMain = record.b == UInt64(IL_CREATE_MAIN.rawValue) && mainTask == nil
            if isMain { mainTask = record.task }
            // Most programs name no task: a look-up in an empty dictionary still hashes.
            let given = givenNames.isEmpty ? nil : givenNames.removeValue(forKey: record.task)
            let name = given ?? (isMain ? "main" : codeName(record.c))
            if let state = tasks[record.task] {
                // Spawned when its first slice came first (threads' records race): named now.
                if let name, !state.named {
                    tasks[record.task]?.named = true
                    tasks[record.task]?.candidate = 0
                    out.append(TaskEvent(time: time, task: state.id, kind: .rename(name)))
                }
            } else {
                _ = spawn(record.task, parent: tasks[record.a]?.id ?? 0, name: name, time: time, into: &out)
            }
        case IL_REC_ENQUEUE:
            let known: Void? = tasks.update(record.task) { state in
                if !state.running { state.readySince = record.time }
            }
            if known == nil, runtimeOwn[record.task] != true, enqueuedEarly[record.task] == nil {
                enqueuedEarly[record.task] = (record.time, record.a)
            }
        case IL_REC_SLICE_BEGIN:
            var found = tasks[record.task]
            if found == nil {
                // Not created through the program's calls: the program's if one of its tasks
                // enqueued it (its child, made inside the runtime), else the runtime's own.
                guard let early = enqueuedEarly[record.task], let creator = tasks[early.by] else {
                    if runtimeOwn[record.task] != true {
                        runtimeOwn[record.task] = true
                        runtimeTasks += 1
                    }
                    enqueuedEarly[record.task] = nil
                    return
                }
                _ = spawn(record.task, parent: creator.id, name: nil, time: time, into: &out)
                found = tasks[record.task]
            }
            guard var state = found, !state.ended else { ignored += 1; return }
            let wait = state.readySince.map { Int64(clamping: record.time &- min($0, record.time)) } ?? 0
            let lane = state.executor == 1 ? Self.mainActorLane : lane(of: record.thread, at: time, into: &out)
            out.append(TaskEvent(time: time, task: state.id,
                                 kind: state.started ? .resume(thread: lane, readyWait: wait) : .start(thread: lane, readyWait: wait)))
            // Its first slice ended without saying where it came from (an unknown runtime).
            if state.started { nameByCandidate(record.task, &state, at: time, into: &out) }
            state.started = true
            state.running = true
            state.readySince = nil
            state.hopAsked = false
            if record.b & 1 != 0, !state.cancelSeen {
                state.cancelSeen = true
                out.append(TaskEvent(time: time, task: state.id, kind: .cancelRequested))
            }
            tasks[record.task] = state
            if !state.named, !state.hasCandidate { nameFromCode(record.task, address: record.a) }
        case IL_REC_SWITCH:
            let unnamed = tasks.update(record.task) { state in
                state.executor = record.a
                state.hopAsked = true
                return !state.named && !state.hasCandidate
            }
            guard let unnamed else { countUnknown(record.task); return }
            if unnamed { nameFromCode(record.task, address: record.c) }
        case IL_REC_SLICE_END:
            guard var state = tasks[record.task], state.running, !state.ended else { countUnknown(record.task); return }
            state.running = false
            let reason = reason(site: record.a, resumeAt: record.b, state: state)
            state.hopAsked = false
            tasks[record.task] = state
            if let reason {
                Self.notePreemption(record, of: state.id, at: time, into: &out)
                out.append(TaskEvent(time: time, task: state.id, kind: .suspend(reason)))
            }
            if !state.named, !state.hasCandidate { nameFromCode(record.task, address: record.b) }
        case IL_REC_COMPLETE:
            guard var state = tasks[record.task], !state.ended else { countUnknown(record.task); return }
            state.ended = true
            state.running = false
            nameByCandidate(record.task, &state, at: time, into: &out)
            tasks[record.task] = state
            let kind: TaskEvent.Kind
            if record.a == 0 {
                kind = .complete(result: "")
            } else if errors[record.task] == "CancellationError" || record.b == 1 {
                // Threw after being cancelled: ended by the cancellation.
                kind = .cancel
            } else {
                kind = .fail(error: errors[record.task] ?? "an error")
            }
            Self.notePreemption(record, of: state.id, at: time, into: &out)
            out.append(TaskEvent(time: time, task: state.id, kind: kind))
        case IL_REC_CALLERS:
            guard var state = tasks[record.task], !state.named else { return }
            if let entry = codeName(record.a) ?? codeName(record.b) ?? codeName(record.c) {
                state.candidate = 0
                state.named = true
                out.append(TaskEvent(time: time, task: state.id, kind: .rename(entry)))
            } else {
                nameByCandidate(record.task, &state, at: time, into: &out)
            }
            tasks[record.task] = state
        case IL_REC_DROPPED:
            out.append(TaskEvent(time: time, task: 0, kind: .dropped(count: Int64(clamping: record.a))))
        case IL_REC_CLOCK:
            break  // Its time is all it says: `traceTime` has taken it.
        default:
            ignored += 1
        }
    }

    /// The run-queue wait a SLICE_END or COMPLETE carries (`c`, ns; 0: none), as the
    /// `preempted` event that goes just before the slice's end.
    private static func notePreemption(_ record: AgentRecord, of task: TaskID, at time: Int64, into out: inout [TaskEvent]) {
        guard record.c > 0 else { return }
        out.append(TaskEvent(time: time, task: task, kind: .preempted(wait: Int64(clamping: record.c))))
    }

    private mutating func countUnknown(_ runtimeID: UInt64) {
        if runtimeOwn[runtimeID] != true { ignored += 1 }
    }

    private mutating func remember(_ record: AgentRecord, text: String) {
        switch il_text_kind(UInt32(truncatingIfNeeded: record.b)) {
        case IL_TEXT_SYMBOL:
            symbols[record.task] = text
            // Answers for an address without a symbol until now are out of date.
            recentCodeNames.forgetAll()
            recentWaits.forgetAll()
        case IL_TEXT_TYPE: typeNames[record.task] = text
        case IL_TEXT_NAME: givenNames[record.task] = text
        case IL_TEXT_ERROR: errors[record.task] = text
        case IL_TEXT_NOTICE: notices.append(text)
        default: ignored += 1
        }
    }

    /// A new task, named `name` or, until its code shows, `task N` (the runtime's id).
    private mutating func spawn(_ runtimeID: UInt64, parent: TaskID, name: String?, time: Int64,
                                into out: inout [TaskEvent]) -> TaskID {
        let id = nextID
        nextID += 1
        let early = enqueuedEarly[runtimeID]
        if early != nil { enqueuedEarly[runtimeID] = nil }
        tasks[runtimeID] = TaskState(id: id, named: name != nil, readySince: early?.time)
        out.append(TaskEvent(time: time, task: id, kind: .spawn(name: name ?? String("task ", decimal: runtimeID), parent: parent)))
        return id
    }

    /// Notes the first piece of the program's own code a task runs: its name unless its
    /// entry shows (`IL_REC_CALLERS`). Until named it is `task N`, the runtime's id.
    /// Its callers have checked that the task is neither named nor has a candidate yet.
    private mutating func nameFromCode(_ runtimeID: UInt64, address: UInt64) {
        guard address != 0, codeName(address) != nil else { return }
        tasks.update(runtimeID) { $0.candidate = address }
    }

    /// Names a task not named yet by its candidate, the first of its own code seen run.
    private mutating func nameByCandidate(_ runtimeID: UInt64, _ state: inout TaskState, at time: Int64,
                                          into out: inout [TaskEvent]) {
        guard !state.named, state.hasCandidate, let name = codeName(state.candidate) else { return }
        state.candidate = 0
        state.named = true
        out.append(TaskEvent(time: time, task: state.id, kind: .rename(name)))
    }

    private mutating func codeName(_ address: UInt64) -> String? {
        if let recent = recentCodeNames[address] { return recent }
        let name: String?
        if let known = codeNames[address] {
            name = known
        } else if let symbol = symbols[address] {
            name = SwiftSymbolName(demangled: symbol).flatMap { $0.isUserCode ? $0.text : nil }
            codeNames[address] = .some(name)
        } else {
            name = nil
        }
        recentCodeNames.remember(name, for: address)
        return name
    }

    private mutating func lane(of thread: UInt32, at time: Int64, into out: inout [TaskEvent]) -> Int {
        if thread == lastLane.thread, lastLane.lane > 0 { return lastLane.lane }
        if let lane = threadLanes[thread] {
            lastLane = (thread, lane)
            return lane
        }
        let lane = threadLanes.count + 1
        threadLanes[thread] = lane
        lastLane = (thread, lane)
        let name = UInt64(thread) == pid ? "main thread" : "tid \(thread)"
        out.append(TaskEvent(time: time, task: 0, kind: .threadName(thread: lane, name: name)))
        return lane
    }

    /// Why the slice ended, from where in the runtime it stopped; nil when the task's body
    /// had ended (its outcome says so).
    private mutating func reason(site: UInt64, resumeAt: UInt64, state: TaskState) -> SuspendReason? {
        switch il_suspend_site(UInt32(truncatingIfNeeded: site)) {
        case IL_SITE_CONTINUATION:
            return continuationWait(resumingAt: resumeAt)
        case IL_SITE_AWAIT_TASK: return .awaitingResult
        case IL_SITE_GROUP_NEXT: return .awaitingGroup
        case IL_SITE_ENQUEUE:
            // A hop. Without a switch seen in the slice the runtime switched by itself (back
            // to the task's own actor after an await, say): the task's last known executor.
            // (Task.yield waits on a continuation on this runtime: see continuationWait.)
            let actor = switch state.executor {
            case 0: state.hopAsked ? "generic executor" : "its executor"
            case 1: "MainActor"
            default: typeNames[state.executor] ?? "actor"
            }
            return .actorHop(actor)
        case IL_SITE_COMPLETED: return nil
        default: return .other
        }
    }

    /// The program has exited with `status`: its main task ended with it (the program's
    /// async main calls exit(3) from inside the task, so the task itself never returns).
    public mutating func programExited(_ end: ProgramEnd, at time: UInt64) -> [TaskEvent] {
        guard let runtimeID = mainTask, let state = tasks[runtimeID], !state.ended else { return [] }
        tasks.update(runtimeID) { $0.ended = true }
        let t = max(traceTime, Int64(clamping: time))
        return [TaskEvent(time: t, task: state.id, kind: end.failure.map { .fail(error: $0) } ?? .complete(result: ""))]
    }

    /// Task.sleep and Task.yield wait on continuations of their own inside the runtime; the
    /// code a task resumes at tells them from the program's own continuations.
    private mutating func continuationWait(resumingAt address: UInt64) -> SuspendReason {
        if let recent = recentWaits[address] { return recent }
        let wait: SuspendReason
        if let known = continuationWaits[address] {
            wait = known
        } else {
            let resume = symbols[address] ?? ""
            wait = resume.contains("sleep(") || resume.contains("_sleep") ? .sleep
                : resume.contains(".yield()") ? .yield : .continuation
            if symbols[address] != nil { continuationWaits[address] = wait }
        }
        recentWaits.remember(wait, for: address)
        return wait
    }

    /// OS threads seen so far, for the `threads` count.
    public var threadCount: Int { threadLanes.count + 1 }
}
