import Foundation
import Testing
@testable import TaskTrace

/// A corpus of bad logs, each with the exact one-line message it must produce.
@Suite struct SessionLogErrorTests {
    static let h = LogSamples.headerLine
    static let spawn = #"{"t":0,"task":1,"k":"spawn","name":"main","parent":0}"#
    static let start = #"{"t":1,"task":1,"k":"start","thread":0,"wait":1}"#

    /// Reads `text` as a whole log; returns the error's description, FILE standing for the path.
    static func failure(_ text: String) -> String? {
        let folder = TempFolder()
        let path = folder.file("session.jsonl", text)
        do {
            let reader = try SessionLogReader(path: path)
            _ = try reader.readAll()
            return nil
        } catch {
            return error.description.replacingOccurrences(of: path, with: "FILE")
        }
    }

    static let corpus: [(String, String)] = [
        ("", "FILE: empty file, not a session log"),
        ("hello\n", "FILE:1: not an Interleave session log (line 1 is not a session header)"),
        ("\n\(h)\n", "FILE:1: not an Interleave session log (line 1 is not a session header)"),
        (#"{"name":"a json file"}"# + "\n", "FILE:1: not an Interleave session log (line 1 is not a session header)"),
        ("\(spawn)\n\(start)\n",
         "FILE:1: not an Interleave session log (line 1 is an event, not a session header: was the file cut?)"),
        (#"{"interleave_log":2,"whatever":true}"# + "\n\(spawn)\n",
         "FILE:1: written by a newer Interleave (format 2); this one reads format 1"),
        (#"{"interleave_log":0}"# + "\n", "FILE:1: field 'interleave_log': unknown format 0"),
        (h.replacingOccurrences(of: #""threads":1,"#, with: "") + "\n", "FILE:1: field 'threads': missing"),
        (h.replacingOccurrences(of: #""threads":1"#, with: #""threads":"one""#) + "\n", "FILE:1: field 'threads': expected an integer"),
        (h.replacingOccurrences(of: #""time":"virtual""#, with: #""time":"sideways""#) + "\n", "FILE:1: field 'time': invalid value"),
        ("\(h)\n\(spawn)\n" + #"{"t":2,"task":1,"k":"zap"}"# + "\n", "FILE:3: field 'k': unknown event kind 'zap'"),
        ("\(h)\n" + #"{"t":0,"task":1,"k":"spawn","parent":0}"# + "\n", "FILE:2: field 'name': missing"),
        ("\(h)\n" + #"{"t":"soon","task":1,"k":"cancel"}"# + "\n", "FILE:2: field 't': expected an integer, found '\"soon\"'"),
        ("\(h)\n" + #"{"t":0,"task":4294967296,"k":"cancel"}"# + "\n", "FILE:2: field 'task': task id 4294967296 out of range"),
        ("\(h)\n\(spawn)\n" + #"{"t":0,"task":3000000000,"k":"spawn","name":"x","parent":1}"# + "\n",
         "FILE:3: field 'task': task id 3000000000 is out of sequence (the highest so far is 1)"),
        ("\(h)\n" + #"{"t":-5,"task":0,"k":"threads","count":1}"# + "\n", "FILE:2: field 't': negative time"),
        ("\(h)\n" + #"{"t":9223372036854775807,"task":0,"k":"threads","count":1}"# + "\n",
         "FILE:2: field 't': 9223372036854775807 is beyond the latest time a log may hold (4611686018427387904 ticks, 146 years)"),
        ("\(h)\n\(spawn)\n" + #"{"t":1,"task":1,"k":"suspend","reason":"nap"}"# + "\n",
         "FILE:3: field 'reason': unknown suspend reason 'nap'"),
        ("\(h)\n" + #"{"t":0,"task":1,"k":"cancel""# + "\n\(spawn)\n", "FILE:2: field 'k': line ends inside the object"),
        ("\(h)\n\(spawn)\nnot json\n", "FILE:3: not a JSON object"),
        ("\(h)\n" + #"{"t":0,"task":1,"k":"\u001b]0;pwned\u0007"}"# + "\n",
         "FILE:2: field 'k': unknown event kind '\\e]0;pwned\\u{7}'"),
    ]

    @Test(arguments: 0..<corpus.count)
    func badLogGivesItsExactMessage(_ index: Int) {
        let (text, message) = Self.corpus[index]
        #expect(Self.failure(text) == message)
    }

    @Test func messagesAreOneSafeLine() {
        for (text, _) in Self.corpus {
            let message = Self.failure(text) ?? ""
            #expect(!message.contains("\n"))
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        }
    }

    @Test func missingFileAndFolder() {
        let folder = TempFolder()
        #expect(throws: SessionLogError(.noSuchFile, file: folder.path("nope.jsonl"), reason: "no such file")) {
            try SessionLogReader(path: folder.path("nope.jsonl"))
        }
        do {
            _ = try SessionLogReader(path: folder.url.path)
            Issue.record("a folder opened as a log")
        } catch {
            #expect(error.description == "\(folder.url.path): is a directory, not a session log")
        }
    }

    @Test func truncatedLastLineIsAWarning() throws {
        let folder = TempFolder()
        let path = folder.file("cut.jsonl", "\(Self.h)\n\(Self.spawn)\n\(Self.start)\n" + #"{"t":2,"task":1,"k":"susp"#)
        let reader = try SessionLogReader(path: path)
        #expect(try reader.readAll().count == 2)
        #expect(reader.warnings.map(\.description) == [
            "\(path):4: last line is incomplete (the recording stopped mid-line); ignored",
            "\(path): the recording was cut short at 0 u (the log has no end record: its writer did not close it)",
        ])
        #expect(reader.endTime == nil)
    }

    @Test func completeLastLineWithoutNewlineIsAnEvent() throws {
        let folder = TempFolder()
        let path = folder.file("edited.jsonl", "\(Self.h)\r\n\(Self.spawn)\r\n\n  \n\(Self.start)")
        let reader = try SessionLogReader(path: path)
        #expect(try reader.readAll().map(\.time) == [0, 1])
        // Complete, but without an end record: cut short, never "incomplete last line".
        #expect(reader.warnings.map(\.kind) == [.cutShort(at: 1, unit: "u")])
    }

    /// A traced program's log (`exec --record`) counts seconds: its cut is told in them.
    @Test func aProgramLogCutShortIsToldInSeconds() throws {
        let folder = TempFolder()
        var program = LogSamples.header
        program.program = "/tmp/a.out"
        let header = String(decoding: try program.jsonLine(), as: UTF8.self)
        let path = folder.file("exec.jsonl", "\(header)\n\(Self.spawn)\n\(Self.start)\n")
        let reader = try SessionLogReader(path: path)
        _ = try reader.readAll()
        #expect(reader.warnings.map(\.kind) == [.cutShort(at: 1, unit: "s")])
        #expect(reader.warnings.first?.description.contains(" s (the log has no end record") == true, "\(reader.warnings)")
    }

    /// Times that go backwards keep their file order (the bus's causal order) and are
    /// clamped to the time before, so no duration is ever negative.
    @Test func timesGoingBackwardsAreClampedWithAWarning() throws {
        let folder = TempFolder()
        let lines = [
            #"{"t":0,"task":1,"k":"spawn","name":"a","parent":0}"#,
            #"{"t":50,"task":1,"k":"start","thread":0,"wait":50}"#,
            #"{"t":40,"task":1,"k":"suspend","reason":"sleep"}"#,
            #"{"t":45,"task":1,"k":"resume","thread":0,"wait":0}"#,
            #"{"t":60,"task":1,"k":"complete","result":""}"#,
        ]
        let end = #"{"t":60,"task":0,"k":"end"}"#
        let path = folder.file("back.jsonl", ([Self.h] + lines + [end]).joined(separator: "\n") + "\n")
        let reader = try SessionLogReader(path: path)
        let events = try reader.readAll()
        #expect(events.map(\.time) == [0, 50, 50, 50, 60])
        #expect(events.map(\.kind.tag) == ["spawn", "start", "suspend", "resume", "complete"])
        #expect(reader.warnings.map(\.description) == [
            "\(path):4: event time goes backwards (2 events); kept file order and clamped their times to the time before",
        ])
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.task(1)?.runningTime == 10)
    }

    @Test func writerOpenErrorsNameTheFile() {
        #expect(throws: SessionLogError(.cannotOpen, file: "/nonexistent-interleave/x.jsonl", reason: "cannot create: its folder does not exist")) {
            try SessionLogWriter(path: "/nonexistent-interleave/x.jsonl", header: LogSamples.header)
        }
        do {
            _ = try SessionLogWriter(path: "/etc/passwd/x.jsonl", header: LogSamples.header)
            Issue.record("created a file under a file")
        } catch {
            #expect(error.description == "/etc/passwd/x.jsonl: cannot create: Not a directory")
        }
    }

    /// A full disk stops the recording, never the program: the error is a value.
    @Test func diskFullIsAnErrorValue() throws {
        let writer = try SessionLogWriter(path: "/dev/full", header: LogSamples.header)
        writer.write(LogSamples.everyKind)
        writer.flush()
        let expected = "/dev/full: write failed: No space left on device (recording stopped)"
        #expect(writer.error?.description == expected)
        writer.write(LogSamples.everyKind)
        #expect(writer.close()?.description == expected)
        #expect(writer.eventsWritten == 0)
        #expect(writer.eventsLost == Int64(2 * LogSamples.everyKind.count))
    }
}
