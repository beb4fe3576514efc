import Foundation

/// Why a session log could not be written or read, as one line that names the file and,
/// for a bad line, its number and field: `session.jsonl:57: field 'k': unknown event kind 'zap'`.
/// A value, never a crash: the workload keeps running when its recording fails.
public struct SessionLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case noSuchFile
        case cannotOpen
        case emptyFile
        case notASessionLog
        case newerFormat(Int)
        case badHeader
        case corruptLine
        case lineTooLong
        case readFailed
        case writeFailed
        case fileShrank
        case fileReplaced
    }

    public var kind: Kind
    /// The path as the user gave it.
    public var file: String
    /// 1-based line number, when one line is at fault.
    public var line: Int?
    /// The JSON field at fault, when one is.
    public var field: String?
    /// What went wrong, in words.
    public var reason: String

    public init(_ kind: Kind, file: String, line: Int? = nil, field: String? = nil, reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        // The path and the field come from outside: shown, never obeyed by the terminal.
        var text = file.terminalSafe
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field '\(field.terminalSafe)': " }
        return text + reason
    }

    /// The system's words for `errno` (`No space left on device`).
    package static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// Something odd about a log that did not stop the reading: an incomplete last line, or
/// times that went backwards. Shown to the user, one line each.
public struct SessionLogWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The last line had no newline and did not parse: the writer stopped mid-line.
        case truncatedLastLine
        /// `count` events had a time earlier than the event before them; they were given
        /// that earlier event's time (see `SessionLogReader`).
        case timeWentBack(count: Int)
        /// The log has no end record: its writer never closed it (killed, or crashed).
        /// Everything before is still shown; `at` is the last event's time, told in `unit`
        /// (`s` for a traced program's log, `u` for a scenario's).
        case cutShort(at: Int64, unit: String)
    }

    /// The log has no end record (`Kind.cutShort`).
    public var isCutShort: Bool { if case .cutShort = kind { true } else { false } }

    public var kind: Kind
    public var file: String
    /// The (first) line concerned.
    public var line: Int

    public var description: String {
        switch kind {
        case .truncatedLastLine:
            "\(file.terminalSafe):\(line): last line is incomplete (the recording stopped mid-line); ignored"
        case let .timeWentBack(count):
            "\(file.terminalSafe):\(line): event time goes backwards (\(count) event\(count == 1 ? "" : "s")); "
                + "kept file order and clamped their times to the time before"
        case let .cutShort(time, unit):
            "\(file.terminalSafe): the recording was cut short at \(Ticks.format(time)) \(unit) (the log has no end record: "
                + "its writer did not close it)"
        }
    }
}
