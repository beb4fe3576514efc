import TaskTrace

/// Events that arrive on a stream from outside the dashboard: a program traced by
/// `interleave exec`. Nothing here can be turned or paused; Ctrl-C goes to whoever produces
/// the stream first (`interrupt`), and the finished session stays on screen until `q`.
@MainActor
final class StreamSource: EventSource {
    let info: ScenarioInfo
    private let inbox = EventInbox()
    private var reader: Task<Void, Never>?
    private let interruptHandler: @Sendable () -> String?
    private let stopHandler: @Sendable () -> Void

    init(info: ScenarioInfo, events: AsyncStream<[TaskEvent]>,
         interrupt: @escaping @Sendable () -> String?, stop: @escaping @Sendable () -> Void) {
        self.info = info
        interruptHandler = interrupt
        stopHandler = stop
        let inbox = self.inbox
        reader = Task.detached {
            for await batch in events { inbox.append(batch) }
            inbox.finish()
        }
    }

    func takeEvents() -> [TaskEvent] { inbox.take() }

    var sessionTime: Int64? { nil }

    var isFinished: Bool { inbox.isFinished }

    func perform(_ effect: Effect) -> String? {
        "a traced program has no knobs: the dashboard only watches it"
    }

    func interrupt() -> String? { interruptHandler() }

    func stop() {
        reader?.cancel()
        reader = nil
        stopHandler()
    }
}
