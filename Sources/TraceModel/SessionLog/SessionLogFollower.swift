/// What a follower yields: the header once, then events as they are appended, and warnings.
public enum SessionLogItem: Sendable, Equatable {
    /// The file does not exist yet: the follower waits for it (once, before the header).
    case waitingForFile
    case header(SessionHeader)
    case events([TaskEvent])
    case warning(SessionLogWarning)
}

extension SessionLogReader {
    /// Follows a log like `tail -f`: yields its header and every event already in it, then
    /// new events as the file grows, until the log's end record (its writer closed it: the
    /// sequence ends) or the consuming task is cancelled. A line still being written is held
    /// until its newline arrives; a header not written yet is waited for, and so is a file
    /// that does not exist yet (`.waitingForFile` says so), for up to `waitForFile` (nil: as
    /// long as it takes). It throws only for what waiting cannot fix: a file still missing
    /// after `waitForFile`, a file that is not a session log, a corrupt line, a file that
    /// shrank (was rewritten).
    ///
    /// ```swift
    /// for try await item in SessionLogReader.follow("session.jsonl") {
    ///     switch item {
    ///     case let .header(header): show(header)
    ///     case let .events(batch): ledger.apply(batch)
    ///     case let .warning(warning): note(warning.description)
    ///     }
    /// }
    /// ```
    /// Pull-based: events already in a big file come as fast as the consumer takes them,
    /// never piling up in memory.
    public static func follow(
        _ path: String,
        pollInterval: Duration = .milliseconds(100),
        batchSize: Int = 4096,
        waitForFile: Duration? = nil
    ) -> SessionLogFollower {
        SessionLogFollower(file: path, pollInterval: pollInterval, batchSize: max(1, batchSize), waitForFile: waitForFile)
    }
}

/// The sequence `SessionLogReader.follow(_:)` returns; each iterator opens the file anew.
public struct SessionLogFollower: AsyncSequence, Sendable {
    public typealias Element = SessionLogItem
    public typealias Failure = SessionLogError

    public let file: String
    public let pollInterval: Duration
    public let batchSize: Int
    /// How long a missing file is waited for (nil: as long as it takes).
    public let waitForFile: Duration?

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: FollowState(file: file, batchSize: batchSize, waitForFile: waitForFile), pollInterval: pollInterval)
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = SessionLogItem
        public typealias Failure = SessionLogError

        let state: FollowState
        let pollInterval: Duration

        /// The next item; waits (polling) while the file has nothing new. Nil after the
        /// log's end record, or once the task is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(SessionLogError) -> SessionLogItem? {
            while !Task.isCancelled {
                if let item = try state.poll() { return item }
                if state.reachedEnd { return nil }
                do {
                    try await Task.sleep(for: pollInterval)
                } catch {
                    return nil
                }
            }
            return nil
        }

        public mutating func next() async throws(SessionLogError) -> SessionLogItem? {
            try await next(isolation: nil)
        }
    }
}

/// A follower's position in the file; one per iterator.
final class FollowState {
    let file: String
    let batchSize: Int
    let waitForFile: Duration?
    private var decoder: LogDecoder?
    private var headerRead = false
    private var warnedBackwards = 0
    /// When the file was first found missing.
    private var missingSince: ContinuousClock.Instant?
    /// The end record has been read and every event before it handed out.
    private(set) var reachedEnd = false

    init(file: String, batchSize: Int, waitForFile: Duration?) {
        self.file = file
        self.batchSize = batchSize
        self.waitForFile = waitForFile
    }

    /// The next item if there is one now, without waiting.
    func poll() throws(SessionLogError) -> SessionLogItem? {
        if decoder == nil {
            do {
                decoder = LogDecoder(source: try LineSource.openFile(file))
            } catch where error.kind == .noSuchFile {
                return try stillMissing(error)
            }
        }
        let decoder = decoder!
        if let size = decoder.source.currentSize(), size < decoder.source.bytesRead {
            throw SessionLogError(.fileShrank, file: file,
                                  reason: "the file shrank while being followed (was it rewritten?)")
        }
        if !headerRead {
            guard let header = try decoder.readHeader(waiting: true) else { return try checkStillThere(decoder) }
            headerRead = true
            return .header(header)
        }
        if decoder.backwardsCount > warnedBackwards, let warning = decoder.backwardsWarning {
            warnedBackwards = decoder.backwardsCount
            return .warning(warning)
        }
        var batch: [TaskEvent] = []
        _ = try decoder.readEvents(into: &batch, limit: batchSize)
        if batch.isEmpty, decoder.endTime != nil {
            reachedEnd = true
            return nil
        }
        return batch.isEmpty ? try checkStillThere(decoder) : .events(batch)
    }

    /// The file does not exist (yet): says so once, then waits, up to `waitForFile`.
    private func stillMissing(_ error: SessionLogError) throws(SessionLogError) -> SessionLogItem? {
        let now = ContinuousClock.now
        let since = missingSince ?? now
        if let limit = waitForFile, since.duration(to: now) >= limit {
            if limit <= .zero { throw error }
            throw SessionLogError(.noSuchFile, file: file, reason: "no such file (waited \(Ticks.formatNumber(Double(limit.nanoseconds) / 1e9)) s for it)")
        }
        guard missingSince == nil else { return nil }
        missingSince = now
        return .waitingForFile
    }

    /// With nothing new to read: fails if the path no longer names the file being read,
    /// since a log that was deleted or replaced will never grow again.
    private func checkStillThere(_ decoder: LogDecoder) throws(SessionLogError) -> SessionLogItem? {
        guard decoder.source.isStillNamedByPath() else {
            throw SessionLogError(.fileReplaced, file: file,
                                  reason: "the file was deleted or replaced while being followed")
        }
        return nil
    }
}
