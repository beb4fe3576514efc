import AgentWire
import ProgramTrace
import Testing

@Suite struct AgentStreamParserTests {
    static let records = [
        AgentRecord(kind: IL_REC_HELLO, task: UInt64(IL_WIRE_VERSION), a: 0x7F, b: 42, c: 1_000),
        AgentRecord(kind: IL_REC_TEXT, task: 0xABC, a: 0, b: UInt64(IL_TEXT_SYMBOL.rawValue), text: "closure #1 in main()"),
        AgentRecord(kind: IL_REC_CREATE, time: 10, task: 2, a: 1, b: 0, c: 0xABC, thread: 7),
        AgentRecord(kind: IL_REC_TEXT, task: 2, b: UInt64(IL_TEXT_NAME.rawValue), text: "eight by"),
        AgentRecord(kind: IL_REC_TEXT, task: 3, b: UInt64(IL_TEXT_NAME.rawValue), text: ""),
        AgentRecord(kind: IL_REC_SLICE_BEGIN, time: 20, task: 2, a: 0xABC, thread: 8),
    ]

    /// Text records carry their length in `a`, as the agent writes them.
    static func expected() -> [AgentRecord] {
        records.map { record in
            var record = record
            if let text = record.text { record.a = UInt64(text.utf8.count) }
            return record
        }
    }

    @Test func recordsSurviveReadsThatEndAnywhere() throws {
        let bytes = Self.records.flatMap(\.wireBytes)
        for cut in 0...bytes.count {
            var parser = AgentStreamParser()
            let first = try parser.feed(bytes[..<cut])
            let second = try parser.feed(bytes[cut...])
            #expect(first + second == Self.expected(), "cut at \(cut)")
            #expect(parser.leftover == 0)
        }
    }

    @Test func aStreamCutInsideARecordLeavesItsBytesOver() throws {
        let bytes = Self.records.flatMap(\.wireBytes)
        var parser = AgentStreamParser()
        let records = try parser.feed(bytes.dropLast(5))
        #expect(records == Array(Self.expected().dropLast()))
        #expect(parser.leftover == 48 - 5)
    }

    @Test func anImpossibleTextLengthIsDamage() {
        var bytes = AgentRecord(kind: IL_REC_TEXT, task: 1, b: 1, text: "x").wireBytes
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(1 << 40), toByteOffset: 16, as: UInt64.self) }
        var parser = AgentStreamParser()
        #expect(throws: AgentStreamParser.Corrupt.self) { try parser.feed(bytes) }
    }
}
