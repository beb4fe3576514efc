/// Hand-written JSON output into a byte buffer: the writer and the exporters emit millions
/// of small objects, and going through `JSONEncoder` would cost more than the tracing.
extension Array where Element == UInt8 {
    @inlinable @inline(__always)
    package mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    package mutating func appendInt(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendUInt(value.magnitude)
    }

    package mutating func appendUInt(_ value: UInt64) {
        if value < 10 {
            append(48 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var rest = value
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            while rest > 0 {
                i -= 1
                digits[i] = 48 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Nanoseconds as microseconds, exactly: `1500` is `1.5`, `2000` is `2`.
    package mutating func appendMicros(_ nanos: Int64) {
        appendDecimal(nanos, scale: 1000)
    }

    /// `value ÷ scale` written exactly in decimal (`scale` a power of ten): no float rounding.
    package mutating func appendDecimal(_ value: Int64, scale: UInt64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        appendUInt(magnitude / scale)
        var fraction = magnitude % scale
        guard fraction != 0 else { return }
        append(UInt8(ascii: "."))
        var divisor = scale / 10
        while fraction != 0 {
            append(48 &+ UInt8(truncatingIfNeeded: fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// A JSON string literal. Besides what JSON requires (quote, backslash, C0 controls) it
    /// escapes DEL and the C1 controls, so `cat` on a log or export can never drive a terminal.
    package mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var clean = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                let needsEscape: Bool
                if b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F {
                    needsEscape = true
                } else if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] < 0xA0 {
                    needsEscape = true
                } else {
                    needsEscape = false
                }
                if !needsEscape {
                    i += 1
                    continue
                }
                if clean < i { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i])) }
                switch b {
                case 0x22: appendASCII("\\\"")
                case 0x5C: appendASCII("\\\\")
                case 0x0A: appendASCII("\\n")
                case 0x0D: appendASCII("\\r")
                case 0x09: appendASCII("\\t")
                case 0xC2:
                    appendUnicodeEscape(UInt32(bytes[i + 1]))
                    i += 1
                default:
                    appendUnicodeEscape(UInt32(b))
                }
                i += 1
                clean = i
            }
            if clean < n { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<n])) }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendUnicodeEscape(_ scalar: UInt32) {
        let hex: StaticString = "0123456789abcdef"
        appendASCII("\\u00")
        hex.withUTF8Buffer { digits in
            append(digits[Int(scalar >> 4) & 0xF])
            append(digits[Int(scalar) & 0xF])
        }
    }
}

extension TaskEvent {
    /// Appends this event as one JSON object (no newline): `t`, `task`, `k`, then the fields
    /// of its kind's `EventSpec` that it has, in the spec's order. Its `Codable` form is the
    /// same object, and decodes it back to an equal event.
    package func appendJSON(to out: inout [UInt8]) {
        out.appendASCII("{\"t\":")
        out.appendInt(time)
        out.appendASCII(",\"task\":")
        out.appendUInt(UInt64(task))
        out.appendASCII(",\"k\":\"")
        let (spec, fields) = kind.encoded
        out.appendASCII(spec.tag)
        out.append(UInt8(ascii: "\""))
        for n in 0..<spec.fields.count {
            let field = spec.fields[n]
            guard let value = fields[field] else { continue }
            out.append(contentsOf: spec.fields.key(n))
            switch value {
            case let .string(text): out.appendJSONString(text)
            case let .int(number): out.appendInt(number)
            case let .reason(category):
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: category.rawValue.utf8)
                out.append(UInt8(ascii: "\""))
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// This event as one log line's JSON (no newline).
    public var jsonLine: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
