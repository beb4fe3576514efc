import AgentWire

/// One record of the agent's stream (AgentWire.h says what each field means per kind).
public struct AgentRecord: Sendable, Equatable {
    public var kind: UInt32
    public var time: UInt64
    public var task: UInt64
    public var a: UInt64
    public var b: UInt64
    public var c: UInt64
    public var thread: UInt32
    /// The bytes after a TEXT record.
    public var text: String?

    public init(kind: il_record_kind, time: UInt64 = 0, task: UInt64 = 0, a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0,
                thread: UInt32 = 0, text: String? = nil) {
        self.kind = kind.rawValue
        self.time = time
        self.task = task
        self.a = a
        self.b = b
        self.c = c
        self.thread = thread
        self.text = text
    }

    public func `is`(_ kind: il_record_kind) -> Bool { self.kind == kind.rawValue }

    /// The record as the agent writes it (tests build streams with it).
    public var wireBytes: [UInt8] {
        var raw = il_record(time: time, task: task, a: a, b: b, c: c, thread: thread, kind: UInt16(kind), spare: 0)
        var out = withUnsafeBytes(of: &raw) { Array($0) }
        if let text {
            let bytes = Array(text.utf8)
            out.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(bytes.count), toByteOffset: 16, as: UInt64.self) }
            out += bytes + [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8)
        }
        return out
    }
}

/// Cuts the agent's byte stream into records, across reads that end anywhere.
public struct AgentStreamParser {
    private var pending: [UInt8] = []
    static let recordSize = MemoryLayout<il_record>.size
    /// Longer texts are not written by the agent: a stream that has one is damaged.
    static let textLimit: UInt64 = 4096

    public struct Corrupt: Error, CustomStringConvertible {
        public let description: String
    }

    public init() {}

    /// The records completed by `bytes`.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(Corrupt) -> [AgentRecord] {
        pending.append(contentsOf: bytes)
        var records: [AgentRecord] = []
        var offset = 0
        while pending.count - offset >= Self.recordSize {
            let raw = pending.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: il_record.self) }
            var record = AgentRecord(kind: il_record_kind(UInt32(raw.kind)), time: raw.time, task: raw.task,
                                     a: raw.a, b: raw.b, c: raw.c, thread: raw.thread)
            var size = Self.recordSize
            if record.is(IL_REC_TEXT) {
                guard raw.a <= Self.textLimit else {
                    throw Corrupt(description: "the agent's stream is damaged (a text of \(raw.a) bytes)")
                }
                let length = Int(raw.a)
                let padded = (length + 7) & ~7
                guard pending.count - offset >= size + padded else { break }
                let start = offset + size
                record.text = String(decoding: pending[start..<start + length], as: UTF8.self)
                size += padded
            }
            records.append(record)
            offset += size
        }
        pending.removeFirst(offset)
        return records
    }

    /// Bytes of a record cut short by the end of the stream.
    public var leftover: Int { pending.count }
}
