import Foundation
import Synchronization

/// One traced run: a clock, an event bus and a tracing executor that share them. Start a
/// root task with `start`, subscribe to `bus` for the events, `finish` when done.
public final class TraceSession: Sendable {
    public let clock: SessionClock
    public let bus: EventBus
    public let executor: TracingExecutor

    /// - Parameter recording: false runs untraced: same executor, clock and scheduling,
    ///   but no event is recorded (for measuring what tracing costs).
    public init(threads: Int, time: TimeMode, busCapacity: Int = 4_000_000, recording: Bool = true) {
        clock = SessionClock(mode: time)
        bus = EventBus(clock: clock, capacity: busCapacity, recording: recording)
        executor = TracingExecutor(threads: threads, clock: clock, bus: bus)
    }

    private let started = Atomic<Bool>(false)

    /// Starts the root task, named `name`, on this session's executor.
    public func start<Success: Sendable>(
        _ name: String = "main",
        _ body: @escaping @Sendable () async throws -> Success
    ) -> TracedTask<Success> {
        // The session's first event, recorded at start rather than at creation so that every
        // consumer subscribed before the start sees it.
        if !started.exchange(true, ordering: .relaxed) {
            bus.record(task: 0, .threads(count: executor.threadCount))
        }
        return Trace.spawn(name, on: executor, body)
    }

    /// Runs `action` (off any task) when scenario time reaches `ticks`: how a run is given
    /// a duration without a traced task of its own.
    public func at(_ ticks: Int64, _ action: @escaping @Sendable () -> Void) {
        executor.schedule(at: ticks, action)
    }

    /// Records a session-level event (knob changes and the like) at the current time.
    public func record(_ kind: TaskEvent.Kind) {
        bus.record(task: 0, kind)
    }

    /// Stops the workers and closes the bus: subscribers receive the last batch, then end.
    /// What the run left behind winds down unrecorded, and then the session is freed (see
    /// `TracingExecutor.shutdown`).
    public func finish() {
        executor.shutdown()
    }
}
