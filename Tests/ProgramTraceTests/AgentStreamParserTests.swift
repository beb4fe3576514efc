import AgentWire
import ProgramTrace
import Testing

@Suite struct AgentStreamParserTests {
    static let items: [(AgentRecord, String?)] = [
        (AgentRecord(kind: IL_REC_HELLO, task: UInt64(IL_WIRE_VERSION), a: 0x7F, b: 42, c: 1_000), nil),
        (AgentRecord(kind: IL_REC_TEXT, task: 0xABC, b: UInt64(IL_TEXT_SYMBOL.rawValue)), "closure #1 in main()"),
        (AgentRecord(kind: IL_REC_CREATE, time: 10, task: 2, a: 1, b: 0, c: 0xABC, thread: 7), nil),
        (AgentRecord(kind: IL_REC_TEXT, task: 2, b: UInt64(IL_TEXT_NAME.rawValue)), "eight by"),
        (AgentRecord(kind: IL_REC_TEXT, task: 3, b: UInt64(IL_TEXT_NAME.rawValue)), ""),
        (AgentRecord(kind: IL_REC_SLICE_BEGIN, time: 20, task: 2, a: 0xABC, thread: 8), nil),
        // A slice's end with its run-queue wait (c, ns).
        (AgentRecord(kind: IL_REC_SLICE_END, time: 5_000_030, task: 2, a: 1, b: 0xABC, c: 3_250_000, thread: 8), nil),
    ]
    static let bytes = items.flatMap { $0.0.wireBytes(text: $0.1) }

    /// Two batches as one: what a reader sees across two reads.
    static func joined(_ first: AgentBatch, _ second: AgentBatch) -> AgentBatch {
        var batch = first
        for record in second.records {
            batch.append(record, text: record.is(IL_REC_TEXT) ? second.text(of: record) : nil)
        }
        return batch
    }

    @Test func recordsSurviveReadsThatEndAnywhere() throws {
        // The HELLO record's c is sent as written; texts and their lengths come back whole.
        let expected = AgentBatch(Self.items)
        for cut in 0...Self.bytes.count {
            var parser = AgentStreamParser()
            let first = try parser.feed(Self.bytes[..<cut])
            let second = try parser.feed(Self.bytes[cut...])
            #expect(Self.joined(first, second) == expected, "cut at \(cut)")
            #expect(parser.leftover == 0)
        }
        var parser = AgentStreamParser()
        #expect(try parser.feed(Self.bytes).records.last?.c == 3_250_000)
    }

    @Test func recordsSurviveReadsOfAByteEach() throws {
        // A record cut by several reads in a row, a text's header and its text apart too.
        var parser = AgentStreamParser()
        var batch = AgentBatch()
        for byte in Self.bytes { batch = Self.joined(batch, try parser.feed([byte])) }
        #expect(batch == AgentBatch(Self.items))
        #expect(parser.leftover == 0)
    }

    @Test func textsComeWithTheirRecords() throws {
        var parser = AgentStreamParser()
        let batch = try parser.feed(Self.bytes)
        let texts = batch.records.filter { $0.is(IL_REC_TEXT) }.map { batch.text(of: $0) }
        #expect(texts == ["closure #1 in main()", "eight by", ""])
    }

    @Test func aStreamCutInsideARecordLeavesItsBytesOver() throws {
        var parser = AgentStreamParser()
        let batch = try parser.feed(Self.bytes.dropLast(5))
        #expect(batch == AgentBatch(Array(Self.items.dropLast())))
        #expect(parser.leftover == 48 - 5)
    }

    @Test func anImpossibleTextLengthIsDamage() {
        var bytes = AgentRecord(kind: IL_REC_TEXT, task: 1, b: 1).wireBytes(text: "x")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(1 << 40), toByteOffset: 16, as: UInt64.self) }
        var parser = AgentStreamParser()
        #expect(throws: AgentStreamParser.Corrupt.self) { try parser.feed(bytes) }
    }
}
