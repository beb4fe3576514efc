/// Reads a session log from start to end in batches, in bounded memory whatever the file's
/// size: the header at once, then `nextBatch()` until it returns nil.
///
/// ```swift
/// let reader = try SessionLogReader(path: "session.jsonl")
/// var ledger = TaskLedger()
/// while let batch = try reader.nextBatch() { ledger.apply(batch) }
/// for warning in reader.warnings { print(warning) }
/// ```
/// Every error is one line naming the file, line and field (`SessionLogError`). An unfinished
/// last line (a recording killed mid-write) and times that go backwards are warnings, not
/// errors; times that go backwards are clamped to the time before, keeping file order.
/// To watch a log while it is still being written, use `SessionLogReader.follow(_:)`.
public final class SessionLogReader {
    /// The path as given.
    public let file: String
    public let header: SessionHeader
    /// Most events per batch.
    public let batchSize: Int
    /// Events returned so far.
    public private(set) var eventsRead: Int64 = 0
    private let decoder: LogDecoder
    private var truncation: SessionLogWarning?
    private var cutShort: SessionLogWarning?
    private var finished = false

    /// Opens `path` and reads its header; throws if it is missing, empty, not a session log,
    /// or written in a newer format.
    /// A bad line met while filling a batch, thrown once the good events before it are out.
    private var pendingError: SessionLogError?

    public init(path: String, batchSize: Int = 4096) throws(SessionLogError) {
        file = path
        self.batchSize = max(1, batchSize)
        decoder = LogDecoder(source: try LineSource.openFile(path))
        header = try decoder.readHeader(waiting: false)!
    }

    /// The next events in file order, or nil at the end of the file. A bad line ends the
    /// good events before it as a batch of their own; the error comes on the next call, so
    /// nothing read before it is lost.
    public func nextBatch() throws(SessionLogError) -> [TaskEvent]? {
        if let pendingError {
            finished = true
            self.pendingError = nil
            throw pendingError
        }
        guard !finished else { return nil }
        var batch: [TaskEvent] = []
        batch.reserveCapacity(batchSize)
        let reachedEnd: Bool
        do {
            reachedEnd = try decoder.readEvents(into: &batch, limit: batchSize) != nil
        } catch {
            guard !batch.isEmpty else { finished = true; throw error }
            pendingError = error
            eventsRead += Int64(batch.count)
            return batch
        }
        if reachedEnd {
            finished = true
            let (event, warning) = decoder.finishPartial()
            if let event { batch.append(event) }
            truncation = warning
            cutShort = decoder.cutShortWarning
        }
        eventsRead += Int64(batch.count)
        return batch.isEmpty && finished ? nil : batch
    }

    /// Calls `body` with each remaining batch: the streaming way to fold a big log.
    public func forEachBatch(_ body: ([TaskEvent]) throws -> Void) throws {
        while let batch = try nextBatch() { try body(batch) }
    }

    /// All remaining events. Only for logs known to be small; prefer `nextBatch`.
    public func readAll() throws(SessionLogError) -> [TaskEvent] {
        var events: [TaskEvent] = []
        while let batch = try nextBatch() { events += batch }
        return events
    }

    /// What was odd about the file so far: times clamped, an unfinished last line.
    public var warnings: [SessionLogWarning] {
        [decoder.backwardsWarning, truncation, cutShort].compactMap { $0 }
    }

    /// The time of the log's end record, once read: nil for a log whose writer never
    /// closed it (the warnings then say it was cut short), or before the end is reached.
    public var endTime: Int64? { decoder.endTime }

    /// Lines read so far, the header included.
    public var linesRead: Int { decoder.source.lineNumber }
}
