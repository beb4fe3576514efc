import TraceModel

/// Tails a session log that is still being written (`SessionLogReader.follow`): every event
/// already in it, then new ones as they are appended; the view follows the newest time.
/// Reading waits while `waitingLimit` events sent are not handled yet, so a big log never
/// piles up in memory.
@MainActor
final class FollowSource: EventSource {
    private(set) var info: ScenarioInfo
    let path: String
    private let catalog: [ScenarioInfo]
    private let waitForFile: Duration?
    private var warnings: [String] = []
    private var error: SessionLogError?
    /// The log's header has been read: from then on an error leaves what was read on screen.
    private var hasHeader: Bool
    private var task: Task<Void, Never>?
    /// Events sent and not yet handled, and the reader waiting for them to be.
    private var waiting = 0
    private var drained: CheckedContinuation<Void, Never>?
    static let waitingLimit = 200_000

    init(path: String, header: SessionHeader?, catalog: [ScenarioInfo], waitForFile: Duration? = nil) {
        self.path = path
        self.catalog = catalog
        self.waitForFile = waitForFile
        hasHeader = header != nil
        info = header.map { ScenarioInfo(header: $0, catalog: catalog) }
            ?? ScenarioInfo(name: HeaderView.baseName(path), summary: "waiting for the log's header", isLive: true,
                            knobs: [], time: .real(speed: 1), seed: 0)
    }

    func start(_ send: @escaping @Sendable (Msg) -> Void) {
        let follower = SessionLogReader.follow(path, waitForFile: waitForFile)
        let path = path, catalog = catalog
        send(.replayFacts(facts))
        task = Task { [weak self] in
            do {
                for try await item in follower {
                    guard let self else { return }
                    switch item {
                    case .waitingForFile:
                        self.warnings.append(FollowSource.waitingLine(path))
                        send(.replayFacts(self.facts))
                    case let .header(header):
                        self.info = ScenarioInfo(header: header, catalog: catalog)
                        self.hasHeader = true
                        self.warnings.removeAll { $0 == FollowSource.waitingLine(path) }
                        send(.reset(self.info))
                        send(.replayFacts(self.facts))
                    case let .events(batch):
                        self.waiting += batch.count
                        send(.events(batch))
                    case let .warning(warning):
                        self.warnings.append(warning.description)
                        send(.replayFacts(self.facts))
                    }
                    if self.waiting > FollowSource.waitingLimit, !Task.isCancelled {
                        await withCheckedContinuation { self.drained = $0 }
                    }
                }
            } catch {
                let error = error as? SessionLogError ?? SessionLogError(.readFailed, file: path, reason: "\(error)")
                // Nothing read yet (the file never appeared, or is no session log): nothing to
                // show, so the dashboard closes with the error, as the headless follow ends.
                // Stopped by q meanwhile, it is closing already.
                if !Task.isCancelled, let self, !self.hasHeader {
                    send(.sourceFailed(error.description))
                    return
                }
                self?.error = error
            }
            send(.sourceEnded)
            if let self, self.error != nil { send(.replayFacts(self.facts)) }
        }
    }

    /// Shown in the header while the file does not exist yet.
    static func waitingLine(_ path: String) -> String { "waiting for \(path) to appear (q quits)" }

    var facts: ReplayFacts {
        ReplayFacts(start: 0, total: nil, warnings: warnings, error: error?.description)
    }

    func took(_ count: Int) {
        waiting = max(0, waiting - count)
        if waiting <= FollowSource.waitingLimit / 2 { resumeReader() }
    }

    private func resumeReader() {
        drained?.resume()
        drained = nil
    }

    var isMoving: Bool { false }

    var sessionTime: Int64? { nil }

    func perform(_ effect: Effect) -> String? {
        "following a growing log: nothing to change"
    }

    func stop() {
        task?.cancel()
        task = nil
        resumeReader()
    }
}
