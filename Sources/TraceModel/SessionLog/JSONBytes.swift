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
    /// Appends this event as one JSON object (no newline), in exactly the fields and names of
    /// its `Codable` form, which decodes it back to an equal event.
    package func appendJSON(to out: inout [UInt8]) {
        out.appendASCII("{\"t\":")
        out.appendInt(time)
        out.appendASCII(",\"task\":")
        out.appendUInt(UInt64(task))
        out.appendASCII(",\"k\":\"")
        switch kind {
        case let .spawn(name, parent):
            out.appendASCII("spawn\",\"name\":")
            out.appendJSONString(name)
            out.appendASCII(",\"parent\":")
            out.appendUInt(UInt64(parent))
        case let .start(thread, wait):
            out.appendASCII("start\",\"thread\":")
            out.appendInt(Int64(thread))
            out.appendASCII(",\"wait\":")
            out.appendInt(wait)
        case let .resume(thread, wait):
            out.appendASCII("resume\",\"thread\":")
            out.appendInt(Int64(thread))
            out.appendASCII(",\"wait\":")
            out.appendInt(wait)
        case let .suspend(reason):
            out.appendASCII("suspend\",\"reason\":\"")
            switch reason {
            case .sleep: out.appendASCII("sleep\"")
            case .queueGet: out.appendASCII("queue-get\"")
            case .queuePut: out.appendASCII("queue-put\"")
            case .semaphore: out.appendASCII("semaphore\"")
            case let .awaitingTask(target):
                out.appendASCII("awaiting\",\"target\":")
                out.appendUInt(UInt64(target))
            case .awaitingGroup: out.appendASCII("awaiting\",\"target\":0")
            case .awaitingResult: out.appendASCII("awaiting\"")
            case .continuation: out.appendASCII("continuation\"")
            case let .actorHop(actor):
                out.appendASCII("hop\",\"name\":")
                out.appendJSONString(actor)
            case .yield: out.appendASCII("yield\"")
            case .knob: out.appendASCII("knob\"")
            case .other: out.appendASCII("other\"")
            }
        case let .complete(result):
            out.appendASCII("complete\",\"result\":")
            out.appendJSONString(result)
        case .cancel:
            out.appendASCII("cancel\"")
        case .cancelRequested:
            out.appendASCII("cancel-requested\"")
        case let .fail(error):
            out.appendASCII("fail\",\"error\":")
            out.appendJSONString(error)
        case let .message(text):
            out.appendASCII("message\",\"text\":")
            out.appendJSONString(text)
        case let .rename(name):
            out.appendASCII("rename\",\"name\":")
            out.appendJSONString(name)
        case let .threadName(thread, name):
            out.appendASCII("thread-name\",\"thread\":")
            out.appendInt(Int64(thread))
            out.appendASCII(",\"name\":")
            out.appendJSONString(name)
        case let .counter(name, value):
            out.appendASCII("counter\",\"name\":")
            out.appendJSONString(name)
            out.appendASCII(",\"value\":")
            out.appendInt(value)
        case let .knob(name, value):
            out.appendASCII("knob\",\"name\":")
            out.appendJSONString(name)
            out.appendASCII(",\"value\":")
            out.appendInt(value)
        case let .threads(count):
            out.appendASCII("threads\",\"count\":")
            out.appendInt(Int64(count))
        case let .dropped(count):
            out.appendASCII("dropped\",\"count\":")
            out.appendInt(count)
        case let .input(key):
            out.appendASCII("input\",\"key\":")
            out.appendJSONString(key)
        case .end:
            out.appendASCII("end\"")
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
