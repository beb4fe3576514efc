/// The log format's names as bytes, end to end in one buffer: the parser looks names up
/// straight from a line's bytes, the writer copies them, neither making a String. Raw
/// buffers, allocated once and never written or freed after `init` (the tables are
/// statics), so a lookup counts no references: it runs for every field of every line.
struct NameTable: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let ranges: UnsafeBufferPointer<Range<Int>>
    /// The longest name's length in bytes.
    let longest: Int

    init(_ names: [String]) {
        let all = Array(names.joined().utf8)
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, all.count))
        _ = bytes.initialize(from: all)
        let ranges = UnsafeMutableBufferPointer<Range<Int>>.allocate(capacity: max(1, names.count))
        var start = 0
        for (n, name) in names.enumerated() {
            ranges.initializeElement(at: n, to: start..<start + name.utf8.count)
            start += name.utf8.count
        }
        self.bytes = UnsafeBufferPointer(rebasing: bytes[0..<all.count])
        self.ranges = UnsafeBufferPointer(rebasing: ranges[0..<names.count])
        longest = names.map(\.utf8.count).max() ?? 0
    }

    /// The position in `names` of the name spelled by `key`.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for n in ranges.indices {
            let range = ranges[n]
            guard range.count == key.count else { continue }
            var k = 0
            while k < key.count, bytes[range.lowerBound + k] == key[k] { k += 1 }
            if k == key.count { return n }
        }
        return nil
    }

    /// The bytes of the name at position `n` in `names`.
    @inline(__always)
    func name(at n: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[ranges[n]])
    }
}
