import CLinuxShims
import Foundation

/// Per-thread scratch space that links a running slice to the tracer without touching the
/// task's own code: the executor says which task is running, primitives leave the reason
/// for the coming suspension, and the task wrapper leaves the outcome when it finishes.
///
/// Only its own thread touches it, so its properties skip the runtime's dynamic
/// exclusivity checks (`@exclusivity(unchecked)`): they sit on every slice's path.
final class ThreadState {
    /// The executor whose worker this thread is, if any.
    @exclusivity(unchecked) var executor: TracingExecutor?
    /// The traced task whose slice is running on this thread (0 when none).
    @exclusivity(unchecked) var currentTask: TaskID = 0
    /// Set by a primitive just before it may suspend; consumed when the slice ends.
    @exclusivity(unchecked) var pendingReason: SuspendReason?
    /// Set by the task wrapper just before the task's body returns or throws.
    @exclusivity(unchecked) var finishedOutcome: TaskEvent.Kind?
    /// Set by `Trace.spawn` around task creation: the name and parent for the new task.
    @exclusivity(unchecked) var pendingSpawn: (name: String, parent: TaskID)?
    /// Written by the executor when it registers the task being created on this thread.
    @exclusivity(unchecked) var lastSpawned: TaskID = 0
    /// Jobs the running slice (or timer actions) made ready, for this worker's executor to
    /// queue when the slice ends.
    @exclusivity(unchecked) var outbox: [TracingExecutor.OutboxJob] = []
    /// True while a worker runs a slice or fires timers: what it readies goes to `outbox`.
    @exclusivity(unchecked) var collectsReadyJobs = false
    /// While a worker fires a timer: its deadline, when what the timer readies became
    /// ready (the worker may get to it later, busy with CPU work).
    @exclusivity(unchecked) var firingDeadline: Int64?
    /// This thread's event stages, one per bus it has recorded into (see `EventStage`).
    @exclusivity(unchecked) var stages: [(bus: UInt64, stage: EventStage)] = []
    @exclusivity(unchecked) var lastStageBus: UInt64 = 0
    /// The stage last used, unretained: `stages` keeps it (see `stage(forBus:)`).
    @exclusivity(unchecked) var lastStage: Unmanaged<EventStage>?
    /// A worker's run-queue wait, for the slices it runs in real time.
    @exclusivity(unchecked) var runQueue = RunQueueWait()

    deinit { runQueue.closeFile() }

    /// Releases each thread's state when the thread ends (the fast slot cannot).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            // Runs on the ending thread: nothing later on it may find the freed state.
            interleave_set_thread_state(nil)
            Unmanaged<ThreadState>.fromOpaque(raw).release()
        }
        return key
    }()

    /// This thread's state, created on first use.
    static var current: ThreadState { currentUnretained.takeUnretainedValue() }

    /// This thread's state without a retain: the thread's key holds it for the thread's
    /// life, so code on this thread may use it unretained (the event-recording path does,
    /// where reference counting was most of the cost of an event).
    @inline(__always)
    static var currentUnretained: Unmanaged<ThreadState> {
        if let raw = interleave_thread_state() { return Unmanaged<ThreadState>.fromOpaque(raw) }
        return makeCurrent()
    }

    private static func makeCurrent() -> Unmanaged<ThreadState> {
        let state = Unmanaged.passRetained(ThreadState())
        pthread_setspecific(key, state.toOpaque())
        interleave_set_thread_state(state.toOpaque())
        return state
    }
}
