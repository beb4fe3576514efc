import Foundation

/// Turns a file's lines into a header and events, with line numbers in every error; shared
/// by `SessionLogReader` (to the end of the file) and `SessionLogFollower` (as it grows).
///
/// Times that go backwards are clamped, not reordered: the file's order is the order the
/// event bus recorded, which is causal (a task's start precedes its suspend), while times
/// are only stamps. Clamping keeps that order and keeps every duration non-negative, so
/// the ledger and the exports never see a slice that ends before it starts.
final class LogDecoder {
    let source: LineSource
    var file: String { source.file }
    /// The newest event time so far (`Int64.min` before the first event).
    private(set) var lastTime = Int64.min
    /// The time of the log's end record, once read: the writer closed the log properly.
    private(set) var endTime: Int64?
    private var highestTask: TaskID = 0
    /// The unit the log's times are told in: seconds for a traced program's, else units.
    private var timeUnit = "u"
    /// How far beyond the highest spawned id an event may name a task: spawns racing on
    /// several threads may be recorded slightly out of id order.
    static let idSlack: UInt64 = 65_536
    /// First line whose time went backwards, and how many did so far.
    private(set) var backwardsLine: Int?
    private(set) var backwardsCount = 0

    init(source: LineSource) {
        self.source = source
    }

    /// Reads line 1. Returns nil when it is not complete yet and `waiting` (a follower);
    /// otherwise a file without a complete header line is an error.
    func readHeader(waiting: Bool) throws(SessionLogError) -> SessionHeader? {
        switch try source.next() {
        case let .line(bytes):
            return try decodeHeader(bytes)
        case let .endOfData(partial):
            if waiting { return nil }
            guard partial > 0, let bytes = source.takePartial() else {
                throw SessionLogError(.emptyFile, file: file, reason: "empty file, not a session log")
            }
            return try decodeHeader(bytes)
        }
    }

    private func decodeHeader(_ bytes: UnsafeBufferPointer<UInt8>) throws(SessionLogError) -> SessionHeader {
        let data = Data(buffer: bytes)
        struct Probe: Decodable {
            var interleave_log: Int?
        }
        let notALog = SessionLogError(.notASessionLog, file: file, line: 1,
                                      reason: "not an Interleave session log (line 1 is not a session header)")
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else { throw notALog }
        guard let format = probe.interleave_log else {
            if (try? EventLineParser.parse(bytes)) != nil {
                throw SessionLogError(.notASessionLog, file: file, line: 1,
                    reason: "not an Interleave session log (line 1 is an event, not a session header: was the file cut?)")
            }
            throw notALog
        }
        if format > SessionLog.formatVersion {
            throw SessionLogError(.newerFormat(format), file: file, line: 1,
                reason: "written by a newer Interleave (format \(format)); this one reads format \(SessionLog.formatVersion)")
        }
        if format < 1 {
            throw SessionLogError(.badHeader, file: file, line: 1, field: "interleave_log", reason: "unknown format \(format)")
        }
        do {
            let header = try JSONDecoder().decode(SessionHeader.self, from: data)
            timeUnit = header.program == nil ? "u" : "s"
            return header
        } catch let error as DecodingError {
            throw Self.headerError(error, file: file)
        } catch {
            throw SessionLogError(.badHeader, file: file, line: 1, reason: "bad session header")
        }
    }

    private static func headerError(_ error: DecodingError, file: String) -> SessionLogError {
        func name(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = path + (key.map { [$0] } ?? [])
            return keys.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return SessionLogError(.badHeader, file: file, line: 1, field: name(context.codingPath, key), reason: "missing")
        case let .typeMismatch(type, context):
            return SessionLogError(.badHeader, file: file, line: 1, field: name(context.codingPath),
                                   reason: "expected \(Self.typeName(type))")
        case let .valueNotFound(type, context):
            return SessionLogError(.badHeader, file: file, line: 1, field: name(context.codingPath),
                                   reason: "expected \(Self.typeName(type)), found null")
        case let .dataCorrupted(context):
            let field = context.codingPath.isEmpty ? nil : name(context.codingPath)
            return SessionLogError(.badHeader, file: file, line: 1, field: field,
                                   reason: field == nil ? "bad session header" : "invalid value")
        @unknown default:
            return SessionLogError(.badHeader, file: file, line: 1, reason: "bad session header")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is SessionHeader.Clock.Type: "a string"
        case is Int.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        default: "a JSON object"
        }
    }

    /// Appends up to `limit` events. Returns the unfinished bytes held when it stopped at the
    /// end of the data, or nil when it stopped because the batch is full.
    func readEvents(into batch: inout [TaskEvent], limit: Int) throws(SessionLogError) -> Int? {
        while batch.count < limit {
            switch try source.next() {
            case let .line(bytes):
                if let event = try decodeEvent(bytes) {
                    if case .end = event.kind { endTime = event.time } else { batch.append(event) }
                }
            case let .endOfData(partial):
                return partial
            }
        }
        return nil
    }

    /// At the true end of a file: an unfinished last line that still parses is an event (a
    /// file edited by hand may lack its last newline); one that does not is a cut-off write.
    func finishPartial() -> (event: TaskEvent?, warning: SessionLogWarning?) {
        guard let bytes = source.takePartial() else { return (nil, nil) }
        if let event = try? decodeEvent(bytes) {
            if case .end = event.kind { endTime = event.time; return (nil, nil) }
            return (event, nil)
        }
        return (nil, SessionLogWarning(kind: .truncatedLastLine, file: file, line: source.lineNumber))
    }

    /// One event line; nil for a blank one.
    @inline(__always)
    private func decodeEvent(_ bytes: UnsafeBufferPointer<UInt8>) throws(SessionLogError) -> TaskEvent? {
        var event: TaskEvent
        do {
            event = try EventLineParser.parse(bytes)
        } catch {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
            throw SessionLogError(.corruptLine, file: file, line: source.lineNumber, field: error.field, reason: error.reason)
        }
        // Ids are dense in creation order, so a real log never names a task far beyond the
        // highest spawned; a damaged one could, and would make a fold allocate billions.
        if event.task > highestTask {
            let isSpawn = if case .spawn = event.kind { true } else { false }
            guard UInt64(event.task) <= UInt64(highestTask) + Self.idSlack else {
                throw SessionLogError(.corruptLine, file: file, line: source.lineNumber, field: "task",
                    reason: "task id \(event.task) is out of sequence (the highest so far is \(highestTask))")
            }
            if isSpawn { highestTask = event.task }
        }
        if event.time < lastTime {
            if backwardsLine == nil { backwardsLine = source.lineNumber }
            backwardsCount += 1
            event.time = lastTime
        } else {
            lastTime = event.time
        }
        return event
    }

    /// At the true end of the file: the warning for a log its writer never closed.
    var cutShortWarning: SessionLogWarning? {
        guard endTime == nil else { return nil }
        return SessionLogWarning(kind: .cutShort(at: max(0, lastTime), unit: timeUnit), file: file, line: source.lineNumber)
    }

    /// The warning about clamped times so far, if any.
    var backwardsWarning: SessionLogWarning? {
        backwardsLine.map { SessionLogWarning(kind: .timeWentBack(count: backwardsCount), file: file, line: $0) }
    }
}
