import CLinuxShims
import DequeModule
import Foundation
import HeapModule
import Synchronization

@_silgen_name("swift_task_getJobTaskId")
private func runtimeTaskID(of job: UnownedJob) -> UInt64

/// A task executor (SE-0417) with N worker threads that records every slice a task runs:
/// which task, on which thread, when it began and ended, and how long it waited ready.
///
/// One lock guards the ready queue and the timers. A worker takes it once per slice: jobs
/// a slice makes ready (a yield, a resumed continuation, a child spawned) wait in the
/// worker's outbox and join the queue when the slice ends, together with the slice's own
/// bookkeeping and the pop of the next job, or when the slice starts CPU work
/// (`compute`). Taking the lock at every enqueue too made two workers fight over it: more
/// time spinning than running, on a yield-heavy load.
///
/// It also owns scenario time: a heap of timers ordered by deadline then sequence, and,
/// in virtual mode, the rule that time jumps to the next deadline only when nothing can
/// run. With one thread, FIFO order and virtual time, a run is as deterministic as
/// asyncio's event loop.
public final class TracingExecutor: TaskExecutor, @unchecked Sendable {
    public let clock: SessionClock
    let bus: EventBus
    private let lock = ConditionLock()

    // `@exclusivity(unchecked)`: the lock already keeps accesses apart, and the runtime's
    // dynamic exclusivity checks on these (and on `ThreadState`) are on every slice's path.
    // Everything below is guarded by `lock`.
    @exclusivity(unchecked) private var ready = Deque<ReadyJob>()
    @exclusivity(unchecked) private var timers = Heap<TimerKey>()
    @exclusivity(unchecked) private var timerActions: [UInt64: TimerAction] = [:]
    /// Timers that act on one task only (its timeout), by the task's trace id: they go when
    /// the task ends, or a finished task would stay alive in its timer until the deadline.
    @exclusivity(unchecked) private var taskTimers: [TaskID: [UInt64]] = [:]
    /// Keys still in `timers` whose timer was cancelled: the heap is rebuilt without them
    /// once they are most of it, so cancelled timeouts do not pile up.
    @exclusivity(unchecked) private var cancelledTimerKeys = 0
    @exclusivity(unchecked) private var nextTimerSequence: UInt64 = 0
    /// Virtual deadlines of threads blocked in `compute`: the time they are busy until.
    @exclusivity(unchecked) private var computeDeadlines: [Int64] = []
    @exclusivity(unchecked) private var desiredThreads: Int
    @exclusivity(unchecked) private var aliveWorkers = Set<Int>()
    /// Workers currently running a job (including those blocked in `compute`).
    @exclusivity(unchecked) private var running = 0
    /// Workers blocked in `compute`: busy, but waiting for time to pass.
    @exclusivity(unchecked) private var computing = 0
    /// Workers running timer actions outside the lock.
    @exclusivity(unchecked) private var firing = 0
    /// Every traced task alive, by the runtime's id for it. Retained by hand (released when
    /// the task's last slice ends, or in `deinit`): a lookup per slice then costs no
    /// reference counting.
    @exclusivity(unchecked) private var liveTasks: [UInt64: Unmanaged<LiveTask>] = [:]
    /// Trace ids are handed out without the lock: a spawn is recorded the moment its task
    /// is created, even from inside a slice.
    private let nextTaskID = Atomic<TaskID>(1)
    /// Workers waiting for work, so a flush wakes only as many as it has jobs for.
    @exclusivity(unchecked) private var idleWorkers = 0
    /// Whether a task has ever been queued. Virtual time stands still until then. (Not
    /// `nextTaskID`: that moves before the first job is queued, outside the lock.)
    @exclusivity(unchecked) private var anyTaskQueued = false
    @exclusivity(unchecked) private var stopped = false
    /// Set by `shutdown` once the bus is closed: the workers run what the stopped session
    /// left behind, unrecorded, until nothing is left, then leave (see `shutdown`).
    @exclusivity(unchecked) private var windingDown = false
    /// `windingDown`, for the primitives to read without the lock: a wait begun while the
    /// executor winds down ends at once, cancelled.
    private let windingDownFlag = Atomic<Bool>(false)
    /// Virtual time never moves past this: a run given a duration stops *at* it, and tasks
    /// still asleep then stay asleep, as they would in real time.
    @exclusivity(unchecked) private var virtualTimeLimit = Int64.max
    /// Consulted before virtual time moves on (see `paceVirtualTime`).
    @exclusivity(unchecked) private var pacer: (any VirtualTimePacer)?
    /// The world is frozen (the dashboard's Space): no slice starts, no timer fires, and
    /// scenario time stands still; slices already running finish.
    @exclusivity(unchecked) private var frozen = false
    /// Virtual time watched live: it may not run ahead of this real-time clock, so a
    /// dashboard shows it at `--speed` units a second (nil: as fast as it goes).
    @exclusivity(unchecked) private var paceClock: SessionClock?
    /// While frozen: traced slices that may still start (`step`).
    @exclusivity(unchecked) private var stepsLeft = 0
    /// Frozen real time: stepped slices running now. The clock runs while there are any, so
    /// each takes the time it takes; it stops again when the last one ends.
    @exclusivity(unchecked) private var steppedSlicesRunning = 0
    /// Virtual time: the instant the latest traced slices started at, and how many did.
    @exclusivity(unchecked) private var busyInstant: Int64 = -1
    @exclusivity(unchecked) private var busyInstantSlices = 0

    struct ReadyJob {
        let job: UnownedJob
        let runtimeID: UInt64
        /// Nil for a job that is not a task's (an actor hop): run, not traced. Not retained:
        /// the executor's `liveTasks` keeps it until the task's last slice has ended, so it
        /// is alive while queued and when popped; after its slice, see `endSlice`.
        let task: Unmanaged<LiveTask>?
        /// The task's trace id (0 with no task), at hand without touching the object.
        let taskID: TaskID
        let enqueuedAt: Int64
        let isFirstSlice: Bool
    }

    /// A job made ready inside a slice, waiting in the worker's outbox for the slice to end.
    /// It is stamped ready when it is queued: at the slice's end or when the slice starts
    /// CPU work. In virtual time that is the very instant it was readied; in real time it
    /// saves a clock read per job, and the slice's remaining microseconds count as running.
    struct OutboxJob {
        let job: UnownedJob
        let runtimeID: UInt64
        /// The task's trace id if this job is a task created by `Trace.spawn` just now.
        let spawned: TaskID
        /// The task running when the job was made ready: a new task's parent.
        let parent: TaskID
        /// When it became ready, if before its queueing: the deadline of the timer that
        /// readied it.
        let readySince: Int64?
    }

    /// What the executor knows of one traced task between its slices. Guarded by `lock`.
    final class LiveTask {
        let id: TaskID
        /// The reason the task gave when it last suspended, restored when it runs again:
        /// one `await` (a group's `waitForAll`) may suspend several times for one reason.
        var reason: SuspendReason?
        /// Slices handed out so far. A slice's bookkeeping applies only if it is still the
        /// latest: once a task suspends, another worker may resume it (even run it to its
        /// end) before the first worker takes the lock again.
        var slicesStarted: UInt64 = 0
        init(id: TaskID) { self.id = id }
    }

    struct TimerAction {
        let run: @Sendable () -> Void
        /// The task the timer is for (0: none), in `taskTimers`.
        let task: TaskID
    }

    struct TimerKey: Comparable {
        let deadline: Int64
        let sequence: UInt64
        static func < (a: Self, b: Self) -> Bool {
            (a.deadline, a.sequence) < (b.deadline, b.sequence)
        }
    }

    /// Real time: a millisecond in ticks, the shortest slice whose run-queue wait is measured
    /// (see `RunQueueWait`); nil in virtual time, where no thread waits for a CPU.
    private let runQueueInterval: Int64?

    public init(threads: Int, clock: SessionClock, bus: EventBus) {
        self.clock = clock
        if case let .real(speed) = clock.mode { runQueueInterval = Int64(max(1, min(1e15, 1_000_000 * speed))) } else { runQueueInterval = nil }
        self.bus = bus
        self.desiredThreads = max(1, threads)
        TracingExecutor.alive.add(1, ordering: .relaxed)
        lock.lock()
        spawnMissingWorkers()
        lock.unlock()
    }

    deinit {
        for task in liveTasks.values { task.release() }
        TracingExecutor.alive.subtract(1, ordering: .relaxed)
    }

    /// Executors not yet freed, in this process: lets a test see that a finished session
    /// is gone (a stopped executor and the tasks it abandoned used to keep each other alive).
    public static var aliveCount: Int { alive.load(ordering: .relaxed) }
    private static let alive = Atomic<Int>(0)

    /// True once the session has stopped and the executor runs only what is left of it.
    public var isWindingDown: Bool { windingDownFlag.load(ordering: .relaxed) }

    /// The number of worker threads asked for.
    public var threadCount: Int {
        lock.lock(); defer { lock.unlock() }
        return desiredThreads
    }

    /// Tasks that have run on this executor so far (traced or not, every one gets an id).
    public var tasksCreated: Int {
        Int(nextTaskID.load(ordering: .relaxed)) - 1
    }

    /// Changes the number of worker threads while running. Surplus workers finish their
    /// current slice, then leave.
    public func setThreadCount(_ count: Int) {
        let count = max(1, min(64, count))
        lock.lock()
        guard count != desiredThreads else { lock.unlock(); return }
        desiredThreads = count
        spawnMissingWorkers()
        bus.record(task: 0, .threads(count: count))
        lock.broadcast()
        lock.unlock()
    }

    /// Virtual time: never advance past `ticks` (a run's duration).
    public func limitVirtualTime(to ticks: Int64) {
        lock.lock()
        virtualTimeLimit = ticks
        lock.unlock()
    }

    /// Virtual time: never run ahead of `speed` units per real second from now on (for a
    /// dashboard: watchable, and still exact, as only the waits between jumps change).
    public func paceVirtualTime(unitsPerSecond speed: Double) {
        lock.lock()
        paceClock = SessionClock(mode: .real(speed: speed))
        if frozen { paceClock?.setFrozen(true) }
        lock.unlock()
    }

    /// Virtual time: ask `pacer` before every move forward, so a run can wait for the
    /// readers of its events (nil: never wait).
    public func paceVirtualTime(with pacer: (any VirtualTimePacer)?) {
        lock.lock()
        self.pacer = pacer
        lock.unlock()
    }

    /// Ends the session: no slice starts after this, and it waits (up to a second) for the
    /// slices running now to end, so their outcome events are recorded before the bus
    /// closes: a task's awaiter can resume on another thread while the executor has yet
    /// to record the task's completion. Then it closes the bus.
    ///
    /// Then the executor winds down, on its own workers, without waiting: what is left of
    /// the session still runs, unrecorded, with every timer due at once and every new
    /// sleep or wait in line cancelled, until nothing is queued, running or timed. Then
    /// the workers leave and the timers go. Abandoning the tasks instead would keep every
    /// one of them, and all they hold, alive for good: a suspended task is freed only when
    /// it completes, its timers and continuations hold it, and it holds its executor.
    /// A task waiting on something that is never resumed stays, as it would anywhere.
    public func shutdown() {
        lock.lock()
        stopped = true
        lock.broadcast()
        // A worker shutting down its own executor does not wait for its own slice.
        let own = ThreadState.current.executor === self ? 1 : 0
        let deadline = SessionClock.monotonicNanos() + 1_000_000_000
        while running > own, SessionClock.monotonicNanos() < deadline {
            lock.wait(untilMonotonic: deadline)
        }
        lock.unlock()
        bus.close()
        lock.lock()
        windingDown = true
        windingDownFlag.store(true, ordering: .relaxed)
        pacer = nil
        virtualTimeLimit = .max
        lock.broadcast()
        lock.unlock()
    }

    /// Blocks until the workers have wound the session down and left, or `seconds` have
    /// passed; returns whether they have left (for tests and tools that measure).
    public func waitUntilWoundDown(seconds: Double = 60) -> Bool {
        let deadline = SessionClock.monotonicNanos() + UInt64(max(0, min(seconds, 1e6)) * 1e9)
        lock.lock(); defer { lock.unlock() }
        while !aliveWorkers.isEmpty, SessionClock.monotonicNanos() < deadline {
            lock.wait(untilMonotonic: deadline)
        }
        return aliveWorkers.isEmpty
    }

    /// `waitUntilWoundDown` for a caller on Swift's cooperative pool (a test, a tool):
    /// checks without holding a thread. Blocking one of the pool's few threads (two on a
    /// 2-core machine) can keep the last of a session's work from running, so two such
    /// waits at once could outlast any bound.
    public func woundDown(withinSeconds seconds: Double = 60) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(max(0, min(seconds, 1e6)))
        while !waitUntilWoundDown(seconds: 0) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    // MARK: Freezing the world

    /// Whether the world is frozen (see `freeze`).
    public var isFrozen: Bool {
        lock.lock(); defer { lock.unlock() }
        return frozen
    }

    /// Freezes the world: no new slice starts (those running finish), no timer fires, and
    /// scenario time stops. In real time the frozen interval is no scenario time at all.
    public func freeze() {
        lock.lock()
        frozen = true
        stepsLeft = 0
        clock.setFrozen(true)
        paceClock?.setFrozen(true)
        lock.unlock()
    }

    /// Lets the frozen world run on from where it stood.
    public func thaw() {
        lock.lock()
        frozen = false
        stepsLeft = 0
        clock.setFrozen(false)
        paceClock?.setFrozen(false)
        lock.broadcast()
        lock.unlock()
    }

    /// While frozen: lets one more traced slice start. If none is ready, time moves (still
    /// frozen) to the next timer, which fires, so the step always shows the next slice.
    public func step() {
        lock.lock()
        if frozen {
            stepsLeft += 1
            lock.broadcast()
        }
        lock.unlock()
    }

    /// Frozen with no step granted: the worker must not start anything.
    private var isHeld: Bool { frozen && stepsLeft == 0 }

    /// Frozen real time with a step granted and nothing to run: moves the stopped clock to
    /// the next timer so the step has a slice to show. Called with the lock held.
    private func advanceFrozenClockForStep() -> Bool {
        guard frozen, stepsLeft > 0, case .real = clock.mode, ready.isEmpty, firing == 0 else { return false }
        dropCancelledTimersAtTop()
        guard let first = timers.min, first.deadline > clock.now() else { return false }
        clock.advanceFrozen(to: first.deadline)
        return true
    }

    // MARK: Busy instants

    /// Traced slices that may start at one instant of virtual time before each further
    /// one costs `busySliceCost`. Real code always costs time; without this rule, tasks that
    /// hand work to each other at no cost (a queue with no sleeps) would keep virtual time
    /// at one instant forever and a `--duration` would never come. No tutorial scenario
    /// comes near it, so their timings stay exact.
    public static let freeSlicesPerInstant = 1_000
    /// What a slice costs in a busy instant: 10 µs of scenario time.
    public static let busySliceCost: Int64 = 10_000

    /// Virtual time: counts a traced slice starting now and, past the free ones, moves time
    /// on by the busy cost (never past the run's limit). Called with the lock held.
    private func chargeSliceInBusyInstant() {
        let now = clock.now()
        guard now == busyInstant else {
            busyInstant = now
            busyInstantSlices = 1
            return
        }
        busyInstantSlices += 1
        guard busyInstantSlices > Self.freeSlicesPerInstant, now < virtualTimeLimit else { return }
        let (next, overflow) = now.addingReportingOverflow(Self.busySliceCost)
        if !overflow, waitForPace(until: next) { return }
        clock.advance(to: overflow ? virtualTimeLimit : min(next, virtualTimeLimit))
        busyInstant = clock.now()
        // Sleepers whose time came, and threads in `compute`, look again.
        if computing > 0 || idleWorkers > 0 { lock.broadcast() }
    }

    // MARK: Jobs

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let runtimeID = runtimeTaskID(of: unowned)
        let local = ThreadState.current
        // A job `Trace.spawn` is creating right now: its trace id and spawn event at once,
        // so the caller's `TracedTask` knows its id.
        let spawned: TaskID = runtimeID != 0 && local.pendingSpawn != nil ? registerSpawn(by: local) : 0
        let entry = OutboxJob(job: unowned, runtimeID: runtimeID, spawned: spawned, parent: local.currentTask,
                              readySince: local.firingDeadline)
        if local.collectsReadyJobs, local.executor === self {
            local.outbox.append(entry)
            return
        }
        // Ready-wait is only measured when it is recorded: an untraced run reads no clock.
        let now = bus.isRecording ? clock.now() : 0
        lock.lock()
        ready.append(readyJob(entry, readyAt: now))
        wakeWorkers(for: 1)
        lock.unlock()
    }

    /// Turns an enqueued job into a ready one: finds its task, or registers it if new.
    /// Called with the lock held.
    private func readyJob(_ entry: OutboxJob, readyAt: Int64) -> ReadyJob {
        guard entry.runtimeID != 0 else {
            return ReadyJob(job: entry.job, runtimeID: 0, task: nil, taskID: 0, enqueuedAt: readyAt, isFirstSlice: false)
        }
        if entry.spawned == 0, let known = liveTasks[entry.runtimeID] {
            let id = known._withUnsafeGuaranteedRef { $0.id }
            return ReadyJob(job: entry.job, runtimeID: entry.runtimeID, task: known, taskID: id, enqueuedAt: readyAt, isFirstSlice: false)
        }
        // New: spawned by `Trace.spawn` (already recorded), or a plain `Task {}` seen now.
        let id = entry.spawned != 0 ? entry.spawned : registerPlainTask(parent: entry.parent)
        let task = Unmanaged.passRetained(LiveTask(id: id))
        liveTasks.updateValue(task, forKey: entry.runtimeID)?.release()
        anyTaskQueued = true
        return ReadyJob(job: entry.job, runtimeID: entry.runtimeID, task: task, taskID: id, enqueuedAt: readyAt, isFirstSlice: true)
    }

    /// Gives the task `Trace.spawn` is creating on this thread its trace id and records its
    /// spawn, with the name and parent it left on the thread.
    private func registerSpawn(by creator: ThreadState) -> TaskID {
        let id = nextTaskID.wrappingAdd(1, ordering: .relaxed).oldValue
        let spawn = creator.pendingSpawn ?? (name: "task-\(id)", parent: creator.currentTask)
        creator.pendingSpawn = nil
        creator.lastSpawned = id
        bus.record(task: id, .spawn(name: spawn.name, parent: spawn.parent))
        return id
    }

    /// A task created without `Trace.spawn`: traced all the same, under a made-up name.
    private func registerPlainTask(parent: TaskID) -> TaskID {
        let id = nextTaskID.wrappingAdd(1, ordering: .relaxed).oldValue
        bus.record(task: id, .spawn(name: "task-\(id)", parent: parent))
        return id
    }

    /// Moves the jobs this worker's slice (or timers) made ready into the queue, ready
    /// since `readyAt`, and wakes idle workers for them, but for the one this worker takes
    /// next itself when `takesOne`. Called with the lock held.
    private func flushOutbox(of local: ThreadState, readyAt: Int64, takesOne: Bool) {
        guard !local.outbox.isEmpty else { return }
        for entry in local.outbox { ready.append(readyJob(entry, readyAt: min(entry.readySince ?? readyAt, readyAt))) }
        let forOthers = local.outbox.count - (takesOne ? 1 : 0)
        if forOthers > 0 { wakeWorkers(for: forOthers) }
        // The usual outbox holds one job: `removeLast` empties it without the generic
        // `replaceSubrange` that `removeAll(keepingCapacity:)` runs.
        if local.outbox.count == 1 { local.outbox.removeLast() } else { local.outbox.removeAll(keepingCapacity: true) }
    }

    /// Wakes idle workers for `jobs` new ready jobs. Threads blocked in `compute` share the
    /// condition, so with any of them waiting a signal could wake the wrong one.
    private func wakeWorkers(for jobs: Int) {
        if computing > 0 || jobs > 1 && idleWorkers > 1 {
            lock.broadcast()
        } else if idleWorkers > 0 {
            lock.signal()
        }
    }

    private func spawnMissingWorkers() {
        for index in 0..<desiredThreads where !aliveWorkers.contains(index) {
            aliveWorkers.insert(index)
            let thread = Thread { [self] in workerLoop(index: index) }
            thread.name = "interleave-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func workerLoop(index: Int) {
        // Timers wake a waiting worker: let the kernel wake it within 1 µs of the deadline
        // rather than the default 50 µs (a 100 µs sleep would otherwise last ~150 µs).
        _ = interleave_set_timer_slack(1_000)
        let local = ThreadState.current
        local.executor = self
        // When this worker last read the clock, if it has held the lock since: the next
        // slice it takes in that same hold starts then (see `run`).
        var handOverAt: Int64?
        lock.lock()
        while true {
            if stopped && !windingDown {
                // Between the stop and the bus closing: nothing starts.
                lock.wait()
                continue
            }
            if index >= desiredThreads || windingDown && nothingLeft {
                aliveWorkers.remove(index)
                if windingDown && aliveWorkers.isEmpty {
                    // Nothing can fire them now; each may hold a task.
                    timers = Heap()
                    timerActions = [:]
                    taskTimers = [:]
                    cancelledTimerKeys = 0
                }
                let last = windingDown && aliveWorkers.isEmpty
                lock.broadcast()
                lock.unlock()
                // A session's tasks, chunks and buffers are freed by now (most of them
                // while it wound down): give that memory back, or a restart leaves the
                // process as large as two sessions were at the handover.
                if last { interleave_release_free_memory() }
                return
            }
            if isHeld {
                handOverAt = nil
                idleWorkers += 1
                lock.wait()
                idleWorkers -= 1
                continue
            }
            let due = takeDueTimerActions()
            if !due.isEmpty {
                firing += 1
                lock.unlock()
                local.collectsReadyJobs = true
                for timer in due {
                    local.firingDeadline = timer.deadline
                    timer.action()
                }
                local.firingDeadline = nil
                local.collectsReadyJobs = false
                let now = bus.isRecording ? clock.now() : 0
                lock.lock()
                firing -= 1
                flushOutbox(of: local, readyAt: now, takesOne: true)
                handOverAt = bus.isRecording ? now : nil
                continue
            }
            if let next = ready.popFirst() {
                running += 1
                // A stepped slice in real time runs on a running clock, so that it takes the
                // time it takes (the step's line says how long); the clock stops again after.
                let steppedInRealTime = frozen && next.task != nil && clock.mode != .virtual
                if next.task != nil {
                    if frozen { stepsLeft -= 1 }
                    if clock.mode == .virtual { chargeSliceInBusyInstant() }
                }
                if steppedInRealTime {
                    steppedSlicesRunning += 1
                    clock.setFrozen(false)
                }
                // Under the lock, while `liveTasks` keeps the task: its reason so far, and
                // which slice this is. Retained until the slice's bookkeeping (`endSlice`).
                _ = next.task?.retain()
                let (reason, slice): (SuspendReason?, UInt64) = next.task?._withUnsafeGuaranteedRef { task in
                    task.slicesStarted &+= 1
                    return (task.reason, task.slicesStarted)
                } ?? (nil, 0)
                lock.unlock()
                let sliceEnd = run(next, on: index, local: local, handOverAt: handOverAt, reason: reason)
                lock.lock()
                if steppedInRealTime {
                    steppedSlicesRunning -= 1
                    if frozen, steppedSlicesRunning == 0 { clock.setFrozen(true) }
                }
                running -= 1
                if stopped { lock.broadcast() }
                endSlice(next, slice: slice, local: local)
                // After the bookkeeping: a task that readied itself (a yield) takes the
                // reason it just gave with it.
                flushOutbox(of: local, readyAt: sliceEnd, takesOne: true)
                handOverAt = bus.isRecording ? sliceEnd : nil
                continue
            }
            handOverAt = nil
            if advanceVirtualTimeIfIdle() || advanceFrozenClockForStep() { continue }
            waitForWork()
        }
    }

    /// A slice's bookkeeping, with the lock held: a finished task leaves `liveTasks`, a
    /// suspended one keeps the reason it gave. Skipped if the task has been resumed since:
    /// another worker may have run it (even to its end) before this one took the lock
    /// again, and that later slice's bookkeeping is the one that counts. The slice kept
    /// the task retained, so it is still there to ask.
    private func endSlice(_ entry: ReadyJob, slice: UInt64, local: ThreadState) {
        defer {
            local.finishedOutcome = nil
            local.pendingReason = nil
        }
        guard let task = entry.task else { return }
        defer { task.release() }
        guard task._withUnsafeGuaranteedRef({ $0.slicesStarted }) == slice else { return }
        if local.finishedOutcome != nil {
            liveTasks.removeValue(forKey: entry.runtimeID)?.release()
            if !taskTimers.isEmpty, let tokens = taskTimers.removeValue(forKey: entry.taskID) {
                for token in tokens { forgetTimer(token) }
            }
        } else {
            let reason = local.pendingReason
            task._withUnsafeGuaranteedRef { $0.reason = reason }
        }
    }

    /// Runs one slice and records how it began and why it ended. Returns when it ended
    /// (0 when nothing is recorded).
    ///
    /// `handOverAt` is when the worker ended its previous slice (or fired timers), if it
    /// has held the lock ever since: the slice starts then, not at a fresh clock read. The
    /// hand-over is the executor's own bookkeeping (a lock hold) and a clock read is a
    /// large part of a busy slice, so a worker that goes from slice to slice reads the
    /// clock once per slice, not twice. In virtual time it is exact: time
    /// cannot move while this worker is running.
    private func run(_ entry: ReadyJob, on thread: Int, local: ThreadState, handOverAt: Int64?,
                     reason: SuspendReason?) -> Int64 {
        local.collectsReadyJobs = true
        defer { local.collectsReadyJobs = false }
        guard entry.task != nil else {
            // Not a task's job (for example a default actor's hop): run it, nothing to trace.
            entry.job.runSynchronously(on: asUnownedTaskExecutor())
            return bus.isRecording ? clock.now() : 0
        }
        let id = entry.taskID
        let recording = bus.isRecording
        if recording {
            // Never before the job was readied (another thread may have queued it since).
            let now = max(handOverAt ?? clock.now(), entry.enqueuedAt)
            let wait = max(0, now - entry.enqueuedAt)
            bus.record(task: id, entry.isFirstSlice
                ? .start(thread: thread, readyWait: wait)
                : .resume(thread: thread, readyWait: wait), at: now, from: local)
            if let runQueueInterval { local.runQueue.sliceBegins(at: now, interval: runQueueInterval) }
        }
        local.currentTask = id
        // Left by this task's previous slice, read under the lock that handed us the job.
        local.pendingReason = reason
        entry.job.runSynchronously(on: asUnownedTaskExecutor())
        local.currentTask = 0
        guard recording else { return 0 }
        let end = clock.now()
        // A finishing slice's outcome was recorded by the task wrapper, before the task
        // completed; any other slice ended because the task suspended.
        if local.finishedOutcome == nil {
            if let wait = preemption(at: end, local: local) { bus.record(task: id, wait, at: end, from: local) }
            bus.record(task: id, .suspend(local.pendingReason ?? .other), at: end, from: local)
        }
        return end
    }

    /// Real time: how long of the running slice, up to `now`, its thread waited for a CPU, as
    /// the `preempted` event that goes just before the slice's end; nil when it did not, or
    /// the slice was too short to measure. On the slice's own thread.
    func preemption(at now: @autoclosure () -> Int64, local: ThreadState) -> TaskEvent.Kind? {
        guard let runQueueInterval, case let .real(speed) = clock.mode else { return nil }
        let waited = local.runQueue.waitedInSlice(at: now(), interval: runQueueInterval)
        return waited > 0 ? .preempted(wait: Int64(saturating: Double(waited) * speed)) : nil
    }

    /// Winding down: nothing queued, running, firing or timed is left. Called with the lock held.
    private var nothingLeft: Bool {
        ready.isEmpty && running == 0 && firing == 0 && timerActions.isEmpty
    }

    private func waitForWork() {
        idleWorkers += 1
        defer { idleWorkers -= 1 }
        switch clock.mode {
        case .virtual:
            lock.wait()
        case .real:
            if let next = timers.min, !frozen {
                lock.wait(untilMonotonic: clock.monotonicDeadline(for: next.deadline))
            } else {
                lock.wait()
            }
        }
    }

    // MARK: Timers

    /// Runs `action` once scenario time reaches `deadline`. Returns a token for `cancelTimer`.
    /// With `task`, the timer is that task's alone and goes when the task ends.
    @discardableResult
    func schedule(at deadline: Int64, for task: TaskID = 0, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        lock.lock()
        let sequence = nextTimerSequence
        nextTimerSequence += 1
        let wasEarliest = timers.min.map { deadline < $0.deadline } ?? true
        timers.insert(TimerKey(deadline: deadline, sequence: sequence))
        timerActions[sequence] = TimerAction(run: action, task: task)
        if task != 0 { taskTimers[task, default: []].append(sequence) }
        // Idle workers wait until the earliest deadline they know of: only a new earliest
        // one needs one of them to wake and wait again (waking all of them at every sleep
        // cost more than the sleeps). Workers in `compute` re-check virtual time themselves.
        if computing > 0 {
            lock.broadcast()
        } else if wasEarliest, idleWorkers > 0 {
            lock.signal()
        }
        lock.unlock()
        return sequence
    }

    /// Forgets a timer that has not fired. Returns false if it already fired.
    @discardableResult
    func cancelTimer(_ token: UInt64) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return forgetTimer(token)
    }

    /// Timers scheduled and not yet fired or cancelled, and keys the heap holds (for tests).
    var timerCounts: (pending: Int, keys: Int) {
        lock.lock(); defer { lock.unlock() }
        return (timerActions.count, timers.count)
    }

    /// Drops a timer's action; its heap key goes when it reaches the top or the heap is
    /// rebuilt. Called with the lock held.
    @discardableResult
    private func forgetTimer(_ token: UInt64) -> Bool {
        guard let timer = timerActions.removeValue(forKey: token) else { return false }
        if timer.task != 0 { dropTaskTimer(token, of: timer.task) }
        cancelledTimerKeys += 1
        if cancelledTimerKeys > 64, cancelledTimerKeys > timers.count / 2 {
            timers = Heap(timers.unordered.filter { timerActions[$0.sequence] != nil })
            cancelledTimerKeys = 0
        }
        return true
    }

    private func dropTaskTimer(_ token: UInt64, of task: TaskID) {
        guard var tokens = taskTimers.removeValue(forKey: task) else { return }
        tokens.removeAll { $0 == token }
        if !tokens.isEmpty { taskTimers[task] = tokens }
    }

    /// Pops the keys of cancelled timers off the top of the heap, counting them out of
    /// `cancelledTimerKeys`. Called with the lock held.
    private func dropCancelledTimersAtTop() {
        while let first = timers.min, timerActions[first.sequence] == nil {
            timers.removeMin()
            cancelledTimerKeys -= 1
        }
    }

    /// Pops every timer whose deadline has passed, in (deadline, sequence) order.
    private func takeDueTimerActions() -> [(deadline: Int64, action: @Sendable () -> Void)] {
        guard !timers.isEmpty else { return [] }
        // Winding down, every timer is due: the session is over, and whoever waits on one
        // must get on to its end.
        let now = windingDown ? Int64.max : min(clock.now(), virtualTimeLimit)
        var due: [(deadline: Int64, action: @Sendable () -> Void)] = []
        while let first = timers.min, first.deadline <= now {
            timers.removeMin()
            if let timer = timerActions.removeValue(forKey: first.sequence) {
                if timer.task != 0 { dropTaskTimer(first.sequence, of: timer.task) }
                due.append((first.deadline, timer.run))
            } else {
                cancelledTimerKeys -= 1
            }
        }
        return due
    }

    /// Virtual time: when no thread can make progress without time passing, jump to the
    /// earliest timer or compute deadline. Returns true if time moved.
    private func advanceVirtualTimeIfIdle() -> Bool {
        // Time stands still until the first task exists: timers armed before the run
        // starts (a duration, a scripted knob change) must not fire before it.
        guard clock.mode == .virtual, !windingDown, anyTaskQueued, firing == 0, running == computing, !isHeld else { return false }
        let freeWorkers = aliveWorkerCapacity - running
        let now = clock.now()
        if freeWorkers > 0 {
            if !ready.isEmpty { return false }
            // A timer a free worker would fire now: due, and not beyond the limit (CPU work
            // may carry time past the limit, where timers never fire; counting those as due
            // left every worker waiting for another).
            if let first = timers.min, first.deadline <= min(now, virtualTimeLimit) { return false }
        }
        // Skip cancelled timers at the top so they do not hold time back.
        dropCancelledTimersAtTop()
        var next = Int64.max
        // Timers past the limit never fire (sleepers stay asleep, as in real time when the
        // run stops); CPU work under way may still finish past it.
        if let first = timers.min, first.deadline > now, first.deadline <= virtualTimeLimit { next = first.deadline }
        // A computing thread whose time is up has not left its wait yet: time must not move
        // past its deadline before it does, or its slice would end late.
        if computeDeadlines.contains(where: { $0 <= now }) { return false }
        for deadline in computeDeadlines where deadline > now { next = min(next, deadline) }
        guard next != .max else { return false }
        if let pacer, pacer.mustHoldTime() {
            // Waits without the lock; meanwhile work may arrive, so the caller looks again.
            lock.unlock()
            pacer.holdTime()
            lock.lock()
            return true
        }
        if waitForPace(until: next) { return true }
        if frozen { paceClock?.advanceFrozen(to: next) }
        clock.advance(to: next)
        lock.broadcast()
        return true
    }

    /// Paced virtual time not yet allowed to reach `next`: waits (as an idle worker, so new
    /// work wakes it) until it is, or until something else happens, and returns true: the
    /// caller looks again. A step while frozen is never held. Called with the lock held.
    private func waitForPace(until next: Int64) -> Bool {
        guard let paceClock, !frozen, next > paceClock.now() else { return false }
        idleWorkers += 1
        lock.wait(untilMonotonic: paceClock.monotonicDeadline(for: next))
        idleWorkers -= 1
        return true
    }

    private var aliveWorkerCapacity: Int { min(desiredThreads, aliveWorkers.count) }

    // MARK: Compute

    /// Keeps the calling worker thread busy for `ticks` of scenario time, as CPU work
    /// would: nothing else runs on this thread meanwhile, so other tasks wait ready.
    func compute(ticks: Int64) {
        guard ticks > 0, !isWindingDown else { return }
        // Jobs this slice made ready must not wait behind its CPU work: another worker may
        // run them meanwhile (and virtual time must see them to know who is idle).
        let local = ThreadState.current
        if !local.outbox.isEmpty, local.executor === self {
            let now = bus.isRecording ? clock.now() : 0
            lock.lock()
            flushOutbox(of: local, readyAt: now, takesOne: false)
            lock.unlock()
        }
        switch clock.mode {
        case .real:
            var remaining = clock.realDuration(of: ticks)
            while remaining > 0 {
                let step = min(remaining, 999_999_999)
                var ts = timespec(tv_sec: 0, tv_nsec: Int(step))
                nanosleep(&ts, nil)
                remaining -= step
            }
        case .virtual:
            lock.lock()
            let deadline = clock.now() + ticks
            computing += 1
            computeDeadlines.append(deadline)
            lock.broadcast()
            // Either this thread moves time itself (everyone else is idle or computing
            // too), or it waits for whoever can.
            while clock.now() < deadline && !stopped {
                if !advanceVirtualTimeIfIdle() { lock.wait() }
            }
            computing -= 1
            if let i = computeDeadlines.firstIndex(of: deadline) { computeDeadlines.remove(at: i) }
            lock.unlock()
        }
    }
}

/// Holds virtual time back, for instance while the readers of a session's events lag
/// behind (a virtual-time run can record events far faster than they are consumed).
public protocol VirtualTimePacer: Sendable {
    /// Whether time must wait before moving on now. Called with the executor's lock held:
    /// quick, and never blocking.
    func mustHoldTime() -> Bool
    /// Blocks until time may move on (or the pacer gives up waiting). Called without the
    /// executor's lock, after `mustHoldTime` said so.
    func holdTime()
}
