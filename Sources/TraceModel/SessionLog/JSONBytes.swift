/// Hand-written JSON output into a byte buffer: the writer and the exporters emit millions
/// of small objects, and going through `JSONEncoder` would cost more than the tracing.
extension Array where Element == UInt8 {
    @inlinable @inline(__always)
    package mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    package mutating func appendInt(_ value: Int64) {
        appendWritten(upTo: ByteWriter.intBound) { $0.int(value) }
    }

    package mutating func appendUInt(_ value: UInt64) {
        appendWritten(upTo: ByteWriter.intBound) { $0.uint(value) }
    }

    /// Nanoseconds as microseconds, exactly: `1500` is `1.5`, `2000` is `2`.
    package mutating func appendMicros(_ nanos: Int64) {
        appendDecimal(nanos, scale: 1000)
    }

    /// `value ÷ scale` written exactly in decimal (`scale` a power of ten): no float rounding.
    package mutating func appendDecimal(_ value: Int64, scale: UInt64) {
        appendWritten(upTo: ByteWriter.decimalBound) { $0.decimal(value, scale: scale) }
    }

    /// A JSON string literal, escaped as `ByteWriter.jsonString` says.
    package mutating func appendJSONString(_ text: String) {
        appendWritten(upTo: ByteWriter.jsonStringBound(text)) { $0.jsonString(text) }
    }
}

extension TaskEvent {
    /// Appends this event as one JSON object (no newline): `t`, `task`, `k`, then the fields
    /// of its kind's `EventSpec` that it has, in the spec's order. Its `Codable` form is the
    /// same object, and decodes it back to an equal event.
    package func appendJSON(to out: inout [UInt8]) {
        withUnsafePointer(to: self) { Self.appendJSON($0, to: &out) }
    }

    /// Appends each event's line and a newline.
    package static func appendJSONLines(_ events: UnsafeBufferPointer<TaskEvent>, to out: inout [UInt8]) {
        guard let first = events.baseAddress else { return }
        for i in events.indices {
            appendJSON(first + i, to: &out)
            out.append(0x0A)
        }
    }

    /// The event is read through a pointer, here and in what this calls: handed over as a
    /// value, it is copied at every call that is not inlined.
    private static func appendJSON(_ event: UnsafePointer<TaskEvent>, to out: inout [UInt8]) {
        var bound = LineBound()
        event.pointee.kind.visitFields(&bound)
        out.appendWritten(upTo: bound.bytes) { write(event, into: &$0) }
    }

    private static func write(_ event: UnsafePointer<TaskEvent>, into bytes: inout ByteWriter) {
        bytes.ascii("{\"t\":")
        bytes.int(event.pointee.time)
        bytes.ascii(",\"task\":")
        bytes.uint(UInt64(event.pointee.task))
        bytes.ascii(",\"k\":\"")
        var fields = LineFields(bytes)
        event.pointee.kind.visitFields(&fields)
        bytes = fields.bytes
        bytes.byte(UInt8(ascii: "}"))
    }

    /// This event as one log line's JSON (no newline).
    public var jsonLine: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes a kind's tag and fields as its spec names and orders them.
private struct LineFields: EventFieldVisitor {
    typealias Failure = Never
    var bytes: ByteWriter
    private var fields = FieldList()
    /// The position in `fields` of the next field written.
    private var next = 0

    init(_ bytes: ByteWriter) { self.bytes = bytes }

    mutating func kind(_ spec: EventSpec) {
        bytes.ascii(spec.tag)
        bytes.byte(UInt8(ascii: "\""))
        fields = spec.fields
    }

    mutating func field(_ field: EventField, _ value: Int64) {
        key(field)
        bytes.int(value)
    }

    mutating func field(_ field: EventField, _ text: String) {
        key(field)
        bytes.jsonString(text)
    }

    mutating func field(_ field: EventField, _ reason: SuspendReason.Category) {
        key(field)
        bytes.byte(UInt8(ascii: "\""))
        bytes.bytes(SuspendReason.Category.logNames.name(at: reason.rank))
        bytes.byte(UInt8(ascii: "\""))
    }

    /// `,"name":`, from the spec: a field its spec does not list, or out of its order, is a
    /// bug in `visitFields`.
    @inline(__always)
    private mutating func key(_ field: EventField) {
        while next < fields.count, fields[next] != field { next += 1 }
        precondition(next < fields.count, "\(field) is not in its kind's spec, or not in the spec's order")
        bytes.bytes(fields.key(next))
        next += 1
    }
}

/// The most bytes a line takes, strings escaped at their worst: the room `appendJSON` makes.
private struct LineBound: EventFieldVisitor {
    typealias Failure = Never
    /// `{"t":`, `,"task":`, `,"k":"`, the `"` after the tag, `}`, and the widest time and task.
    private(set) var bytes = 5 + 8 + 6 + 1 + 1 + 2 * ByteWriter.intBound

    mutating func kind(_ spec: EventSpec) { bytes += spec.tag.utf8CodeUnitCount + spec.fields.keyBytes }
    mutating func field(_ field: EventField, _ value: Int64) { bytes += ByteWriter.intBound }
    mutating func field(_ field: EventField, _ text: String) { bytes += ByteWriter.jsonStringBound(text) }
    mutating func field(_ field: EventField, _ reason: SuspendReason.Category) {
        bytes += 2 + SuspendReason.Category.logNames.longest
    }
}

extension SuspendReason.Category {
    /// Every category's name in the log (its raw value), by `rank`.
    fileprivate static let logNames = NameTable(allCases.sorted().map(\.rawValue))
}
