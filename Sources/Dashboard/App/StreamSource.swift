import TraceModel

/// Events that arrive on a stream from outside the dashboard: a program traced by
/// `interleave exec`. Nothing here can be turned or paused; Ctrl-C goes to whoever produces
/// the stream first (`interrupt`), and the finished session stays on screen until `q`.
@MainActor
final class StreamSource: EventSource {
    let info: ScenarioInfo
    private let events: AsyncStream<[TaskEvent]>
    private let backlog = EventBacklog()
    private var forwarder: Task<Void, Never>?
    private let interruptHandler: @Sendable () -> String?
    private let stopHandler: @Sendable () -> Void
    private let clock: @Sendable () -> Int64?

    /// `clock`: the stream's time while its producer runs (nil once it has ended, or when it
    /// has none), so that time moves on screen while every task waits.
    init(info: ScenarioInfo, events: AsyncStream<[TaskEvent]>,
         interrupt: @escaping @Sendable () -> String?, stop: @escaping @Sendable () -> Void,
         clock: @escaping @Sendable () -> Int64? = { nil }) {
        self.info = info
        self.events = events
        interruptHandler = interrupt
        stopHandler = stop
        self.clock = clock
    }

    func start(_ send: @escaping @Sendable (Msg) -> Void) {
        forwarder = backlog.forward(events, to: send)
    }

    func took(_ count: Int) { backlog.took(count) }

    var isMoving: Bool { clock() != nil }

    var sessionTime: Int64? { clock() }

    func perform(_ effect: Effect) -> String? {
        "a traced program has no knobs: the dashboard only watches it"
    }

    func interrupt() -> String? { interruptHandler() }

    func stop() {
        forwarder?.cancel()
        forwarder = nil
        stopHandler()
    }
}
