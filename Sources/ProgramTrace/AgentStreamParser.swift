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
        if let text { keep(text, for: &record) }
        records.append(record)
    }

    /// Keeps the text of TEXT record `record`, which is made to point at it.
    mutating func keep(_ text: String, for record: inout AgentRecord) {
        record.c = UInt64(texts.count)
        record.a = UInt64(text.utf8.count)
        texts.append(text)
    }

    /// The text of a TEXT record of this batch.
    public func text(of record: AgentRecord) -> String {
        record.c < UInt64(texts.count) ? texts[Int(record.c)] : ""
    }
}

/// Cuts the agent's byte stream into records, across reads that end anywhere.
///
/// Records are read straight from the bytes handed in; only a record cut by the end of a
/// read is copied, into `pending`, and completed from the next read's first bytes. (Copying
/// every read into one growing buffer first cost as much as cutting it into records.)
public struct AgentStreamParser {
    /// The start of a record the last read cut short: never a whole record.
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
        let fed = bytes.withContiguousStorageIfAvailable { input in
            Result { () throws(Corrupt) in try feed(UnsafeRawBufferPointer(input)) }
        } ?? Array(bytes).withUnsafeBytes { input in
            Result { () throws(Corrupt) in try feed(input) }
        }
        return try fed.get()
    }

    private mutating func feed(_ input: UnsafeRawBufferPointer) throws(Corrupt) -> AgentBatch {
        var batch = AgentBatch()
        var input = input[...]
        // The record the last read cut short, completed first with as many bytes as it lacks.
        while !pending.isEmpty {
            var wanted = Self.recordSize - pending.count
            if let header = pending.withUnsafeBytes({ Self.header(at: $0[...]) }) { wanted = try Self.size(of: header) - pending.count }
            if wanted == 0 {
                _ = try pending.withUnsafeBytes { bytes in Result { () throws(Corrupt) in try Self.cut(bytes[...], into: &batch) } }.get()
                pending.removeAll(keepingCapacity: true)
                break
            }
            if input.isEmpty { break }
            let taken = input.prefix(wanted)
            pending.append(contentsOf: taken)
            input = input[taken.endIndex...]
        }
        let used = try Self.cut(input, into: &batch)
        pending.append(contentsOf: input.dropFirst(used))
        return batch
    }

    /// The header of the record `bytes` begin with; nil until it is all there.
    private static func header(at bytes: Slice<UnsafeRawBufferPointer>) -> il_record? {
        bytes.count >= recordSize ? bytes.base.loadUnaligned(fromByteOffset: bytes.startIndex, as: il_record.self) : nil
    }

    /// The whole size of the record `raw` heads, its text and the text's padding included.
    private static func size(of raw: il_record) throws(Corrupt) -> Int {
        guard UInt32(raw.kind) == IL_REC_TEXT.rawValue else { return recordSize }
        guard raw.a <= textLimit else {
            throw Corrupt(description: "the agent's stream is damaged (a text of \(raw.a) bytes)")
        }
        return recordSize + (Int(raw.a) + 7) & ~7
    }

    /// Appends the whole records at the start of `bytes` to `batch`; returns the bytes they took.
    private static func cut(_ bytes: Slice<UnsafeRawBufferPointer>, into batch: inout AgentBatch) throws(Corrupt) -> Int {
        guard let base = bytes.base.baseAddress else { return 0 }
        var offset = bytes.startIndex
        let end = bytes.endIndex
        var damage: Corrupt?
        // Written in place, after the batch's records so far (the one a read cut short, if
        // any), into room for as many as the bytes could hold: an append per record would
        // check the array's uniqueness and room every time.
        let earlier = batch.records
        let room = earlier.count + (end - offset) / recordSize
        // Nothing to write: an array made with no room would set the count of the runtime's
        // one shared empty array, a write that races with every other thread doing the same.
        guard room > 0 else { return 0 }
        batch.records = [AgentRecord](unsafeUninitializedCapacity: room) { room, written in
            for record in earlier {
                (room.baseAddress! + written).initialize(to: record)
                written += 1
            }
            // `offset` and `end` lie within `bytes`, so every load reads its bytes only; a
            // record takes `recordSize` bytes or more, so `room` has a place for each one.
            while end - offset >= recordSize {
                let raw = base.loadUnaligned(fromByteOffset: offset, as: il_record.self)
                var record = AgentRecord(kind: il_record_kind(UInt32(raw.kind)), time: raw.time, task: raw.task,
                                         a: raw.a, b: raw.b, c: raw.c, thread: raw.thread)
                var size = recordSize
                if record.is(IL_REC_TEXT) {
                    do throws(Corrupt) { size = try Self.size(of: raw) } catch {
                        damage = error
                        return
                    }
                    guard end - offset >= size else { return }
                    let start = offset + recordSize
                    batch.keep(String(decoding: bytes[start..<start + Int(raw.a)], as: UTF8.self), for: &record)
                }
                (room.baseAddress! + written).initialize(to: record)
                written += 1
                offset += size
            }
        }
        if let damage { throw damage }
        return offset - bytes.startIndex
    }

    /// Bytes of a record cut short by the end of the stream.
    public var leftover: Int { pending.count }
}
