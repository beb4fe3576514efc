import CLinuxShims
import Foundation

/// Per-thread scratch space that links a running slice to the tracer without touching the
/// task's own code. This is the whole handshake between the executor, the primitives and
/// the task wrapper; nothing else passes information between them.
///
/// A slice, in order (all on one worker thread, so no field needs a lock):
/// 1. `TracingExecutor.run` sets `currentTask` and restores `pendingReason` (the reason the
///    task gave when it last suspended: one `await` may suspend more than once), sets
///    `collectsReadyJobs`, and runs the job.
/// 2. Inside the slice: `Trace.spawn` / `Trace.addTask` set `pendingSpawn` and clear
///    `lastSpawned`; the runtime then calls `TracingExecutor.enqueue` on this same thread,
///    which takes `pendingSpawn`, records the spawn and writes the new id to
///    `lastSpawned`, which `Trace.spawn` hands back in its `TracedTask`. Jobs the slice
///    makes ready go to `outbox` (not the shared queue) while `collectsReadyJobs` is set.
///    A primitive about to suspend writes `pendingReason` (`Trace.suspending`), and
///    clears it if it did not suspend.
/// 3. A finishing task's wrapper (`Trace.reportingOutcome`) records its outcome and writes
///    `finishedOutcome`, so the executor knows the slice ended the task.
/// 4. Back in `run`: a slice without `finishedOutcome` ended in a suspension, recorded
///    with `pendingReason`; `endSlice` keeps that reason with the task (or forgets a
///    finished task) and clears both; `flushOutbox` moves `outbox` to the ready queue.
///
/// Timer actions run the same way outside slices: `collectsReadyJobs` is set and
/// `firingDeadline` says when what they ready became ready.
///
/// Only its own thread touches it, so its properties skip the runtime's dynamic
/// exclusivity checks (`@exclusivity(unchecked)`): they sit on every slice's path.
final class ThreadState {
    /// The executor whose worker this thread is, if any. Written once by the worker's
    /// loop; read by the primitives (`Trace.currentExecutor`) and by `enqueue`.
    @exclusivity(unchecked) var executor: TracingExecutor?
    /// The traced task whose slice is running on this thread (0 when none). Written by
    /// `run`; read by `Trace.currentTask`, `Trace.spawn` (a new task's parent) and `enqueue`.
    @exclusivity(unchecked) var currentTask: TaskID = 0
    /// Why the running task is about to suspend. Written by `Trace.suspending` (and by
    /// `run`, restoring it); read when the slice ends (`run`, `endSlice`).
    @exclusivity(unchecked) var pendingReason: SuspendReason?
    /// The running task's outcome, when its slice ends it. Written by
    /// `Trace.reportingOutcome`; read and cleared by `run` / `endSlice`.
    @exclusivity(unchecked) var finishedOutcome: TaskEvent.Kind?
    /// The name and parent for the task being created. Written by `Trace.spawn` /
    /// `Trace.addTask` around the creation; taken by `enqueue` (`registerSpawn`).
    @exclusivity(unchecked) var pendingSpawn: (name: String, parent: TaskID)?
    /// The trace id `registerSpawn` gave the task just created; read by `Trace.spawn`.
    @exclusivity(unchecked) var lastSpawned: TaskID = 0
    /// Jobs the running slice (or timer actions) made ready. Appended by `enqueue`;
    /// emptied into the ready queue by `flushOutbox`, under the executor's lock.
    @exclusivity(unchecked) var outbox: [TracingExecutor.OutboxJob] = []
    /// True while a worker runs a slice or fires timers: `enqueue` then appends to `outbox`.
    @exclusivity(unchecked) var collectsReadyJobs = false
    /// While a worker fires a timer: its deadline, when what the timer readies became
    /// ready (the worker may get to it later, busy with CPU work). Read by `enqueue`.
    @exclusivity(unchecked) var firingDeadline: Int64?
    /// This thread's event stages, one per bus it has recorded into (see `EventStage`).
    @exclusivity(unchecked) var stages: [(bus: UInt64, stage: EventStage)] = []
    @exclusivity(unchecked) var lastStageBus: UInt64 = 0
    /// The stage last used, unretained: `stages` keeps it (see `stage(forBus:)`).
    @exclusivity(unchecked) var lastStage: Unmanaged<EventStage>?
    /// A worker's run-queue wait, for the slices it runs in real time. Sampled by `run` as
    /// a slice begins; read as it ends (`run`, or `Trace.finish` for a finishing slice).
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
