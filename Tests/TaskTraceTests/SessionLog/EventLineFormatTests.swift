import Foundation
import Testing
@testable import TaskTrace
@testable import TraceModel

/// The fast encoder and parser must agree with the `Codable` form, which is the format's
/// reference, in both directions.
@Suite struct EventLineFormatTests {
    @Test func fastEncodingDecodesWithJSONDecoder() throws {
        for event in LogSamples.everyKind {
            let decoded = try JSONDecoder().decode(TaskEvent.self, from: Data(event.jsonLine.utf8))
            #expect(decoded == event, "\(event.jsonLine)")
        }
    }

    @Test func fastParserReadsJSONEncoderOutput() throws {
        for event in LogSamples.everyKind {
            for formatting: JSONEncoder.OutputFormatting in [[], [.sortedKeys], [.prettyPrinted]] {
                let encoder = JSONEncoder()
                encoder.outputFormatting = formatting
                let line = String(decoding: try encoder.encode(event), as: UTF8.self)
                #expect(try EventLineParser.parse(line) == event, "\(line)")
            }
        }
    }

    @Test func fastRoundTripIsExact() throws {
        for event in LogSamples.everyKind {
            #expect(try EventLineParser.parse(event.jsonLine) == event)
        }
    }

    @Test func aCancelRequestRoundTripsInEveryForm() throws {
        let event = TaskEvent(time: 42, task: 7, kind: .cancelRequested)
        #expect(event.jsonLine == #"{"t":42,"task":7,"k":"cancel-requested"}"#)
        #expect(try EventLineParser.parse(event.jsonLine) == event)
        #expect(try JSONDecoder().decode(TaskEvent.self, from: Data(event.jsonLine.utf8)) == event)
        #expect(try EventLineParser.parse(String(decoding: try JSONEncoder().encode(event), as: UTF8.self)) == event)
    }

    @Test func aSlicesRunQueueWaitRoundTripsInEveryForm() throws {
        let event = TaskEvent(time: 42, task: 7, kind: .preempted(wait: 3_500_000))
        #expect(event.jsonLine == #"{"t":42,"task":7,"k":"preempted","wait":3500000}"#)
        #expect(try EventLineParser.parse(event.jsonLine) == event)
        #expect(try JSONDecoder().decode(TaskEvent.self, from: Data(event.jsonLine.utf8)) == event)
        #expect(try EventLineParser.parse(String(decoding: try JSONEncoder().encode(event), as: UTF8.self)) == event)
        // The wait is a duration: never negative, and required.
        #expect(throws: EventLineParser.Failure.self) { try EventLineParser.parse(#"{"t":42,"task":7,"k":"preempted","wait":-1}"#) }
        #expect(throws: EventLineParser.Failure.self) { try EventLineParser.parse(#"{"t":42,"task":7,"k":"preempted"}"#) }
    }

    @Test func extremesRoundTrip() throws {
        let event = TaskEvent(time: Ticks.limit, task: TaskID.max, kind: .counter(name: "", value: Int64.min))
        #expect(try EventLineParser.parse(event.jsonLine) == event)
        #expect(try JSONDecoder().decode(TaskEvent.self, from: Data(event.jsonLine.utf8)) == event)
    }

    @Test func encodedLinesAreSingleLinesWithoutControlCharacters() {
        for event in LogSamples.everyKind {
            let line = event.jsonLine
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line)")
        }
        #expect(TaskEvent(time: 1, task: 2, kind: .suspend(.sleep)).jsonLine == #"{"t":1,"task":2,"k":"suspend","reason":"sleep"}"#)
    }

    @Test func parserAcceptsAnyJSONSpelling() throws {
        let expected = TaskEvent(time: 7, task: 3, kind: .spawn(name: "a/é\u{1F9F5}", parent: 1))
        let spellings = [
            #"{"k":"spawn","name":"a\/\u00e9\ud83e\uddf5","parent":1,"task":3,"t":7}"#,
            #"  { "t" : 7 , "task" : 3 , "k" : "spawn" , "name" : "a/é🧵" , "parent" : 1 }  "#,
            #"{"t":7,"task":3,"k":"spawn","name":"a/é🧵","parent":1,"future":{"x":[1,2.5e3,true,null,"s"]},"n":-1}"#,
            #"{"\u0074":7,"task":3,"k":"spawn","name":"a/é🧵","parent":1}"#,
        ]
        for line in spellings {
            #expect(try EventLineParser.parse(line) == expected, "\(line)")
        }
    }

    @Test func parserRejectsWithFieldAndReason() {
        let cases: [(String, String?, String)] = [
            (#"{"t":1,"task":1,"k":"zap"}"#, "k", "unknown event kind 'zap'"),
            (#"{"t":"soon","task":1,"k":"cancel"}"#, "t", "expected an integer, found '\"soon\"'"),
            (#"{"t":1.5,"task":1,"k":"cancel"}"#, "t", "expected an integer, found '1.5'"),
            (#"{"t":1,"task":-1,"k":"cancel"}"#, "task", "task id -1 out of range"),
            (#"{"t":-1,"task":1,"k":"cancel"}"#, "t", "negative time"),
            (#"{"t":1,"task":1,"k":"start","thread":0,"wait":-5}"#, "wait", "negative wait"),
            (#"{"t":99999999999999999999,"task":1,"k":"cancel"}"#, "t", "number out of range"),
            (#"{"t":9223372036854775807,"task":1,"k":"cancel"}"#, "t",
             "9223372036854775807 is beyond the latest time a log may hold (4611686018427387904 ticks, 146 years)"),
            (#"{"t":1,"task":1,"k":"start","thread":0,"wait":4611686018427387905}"#, "wait",
             "4611686018427387905 is beyond the latest time a log may hold (4611686018427387904 ticks, 146 years)"),
            (#"{"t":1,"task":1,"k":"spawn","parent":0}"#, "name", "missing"),
            (#"{"task":1,"k":"cancel"}"#, "t", "missing"),
            (#"{"t":1,"task":1,"k":"suspend","reason":"nap"}"#, "reason", "unknown suspend reason 'nap'"),
            (#"{"t":1,"task":1,"k":"message","text":"a\qb"}"#, "text", "invalid escape '\\q'"),
            (#"{"t":1,"task":1,"k":"message","text":"\ud800"}"#, "text", "unpaired surrogate in \\u escape"),
            (#"{"t":1,"task":1,"k":"message","text":"abc"#, "text", "unterminated string"),
            (#"{"t":1,"task":1"#, "task", "line ends inside the object"),
            (#"{"t":1,"task":1,"k":"cancel"} x"#, nil, "unexpected text after the object"),
            (#"[1,2]"#, nil, "not a JSON object"),
            ("", nil, "empty line"),
            ("{\"t\":1,\"task\":1,\"k\":\"message\",\"text\":\"a\u{1B}b\"}", "text", "raw control character in a string"),
            ("{\"t\":1,\"task\":1,\"k\":\"\\u001b[2J\"}", "k", "unknown event kind '\\e[2J'"),
        ]
        for (line, field, reason) in cases {
            #expect(throws: EventLineParser.Failure(field: field, reason: reason), "\(line)") {
                try EventLineParser.parse(line)
            }
        }
    }

    @Test func integersAreSpelledAsSwiftSpellsThem() {
        var unsigned: [UInt64] = [0, 1, 9, UInt64.max - 1, UInt64.max]
        var power: UInt64 = 1
        for _ in 1...19 {
            power *= 10
            unsigned += [power - 1, power, power + 1, power + power / 2]
        }
        for value in unsigned {
            var bytes: [UInt8] = []
            bytes.appendUInt(value)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
        for value: Int64 in [.min, .min + 1, -1_000_000_007, -10, -9, -1, 0, 1, .max] {
            var bytes: [UInt8] = []
            bytes.appendInt(value)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    @Test func microsecondsAreExact() {
        let cases: [(Int64, String)] = [(0, "0"), (1, "0.001"), (1500, "1.5"), (2000, "2"), (1_234_567, "1234.567"), (-2500, "-2.5"), (10, "0.01")]
        for (nanos, text) in cases {
            var bytes: [UInt8] = []
            bytes.appendMicros(nanos)
            #expect(String(decoding: bytes, as: UTF8.self) == text)
        }
    }
}

/// Seeded random events, with strings drawn from every awkward corner of Unicode: the fast
/// path and `Codable` must agree on all of them.
@Suite struct EventLineAgreementTests {
    static func randomString(_ random: inout TestRandom) -> String {
        let pools: [ClosedRange<UInt32>] = [0x00...0x1F, 0x20...0x7E, 0x7F...0x9F, 0xA0...0x2FF, 0x2000...0x206F, 0x1F300...0x1F9FF]
        var text = ""
        for _ in 0..<random.below(12) {
            let pool = pools[random.below(pools.count)]
            if let scalar = Unicode.Scalar(pool.lowerBound + UInt32(random.below(Int(pool.upperBound - pool.lowerBound) + 1))) {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    static func randomEvent(_ random: inout TestRandom) -> TaskEvent {
        let id = TaskID(random.below(1000))
        let number = Int64(bitPattern: random.next()) >> random.below(64)
        let kinds: [TaskEvent.Kind] = [
            .spawn(name: randomString(&random), parent: TaskID(random.below(100))),
            .start(thread: random.below(64), readyWait: abs(number / 2)),
            .resume(thread: random.below(64), readyWait: abs(number / 2)),
            .suspend([.sleep, .queueGet, .queuePut, .semaphore, .awaitingTask(TaskID(1 + random.below(99))), .awaitingGroup, .yield, .other][random.below(8)]),
            .complete(result: randomString(&random)),
            .cancel,
            .fail(error: randomString(&random)),
            .message(randomString(&random)),
            .counter(name: randomString(&random), value: number),
            .knob(name: randomString(&random), value: number),
            .threads(count: random.below(4096)),
            .dropped(count: abs(number / 2)),
        ]
        return TaskEvent(time: abs(number / 2), task: id, kind: kinds[random.below(kinds.count)])
    }

    @Test func fastAndCodableAgreeOnRandomEvents() throws {
        var random = TestRandom(state: 99)
        let encoder = JSONEncoder()
        for _ in 0..<3000 {
            let event = Self.randomEvent(&random)
            let line = event.jsonLine
            #expect(try JSONDecoder().decode(TaskEvent.self, from: Data(line.utf8)) == event, "\(line)")
            #expect(try EventLineParser.parse(line) == event, "\(line)")
            let codable = String(decoding: try encoder.encode(event), as: UTF8.self)
            #expect(try EventLineParser.parse(codable) == event, "\(codable)")
        }
    }
}
