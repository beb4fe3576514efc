import Foundation

/// The traced primitives a workload awaits on. Each one says *why* a task is about to
/// suspend; the executor itself sees *whether* it did. Called off a tracing executor they
/// still work, untraced (sleeps fall back to `Task.sleep` in real seconds).
public enum Trace {
    /// The traced task running on this thread, or 0.
    public static var currentTask: TaskID { ThreadState.current.currentTask }

    /// The executor whose worker runs this code, if any.
    public static var currentExecutor: TracingExecutor? { ThreadState.current.executor }

    /// Scenario time now, in ticks (0 off a tracing executor).
    public static var now: Int64 { currentExecutor?.clock.now() ?? 0 }

    /// Creates a traced child task named `name`, run on `executor` (by default the one
    /// running the caller). The executor records its spawn with the caller as parent.
    @discardableResult
    public static func spawn<Success: Sendable>(
        _ name: String,
        on executor: TracingExecutor? = nil,
        _ body: @escaping @Sendable () async throws -> Success
    ) -> TracedTask<Success> {
        let local = ThreadState.current
        let target = executor ?? local.executor
        local.pendingSpawn = (name: name, parent: local.currentTask)
        local.lastSpawned = 0
        let task = Task(name: name, executorPreference: target) {
            try await Trace.reportingOutcome(body)
        }
        local.pendingSpawn = nil
        return TracedTask(id: local.lastSpawned, name: name, task: task)
    }

    /// Adds a traced child to a task group.
    public static func addTask<Success: Sendable>(
        to group: inout ThrowingTaskGroup<Success, any Error>,
        name: String,
        _ body: @escaping @Sendable () async throws -> Success
    ) {
        let local = ThreadState.current
        local.pendingSpawn = (name: name, parent: local.currentTask)
        group.addTask(name: name, executorPreference: local.executor) {
            try await Trace.reportingOutcome(body)
        }
        local.pendingSpawn = nil
    }

    /// Runs a task's body and records its outcome as the body's last act: before the task
    /// completes, so whoever awaits the task can never see it finished before its outcome is
    /// in the stream. The marker left on the thread tells the executor that this slice
    /// ended the task (a finishing slice and a suspending one look alike otherwise).
    static func reportingOutcome<Success>(_ body: () async throws -> Success) async throws -> Success {
        do {
            let value = try await body()
            finish(.complete(result: describeResult(value)))
            return value
        } catch is CancellationError {
            finish(.cancel)
            throw CancellationError()
        } catch {
            finish(.fail(error: String(describing: error)))
            throw error
        }
    }

    private static func finish(_ outcome: TaskEvent.Kind) {
        let local = ThreadState.current
        local.finishedOutcome = outcome
        guard let executor = local.executor, local.currentTask != 0 else { return }
        if executor.bus.isRecording, let wait = executor.preemption(at: executor.clock.now(), local: local) {
            executor.bus.record(task: local.currentTask, wait)
        }
        executor.bus.record(task: local.currentTask, outcome)
    }

    static func describeResult<T>(_ value: T) -> String {
        if T.self == Void.self { return "" }
        let text = String(describing: value)
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }

    /// Marks the next suspension of this task as happening for `reason`, runs `body`, and
    /// clears the mark if `body` did not suspend (an await that did not wait leaves no trace).
    public static func suspending<T>(
        _ reason: SuspendReason,
        _ body: () async throws -> T
    ) async rethrows -> T {
        ThreadState.current.pendingReason = reason
        defer { ThreadState.current.pendingReason = nil }
        return try await body()
    }

    /// Sleeps `units` of scenario time on the executor's timers; throws `CancellationError`
    /// at once if the task is cancelled while asleep.
    public static func sleep(units: Double) async throws {
        try await sleep(ticks: Ticks.from(units: units))
    }

    public static func sleep(ticks: Int64) async throws {
        guard let executor = currentExecutor else {
            try await Task.sleep(nanoseconds: UInt64(max(0, ticks)))
            return
        }
        try Task.checkCancellation()
        // The session is over: a loop of sleeps must end, not spin through due timers.
        if executor.isWindingDown { throw CancellationError() }
        let deadline = executor.clock.now().saturatingAdd(max(0, ticks))
        let waiter = Waiter()
        try await withTaskCancellationHandler {
            try await suspending(.sleep) {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let token = executor.schedule(at: deadline) { waiter.resume() }
                    waiter.arm(continuation) { executor.cancelTimer(token) }
                }
            }
        } onCancel: {
            waiter.cancel()
        }
    }

    /// Gives other ready tasks a turn.
    public static func yield() async {
        await suspending(.yield) { await Task.yield() }
    }

    /// Keeps this thread busy for `units` of scenario time, as CPU-bound work would (like
    /// `time.sleep` inside an asyncio coroutine: nothing else runs on the thread).
    public static func compute(units: Double) {
        let ticks = Ticks.from(units: units)
        if let executor = currentExecutor {
            executor.compute(ticks: ticks)
        } else {
            usleep(UInt32(max(0, min(Double(UInt32.max), Double(ticks) / 1000))))
        }
    }
}

/// A one-shot continuation that either a wake-up or a cancellation resumes, whichever
/// comes first; the loser does nothing. Either may arrive before it is armed: the timer is
/// scheduled before the continuation is handed over, and on another worker it can fire at
/// once.
final class Waiter: Sendable {
    private enum State {
        case idle
        case armed(CheckedContinuation<Void, any Error>, onCancel: @Sendable () -> Void)
        case cancelledEarly
        case resumedEarly
        case done
    }
    private let state = PosixMutex<State>(.idle)

    func arm(_ continuation: CheckedContinuation<Void, any Error>, onCancel: @escaping @Sendable () -> Void) {
        let early = state.withLock { s -> State? in
            switch s {
            case .cancelledEarly, .resumedEarly:
                let early = s
                s = .done
                return early
            default:
                s = .armed(continuation, onCancel: onCancel)
                return nil
            }
        }
        switch early {
        case .cancelledEarly?:
            onCancel()
            continuation.resume(throwing: CancellationError())
        case .resumedEarly?:
            continuation.resume()
        default:
            break
        }
    }

    func resume() {
        let continuation = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            switch s {
            case .idle: s = .resumedEarly; return nil
            case let .armed(c, _): s = .done; return c
            case .cancelledEarly, .resumedEarly, .done: return nil
            }
        }
        continuation?.resume()
    }

    func cancel() {
        let taken = state.withLock { s -> (CheckedContinuation<Void, any Error>, @Sendable () -> Void)? in
            switch s {
            case .idle: s = .cancelledEarly; return nil
            case let .armed(c, onCancel): s = .done; return (c, onCancel)
            case .cancelledEarly, .resumedEarly, .done: return nil
            }
        }
        guard let (continuation, onCancel) = taken else { return }
        onCancel()
        continuation.resume(throwing: CancellationError())
    }
}

/// A handle on a traced task: its trace id, and awaiting it records why the awaiter waits.
public struct TracedTask<Success: Sendable>: Sendable {
    public let id: TaskID
    public let name: String
    public let task: Task<Success, any Error>

    /// The task's value; the awaiting task's suspension is marked "awaiting <this task>".
    /// As in asyncio, cancelling the awaiting task cancels the awaited one too.
    public var value: Success {
        get async throws {
            let task = self.task
            return try await withTaskCancellationHandler {
                try await Trace.suspending(.awaitingTask(id)) { try await task.value }
            } onCancel: {
                task.cancel()
            }
        }
    }

    /// The task's outcome, like asyncio's `gather(..., return_exceptions=True)`.
    /// Cancelling the awaiting task cancels the awaited one too.
    public var result: Result<Success, any Error> {
        get async {
            let task = self.task
            return await withTaskCancellationHandler {
                await Trace.suspending(.awaitingTask(id)) { await task.result }
            } onCancel: {
                task.cancel()
            }
        }
    }

    /// Cancels the task, recording that it was asked to (`cancelRequested`) when called on
    /// a tracing executor.
    public func cancel() {
        if id != 0, let executor = Trace.currentExecutor { executor.bus.record(task: id, .cancelRequested) }
        task.cancel()
    }
    public var isCancelled: Bool { task.isCancelled }
}

extension TracedTask {
    /// Cancels the task once `units` of scenario time have passed (a timeout), using the
    /// executor's timers so the timeout is not a task of its own. The timer goes when the
    /// task ends: it holds the task.
    public func cancel(afterUnits units: Double) {
        guard let executor = Trace.currentExecutor else { return }
        let (task, id) = (self.task, self.id)
        executor.schedule(at: executor.clock.now().saturatingAdd(Ticks.from(units: units)), for: id) {
            if id != 0 { executor.bus.record(task: id, .cancelRequested) }
            task.cancel()
        }
    }
}
