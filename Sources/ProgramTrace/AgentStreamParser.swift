import AgentWire

/// One record of the agent's stream (AgentWire.h says what each field means per kind). Plain
/// values only, so a batch of them moves without reference counting; a TEXT record's bytes
/// are in its batch's `texts`, at the index its `c` holds.
public struct AgentRecord: Sendable, Equatable {
    public var kind: UInt32
    public var time: UInt64
    public var task: UInt64
    public var a: UInt64
    public var b: UInt64
    public var c: UInt64
    public var thread: UInt32

    public init(kind: il_record_kind, time: UInt64 = 0, task: UInt64 = 0, a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0,
                thread: UInt32 = 0) {
        self.kind = kind.rawValue
        self.time = time
        self.task = task
        self.a = a
        self.b = b
        self.c = c
        self.thread = thread
    }

    public func `is`(_ kind: il_record_kind) -> Bool { self.kind == kind.rawValue }

    /// The record as the agent writes it, followed by `text` for a TEXT record (tests build
    /// streams with it).
    public func wireBytes(text: String? = nil) -> [UInt8] {
        var raw = il_record(time: time, task: task, a: a, b: b, c: text == nil ? c : 0, thread: thread, kind: UInt16(kind), spare: 0)
        var out = withUnsafeBytes(of: &raw) { Array($0) }
        if let text {
            let bytes = Array(text.utf8)
            out.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(bytes.count), toByteOffset: 16, as: UInt64.self) }
            out += bytes + [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8)
        }
        return out
    }
}

/// Records in stream order, and the texts their TEXT records carry.
public struct AgentBatch: Sendable, Equatable {
    public var records: [AgentRecord] = []
    public var texts: [String] = []

    public init() {}

    /// Records with their texts (nil for all but TEXT records), as tests write them.
    public init(_ items: [(AgentRecord, String?)]) {
        for (record, text) in items { append(record, text: text) }
    }

    /// Appends a record; a TEXT record's text is kept in `texts` and its `c` points at it
    /// (and its `a`, the byte count, is set from the text).
    public mutating func append(_ record: AgentRecord, text: String? = nil) {
        var record = record
        if let text {
            record.c = UInt64(texts.count)
            record.a = UInt64(text.utf8.count)
            texts.append(text)
        }
        records.append(record)
    }

    /// The text of a TEXT record of this batch.
    public func text(of record: AgentRecord) -> String {
        record.c < UInt64(texts.count) ? texts[Int(record.c)] : ""
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
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(Corrupt) -> AgentBatch {
        pending.append(contentsOf: bytes)
        var batch = AgentBatch()
        batch.records.reserveCapacity(pending.count / Self.recordSize)
        var offset = 0
        while pending.count - offset >= Self.recordSize {
            let raw = pending.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: il_record.self) }
            let record = AgentRecord(kind: il_record_kind(UInt32(raw.kind)), time: raw.time, task: raw.task,
                                     a: raw.a, b: raw.b, c: raw.c, thread: raw.thread)
            var size = Self.recordSize
            var text: String?
            if record.is(IL_REC_TEXT) {
                guard raw.a <= Self.textLimit else {
                    throw Corrupt(description: "the agent's stream is damaged (a text of \(raw.a) bytes)")
                }
                let length = Int(raw.a)
                let padded = (length + 7) & ~7
                guard pending.count - offset >= size + padded else { break }
                let start = offset + size
                text = String(decoding: pending[start..<start + length], as: UTF8.self)
                size += padded
            }
            batch.append(record, text: text)
            offset += size
        }
        pending.removeFirst(offset)
        return batch
    }

    /// Bytes of a record cut short by the end of the stream.
    public var leftover: Int { pending.count }
}
