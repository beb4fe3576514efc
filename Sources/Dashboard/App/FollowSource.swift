import TaskTrace

/// Tails a session log that is still being written (`SessionLogReader.follow`): every event
/// already in it, then new ones as they are appended; the view follows the newest time.
/// Pull-based with a bound on what waits here, so a big log never piles up in memory.
@MainActor
final class FollowSource: EventSource {
    private(set) var info: ScenarioInfo
    let path: String
    private var waiting: [TaskEvent] = []
    private var warnings: [String] = []
    private var error: SessionLogError?
    private var ended = false
    private var task: Task<Void, Never>?
    static let waitingLimit = 200_000

    init(path: String, header: SessionHeader?, catalog: [ScenarioInfo], waitForFile: Duration? = nil) {
        self.path = path
        info = header.map { ScenarioInfo(header: $0, catalog: catalog) }
            ?? ScenarioInfo(name: HeaderView.baseName(path), summary: "waiting for the log's header", isLive: true,
                            knobs: [], timeLabel: "real", seed: 0)
        let follower = SessionLogReader.follow(path, waitForFile: waitForFile)
        task = Task { [weak self] in
            do {
                for try await item in follower {
                    guard let self else { return }
                    switch item {
                    case .waitingForFile: self.warnings.append(FollowSource.waitingLine(path))
                    case let .header(header):
                        self.info = ScenarioInfo(header: header, catalog: catalog)
                        self.warnings.removeAll { $0 == FollowSource.waitingLine(path) }
                    case let .events(batch): self.waiting += batch
                    case let .warning(warning): self.warnings.append(warning.description)
                    }
                    while self.waiting.count > FollowSource.waitingLimit, !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                }
            } catch {
                self?.error = error as? SessionLogError
                    ?? SessionLogError(.readFailed, file: path, reason: "\(error)")
            }
            self?.ended = true
        }
    }

    /// Shown in the header while the file does not exist yet.
    static func waitingLine(_ path: String) -> String { "waiting for \(path) to appear (q quits)" }

    var facts: ReplayFacts? {
        ReplayFacts(start: 0, total: nil, warnings: warnings, error: error?.description)
    }

    func takeEvents() -> [TaskEvent] {
        var out: [TaskEvent] = []
        swap(&out, &waiting)
        return out
    }

    var sessionTime: Int64? { nil }

    var isFinished: Bool { ended && waiting.isEmpty }

    func perform(_ effect: Effect) -> String? {
        "following a growing log: nothing to change"
    }

    func stop() {
        task?.cancel()
        task = nil
    }
}
