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

    init(info: ScenarioInfo, events: AsyncStream<[TaskEvent]>,
         interrupt: @escaping @Sendable () -> String?, stop: @escaping @Sendable () -> Void) {
        self.info = info
        self.events = events
        interruptHandler = interrupt
        stopHandler = stop
    }

    func start(_ send: @escaping @Sendable (Msg) -> Void) {
        forwarder = backlog.forward(events, to: send)
    }

    func took(_ count: Int) { backlog.took(count) }

    var isMoving: Bool { false }

    var sessionTime: Int64? { nil }

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
