import Foundation

/// Parses one log line into a `TaskEvent` straight from its bytes, without `JSONDecoder`:
/// that is what lets a reader replay millions of events a second (figures in
/// `Benchmarks/README.md`).
/// It accepts any valid JSON object the `Codable` form would (any key order, whitespace,
/// escapes, unknown extra fields), and tests check the two agree. Which fields a kind has,
/// and their types, come from the kind's `EventSpec`.
struct EventLineParser {
    /// Why a line did not parse; the reader adds file and line number.
    struct Failure: Error, Equatable {
        var field: String?
        var reason: String
    }

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var i = 0
    private let tables: Tables

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
        tables = Tables.shared
    }

    /// Parses `bytes`, one JSON object without its newline.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> TaskEvent {
        var parser = EventLineParser(bytes)
        return try parser.parseEvent()
    }

    static func parse(_ line: String) throws(Failure) -> TaskEvent {
        var line = line
        let result = line.withUTF8 { bytes in
            Result { () throws(Failure) -> TaskEvent in try parse(bytes) }
        }
        return try result.get()
    }

    private mutating func parseEvent() throws(Failure) -> TaskEvent {
        var time: Int64?
        var task: UInt32?
        var spec: Int?
        var fields = EventFields()

        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            throw Failure(reason: i >= end ? "empty line" : "not a JSON object")
        }
        i += 1
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                let field = try parseKey()
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw Failure(field: field.name, reason: "expected ':' after the name") }
                i += 1
                skipSpace()
                switch field {
                case .t: time = try parseNonNegative("t", "negative time")
                case .task: task = try parseID("task")
                case .k: spec = try parseTag()
                case let .event(field): fields[field] = try parseValue(field)
                case let .unknown(unknownName): try skipValue(field: unknownName, depth: 0)
                }
                skipSpace()
                let c = peek()
                if c == UInt8(ascii: ",") { i += 1; continue }
                if c == UInt8(ascii: "}") { i += 1; break }
                throw Failure(field: field.name, reason: i >= end ? "line ends inside the object" : "expected ',' or '}' after the value")
            }
        }
        skipSpace()
        guard i >= end else { throw Failure(reason: "unexpected text after the object") }

        guard let time else { throw Failure(field: "t", reason: "missing") }
        guard let task else { throw Failure(field: "task", reason: "missing") }
        guard let spec else { throw Failure(field: "k", reason: "missing") }
        do {
            return TaskEvent(time: time, task: task, kind: try tables.specs[spec].make(fields))
        } catch {
            throw Failure(field: error.field.rawValue, reason: "missing")
        }
    }

    /// A field's value, read as its type says.
    @inline(__always)
    private mutating func parseValue(_ field: EventField) throws(Failure) -> EventFields.Value {
        switch field.type {
        case .string: .string(try parseString(field.rawValue))
        case .int: .int(try parseInt(field.rawValue))
        case .taskID: .int(Int64(try parseID(field.rawValue)))
        case .duration: .int(try parseNonNegative(field.rawValue, "negative " + field.rawValue))
        case .reason: .reason(try parseReason())
        }
    }

    // MARK: Tokens

    @inline(__always)
    private func peek() -> UInt8 { i < end ? base[i] : 0 }

    @inline(__always)
    private mutating func skipSpace() {
        while i < end {
            let c = base[i]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            i += 1
        }
    }

    fileprivate enum Field {
        case t, task, k
        case event(EventField)
        case unknown(String)

        var name: String {
            switch self {
            case .t: "t"
            case .task: "task"
            case .k: "k"
            case let .event(field): field.rawValue
            case let .unknown(name): EventLineParser.clip(name)
            }
        }
    }

    private mutating func parseKey() throws(Failure) -> Field {
        guard peek() == UInt8(ascii: "\"") else {
            throw Failure(reason: i >= end ? "line ends inside the object" : "expected a field name in quotes")
        }
        if let key = rawString() { return tables.field(key) ?? .unknown(String(decoding: key, as: UTF8.self)) }
        let name = try parseString(nil)
        var copy = name
        return copy.withUTF8 { tables.field($0) } ?? .unknown(name)
    }

    /// Fast path for names and tags: the string at `i` when it has no escapes (then moves
    /// past it); nil, without moving, when it has.
    @inline(__always)
    private mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        let start = i + 1
        var j = start
        while j < end, base[j] != UInt8(ascii: "\""), base[j] != UInt8(ascii: "\\") { j += 1 }
        guard j < end, base[j] == UInt8(ascii: "\"") else { return nil }
        i = j + 1
        return UnsafeBufferPointer(start: base + start, count: j - start)
    }

    private mutating func parseInt(_ field: String) throws(Failure) -> Int64 {
        let start = i
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; i += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while i < end {
            let d = base[i] &- 48
            guard d < 10 else { break }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            if o1 || o2 { throw Failure(field: field, reason: "number out of range") }
            magnitude = sum
            digits += 1
            i += 1
        }
        let c = peek()
        if digits == 0 || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            throw Failure(field: field, reason: "expected an integer, found \(describeValue(at: start))")
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Failure(field: field, reason: "number out of range") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Failure(field: field, reason: "number out of range") }
        return Int64(magnitude)
    }

    /// Times and waits are never negative, nor beyond `Ticks.limit` (146 years): refusing
    /// them keeps every later sum and difference of two of them inside `Int64`.
    private mutating func parseNonNegative(_ field: String, _ complaint: @autoclosure () -> String) throws(Failure) -> Int64 {
        let value = try parseInt(field)
        guard value >= 0 else { throw Failure(field: field, reason: complaint()) }
        guard value <= Ticks.limit else {
            throw Failure(field: field, reason: "\(value) is beyond the latest time a log may hold (\(Ticks.limit) ticks, 146 years)")
        }
        return value
    }

    private mutating func parseID(_ field: String) throws(Failure) -> UInt32 {
        let value = try parseInt(field)
        guard let id = UInt32(exactly: value) else { throw Failure(field: field, reason: "task id \(value) out of range") }
        return id
    }

    /// The kind's index in `EventSpec.all`.
    private mutating func parseTag() throws(Failure) -> Int {
        try parseName("k", in: tables.tags) { "unknown event kind '\($0)'" }
    }

    private mutating func parseReason() throws(Failure) -> SuspendReason.Category {
        tables.reasons[try parseName("reason", in: tables.reasonNames) { "unknown suspend reason '\($0)'" }]
    }

    /// A string value that must be one of `names`: its index there.
    @inline(__always)
    private mutating func parseName(_ field: String, in names: NameTable, unknown: (String) -> String) throws(Failure) -> Int {
        if peek() == UInt8(ascii: "\""), let raw = rawString() {
            guard let n = names.index(of: raw) else { throw Failure(field: field, reason: unknown(Self.clip(String(decoding: raw, as: UTF8.self)))) }
            return n
        }
        var text = try parseString(field)
        guard let n = text.withUTF8({ names.index(of: $0) }) else { throw Failure(field: field, reason: unknown(Self.clip(text))) }
        return n
    }

    /// A JSON string. `field` names it in errors (nil while reading a field name).
    private mutating func parseString(_ field: String?) throws(Failure) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw Failure(field: field, reason: "expected a string, found \(describeValue(at: i))")
        }
        i += 1
        let start = i
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
                i += 1
                return text
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw Failure(field: field, reason: "raw control character in a string") }
            i += 1
        }
        // Slow path: escapes.
        var bytes: [UInt8] = Array(UnsafeBufferPointer(start: base + start, count: i - start))
        while i < end {
            let c = base[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < end else { break }
                let e = base[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4(field)
                    if scalar >= 0xD800, scalar < 0xDC00 {
                        guard i + 1 < end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else {
                            throw Failure(field: field, reason: "unpaired surrogate in \\u escape")
                        }
                        i += 2
                        let low = try parseHex4(field)
                        guard low >= 0xDC00, low < 0xE000 else {
                            throw Failure(field: field, reason: "unpaired surrogate in \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00, scalar < 0xE000 {
                        throw Failure(field: field, reason: "unpaired surrogate in \\u escape")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw Failure(field: field, reason: "invalid \\u escape")
                    }
                    bytes.append(contentsOf: UTF8.encode(unicode)!)
                default:
                    throw Failure(field: field, reason: "invalid escape '\\\(Unicode.Scalar(e).escaped(asASCII: true))'")
                }
            default:
                if c < 0x20 { throw Failure(field: field, reason: "raw control character in a string") }
                bytes.append(c)
            }
        }
        throw Failure(field: field, reason: "unterminated string")
    }

    private mutating func parseHex4(_ field: String?) throws(Failure) -> UInt32 {
        guard i + 4 <= end else { throw Failure(field: field, reason: "invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = base[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw Failure(field: field, reason: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// Skips any JSON value of a field this version does not know (forward compatibility).
    private mutating func skipValue(field: String, depth: Int) throws(Failure) {
        guard depth < 64 else { throw Failure(field: field, reason: "nested too deeply") }
        switch peek() {
        case UInt8(ascii: "\""):
            _ = try parseString(field)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = peek() == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            i += 1
            skipSpace()
            if peek() == close { i += 1; return }
            while true {
                skipSpace()
                if isObject {
                    _ = try parseString(field)
                    skipSpace()
                    guard peek() == UInt8(ascii: ":") else { throw Failure(field: field, reason: "malformed value") }
                    i += 1
                    skipSpace()
                }
                try skipValue(field: field, depth: depth + 1)
                skipSpace()
                if peek() == UInt8(ascii: ",") { i += 1; continue }
                if peek() == close { i += 1; return }
                throw Failure(field: field, reason: "malformed value")
            }
        default:
            // A number or a literal: its characters, checked loosely.
            let start = i
            while i < end {
                let c = base[i]
                let ok = (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "E")
                guard ok else { break }
                i += 1
            }
            let word = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
            guard word == "true" || word == "false" || word == "null" || Double(word) != nil else {
                throw Failure(field: field, reason: "malformed value")
            }
        }
    }

    /// A short view of the value at `index`, for error messages.
    private func describeValue(at index: Int) -> String {
        guard index < end else { return "the end of the line" }
        var j = index
        while j < end, j - index < 20, base[j] != UInt8(ascii: ","), base[j] != UInt8(ascii: "}") { j += 1 }
        let text = String(decoding: UnsafeBufferPointer(start: base + index, count: j - index), as: UTF8.self)
        return "'\(text.terminalSafe)'"
    }

    /// Text from a file quoted in an error message: short, and safe to print.
    static func clip(_ text: String) -> String {
        let safe = text.terminalSafe
        return safe.count > 40 ? String(safe.prefix(39)) + "…" : safe
    }
}

extension EventLineParser {
    /// What the parser looks names up in, built once from `EventField`, `EventSpec.all` and
    /// `SuspendReason.Category`: raw buffers that are never written or freed once built (a
    /// static), so a parser copies them for nothing and a line costs one lazy-global check.
    fileprivate struct Tables: @unchecked Sendable {
        static let shared = Tables()

        /// `t`, `task`, `k`, then every `EventField`, and their names.
        let fields: UnsafeBufferPointer<Field>
        let fieldNames: NameTable
        let specs: UnsafeBufferPointer<EventSpec>
        let tags: NameTable
        let reasons: UnsafeBufferPointer<SuspendReason.Category>
        let reasonNames: NameTable

        private init() {
            func immortal<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
                _ = buffer.initialize(from: array)
                return UnsafeBufferPointer(buffer)
            }
            let fields: [Field] = [.t, .task, .k] + EventField.allCases.map { .event($0) }
            self.fields = immortal(fields)
            fieldNames = NameTable(fields.map(\.name))
            specs = immortal(EventSpec.all)
            tags = NameTable(EventSpec.all.map(\.tag.description))
            reasons = immortal(SuspendReason.Category.allCases)
            reasonNames = NameTable(SuspendReason.Category.allCases.map(\.rawValue))
        }

        @inline(__always)
        func field(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
            fieldNames.index(of: key).map { fields[$0] }
        }
    }
}
