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
    /// A real-time log's latest event time and when it was read: time moves on from there
    /// while the writer is quiet (a program asleep), as it did where the log was written.
    /// Nil for a virtual-time log, before the first event and once the log has ended.
    private var lastRead: (time: Int64, at: UInt64)?
    private var ended = false
    /// How long time moves on past the last event read: a writer quiet for longer may have
    /// stopped without its end record.
    static let quietLimit: UInt64 = 10_000_000_000

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
                        self.noteRead(batch)
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
            self?.ended = true
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

    private func noteRead(_ batch: [TaskEvent]) {
        guard let last = batch.last, case .real = info.time else { return }
        lastRead = (max(lastRead?.time ?? last.time, last.time), Monotonic.nanos())
    }

    var isMoving: Bool { sessionTime != nil }

    var sessionTime: Int64? {
        guard !ended, let lastRead, case let .real(speed) = info.time else { return nil }
        let quiet = min(Monotonic.nanos() &- lastRead.at, Self.quietLimit)
        // Saturating: a fast scenario's speed times the quiet limit can pass Int64's range.
        return lastRead.time &+ Int64(min(Double(quiet) * speed, Double(Int64.max / 4)))
    }

    func perform(_ effect: Effect) -> String? {
        "following a growing log: nothing to change"
    }

    func stop() {
        task?.cancel()
        task = nil
        resumeReader()
    }
}
