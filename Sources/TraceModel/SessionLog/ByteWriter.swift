/// Stores bytes through a pointer into room made beforehand (`Array.appendWritten`): every
/// `Array.append` checks the array's uniqueness and capacity, and a log line is a dozen
/// small appends.
struct ByteWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    /// The most bytes an `Int64` takes in decimal, sign included.
    static let intBound = 20

    init(_ room: UnsafeMutableBufferPointer<UInt8>) {
        base = room.baseAddress!
        capacity = room.count
    }

    /// Where the next `n` bytes go. Writing past the room made is a bug, stopped here before
    /// it touches memory that is not ours.
    @inline(__always)
    private func claim(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(n <= capacity &- count, "more bytes written than room was made for")
        return base + count
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        claim(1).pointee = value
        count &+= 1
    }

    @inline(__always)
    mutating func bytes(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress else { return }
        claim(run.count).initialize(from: source, count: run.count)
        count &+= run.count
    }

    @inline(__always)
    mutating func ascii(_ text: StaticString) {
        text.withUTF8Buffer { bytes($0) }
    }

    /// A string's UTF-8 bytes as they are.
    mutating func text(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes($0) }) != nil { return }
        var copy = text
        copy.withUTF8 { bytes($0) }
    }

    mutating func int(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        uint(value.magnitude)
    }

    mutating func uint(_ value: UInt64) {
        if value < 10 {
            byte(48 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        // Two digits a step, from the right: half the divisions.
        let digits = Self.digitCount(value)
        var p = claim(digits) + digits
        let pairs = Self.digitPairs.utf8Start
        var rest = value
        while rest >= 100 {
            let pair = Int(truncatingIfNeeded: rest % 100) &* 2
            rest /= 100
            p -= 2
            p[0] = pairs[pair]
            p[1] = pairs[pair &+ 1]
        }
        // What is left is 1 through 99.
        if rest >= 10 {
            let pair = Int(truncatingIfNeeded: rest) &* 2
            p[-2] = pairs[pair]
            p[-1] = pairs[pair &+ 1]
        } else {
            p[-1] = 48 &+ UInt8(truncatingIfNeeded: rest)
        }
        count &+= digits
    }

    /// How many decimal digits `value` has, for a `value` of 10 or more.
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        // 1233 / 4096 is just over log10(2): from the bits, the digits or one fewer.
        let atLeast = ((64 &- value.leadingZeroBitCount) &* 1233) &>> 12
        return atLeast &+ (value >= powersOfTen[atLeast] ? 1 : 0)
    }

    /// `00`, `01`, … `99`, end to end.
    private static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    /// `value ÷ scale` written exactly in decimal (`scale` a power of ten): no float rounding.
    mutating func decimal(_ value: Int64, scale: UInt64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        uint(magnitude / scale)
        var fraction = magnitude % scale
        guard fraction != 0 else { return }
        byte(UInt8(ascii: "."))
        var divisor = scale / 10
        while fraction != 0 {
            byte(48 &+ UInt8(truncatingIfNeeded: fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// The most bytes `decimal` writes.
    static let decimalBound = 1 + 2 * intBound

    /// The most bytes `text` takes as a JSON string literal: its quotes, and every byte
    /// escaped as `\u00XX`.
    static func jsonStringBound(_ text: String) -> Int { 2 &+ 6 &* text.utf8.count }

    /// A JSON string literal. Besides what JSON requires (quote, backslash, C0 controls) it
    /// escapes DEL and the C1 controls, so `cat` on a log or export can never drive a terminal.
    mutating func jsonString(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ jsonString(utf8: $0) }) != nil { return }
        var copy = text
        copy.withUTF8 { jsonString(utf8: $0) }
    }

    private mutating func jsonString(utf8 text: UnsafeBufferPointer<UInt8>) {
        let n = text.count
        let start = claim(2 &+ 6 &* n)
        var p = start
        p.pointee = UInt8(ascii: "\"")
        p += 1
        var i = 0
        while i < n {
            let b = text[i]
            i &+= 1
            if b >= 0x20, b != 0x22, b != 0x5C, b != 0x7F,
               b != 0xC2 || i == n || text[i] < 0x80 || text[i] >= 0xA0 {
                p.pointee = b
                p += 1
                continue
            }
            p.pointee = UInt8(ascii: "\\")
            let escape: UInt8 = switch b {
            case 0x22: UInt8(ascii: "\"")
            case 0x5C: UInt8(ascii: "\\")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: UInt8(ascii: "u")
            }
            p[1] = escape
            p += 2
            guard escape == UInt8(ascii: "u") else { continue }
            // A C1 control is two bytes, 0xC2 then the control's own code.
            var scalar = b
            if b == 0xC2 {
                scalar = text[i]
                i &+= 1
            }
            let hex: StaticString = "0123456789abcdef"
            p[0] = UInt8(ascii: "0")
            p[1] = UInt8(ascii: "0")
            p[2] = hex.utf8Start[Int(scalar >> 4)]
            p[3] = hex.utf8Start[Int(scalar & 0xF)]
            p += 4
        }
        p.pointee = UInt8(ascii: "\"")
        p += 1
        count &+= start.distance(to: p)
    }
}

extension Array where Element == UInt8 {
    /// Appends what `write` stores, at most `limit` bytes: written into scratch room (on the
    /// stack when small) and appended at once.
    @inline(__always)
    mutating func appendWritten(upTo limit: Int, _ write: (inout ByteWriter) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(1, limit)) { room in
            var writer = ByteWriter(room)
            write(&writer)
            append(contentsOf: UnsafeBufferPointer(rebasing: room[..<writer.count]))
        }
    }
}

/// 10⁰ through 10¹⁹: a literal, so the compiler lays it out as constant data.
private let powersOfTen: [UInt64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
    1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
    1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
]

extension String {
    /// `parts` end to end, measured once and copied once: interpolation appends piece by
    /// piece, each append checking and growing the string, and a report writes such a line
    /// for each of thousands of tasks.
    init(joining parts: String...) {
        let count = parts.reduce(0) { $0 + $1.utf8.count }
        self.init(unsafeUninitializedCapacity: count) { room in
            var writer = ByteWriter(room)
            for part in parts { writer.text(part) }
            return writer.count
        }
    }

    /// `prefix` followed by `value` in decimal (`task 17`), as interpolation writes it
    /// without interpolation's general machinery: a traced program's every task is named so
    /// until its code shows.
    public init(_ prefix: StaticString, decimal value: UInt64) {
        // The exact length: a short ASCII text is then written straight into a small
        // string, stored inline, without a pass to validate it.
        let count = prefix.utf8CodeUnitCount + (value < 10 ? 1 : ByteWriter.digitCount(value))
        self.init(unsafeUninitializedCapacity: count) { room in
            var writer = ByteWriter(room)
            writer.ascii(prefix)
            writer.uint(value)
            return writer.count
        }
    }
}
