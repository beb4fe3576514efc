/// What a follower yields: the header once, then events as they are appended, and warnings.
public enum SessionLogItem: Sendable, Equatable {
    case header(SessionHeader)
    case events([TaskEvent])
    case warning(SessionLogWarning)
}

extension SessionLogReader {
    /// Follows a log like `tail -f`: yields its header and every event already in it, then
    /// new events as the file grows, until the consuming task is cancelled. A line still
    /// being written is held until its newline arrives; a header not written yet is waited
    /// for. It throws only for what waiting cannot fix: a missing file, a file that is not a
    /// session log, a corrupt line, a file that shrank (was rewritten).
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
        batchSize: Int = 4096
    ) -> SessionLogFollower {
        SessionLogFollower(file: path, pollInterval: pollInterval, batchSize: max(1, batchSize))
    }
}

/// The sequence `SessionLogReader.follow(_:)` returns; each iterator opens the file anew.
public struct SessionLogFollower: AsyncSequence, Sendable {
    public typealias Element = SessionLogItem
    public typealias Failure = SessionLogError

    public let file: String
    public let pollInterval: Duration
    public let batchSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(state: FollowState(file: file, batchSize: batchSize), pollInterval: pollInterval)
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = SessionLogItem
        public typealias Failure = SessionLogError

        let state: FollowState
        let pollInterval: Duration

        /// The next item; waits (polling) while the file has nothing new. Nil once the task
        /// is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(SessionLogError) -> SessionLogItem? {
            while !Task.isCancelled {
                if let item = try state.poll() { return item }
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
    private var decoder: LogDecoder?
    private var headerRead = false
    private var warnedBackwards = 0

    init(file: String, batchSize: Int) {
        self.file = file
        self.batchSize = batchSize
    }

    /// The next item if there is one now, without waiting.
    func poll() throws(SessionLogError) -> SessionLogItem? {
        if decoder == nil {
            decoder = LogDecoder(source: try LineSource.openFile(file))
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
        return batch.isEmpty ? try checkStillThere(decoder) : .events(batch)
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
