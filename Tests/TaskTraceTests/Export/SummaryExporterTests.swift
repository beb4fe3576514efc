import Foundation
import Testing
@testable import TaskTrace

@Suite struct SummaryExporterTests {
    @Test func summarizesARecordedWorkload() async throws {
        let folder = TempFolder()
        let log = folder.path("session.jsonl")
        let (events, _) = try await SessionLogRoundTripTests.recordWorkload(to: log)
        let out = folder.path("summary.json")
        try SummaryExporter.export(from: try SessionLogReader(path: log), to: out)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(!bytes.contains(0x1B))
        let summary = try JSONDecoder().decode(SessionSummary.self, from: bytes)

        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(summary == SessionSummary(header: summary.header, ledger: ledger))
        #expect(summary.header?.scenario == "round-trip")
        #expect(summary.tasks.map(\.name) == ["main", "sleeper", "victim", "failer \u{1B}[31m"])
        #expect(summary.tasks.map(\.outcome) == ["completed", "completed", "cancelled", "failed"])
        #expect(summary.tasks[1].detail == "7")
        #expect(summary.tasks[3].detail == "disk on fire \u{1B}[5m")
        #expect(summary.tasks[1].suspensions == ["sleep": 1])
        #expect(summary.tasks[1].suspended.units == 1)
        #expect(summary.totals.tasks == 4)
        #expect(summary.totals.completed == 2)
        #expect(summary.totals.cancelled == 1)
        #expect(summary.totals.failed == 1)
        #expect(summary.totals.unfinished == 0)
        #expect(summary.totals.events == Int64(events.count))
        // The root sleeps 2 units, then awaits the others: the run takes 2 units.
        #expect(summary.wallTime == SessionSummary.Span(2_000_000_000))
        #expect(summary.wallTime.units == 2)
        // One line per task, so grep finds a task's line.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == #"{"interleave_summary":1,"#)
        #expect(lines.filter { $0.hasPrefix(#"{"id":"#) }.count == 4)
        #expect(lines.contains { $0.contains(#""name":"sleeper","#) && $0.contains(#""suspended":{"ticks":1000000000,"units":1}"#) })
        // The in-memory summary encodes to the same JSON as the streamed one.
        #expect(summary.json() == Array(bytes))
    }

    @Test func outputIsSafeOnATerminal() throws {
        let events = LogSamples.everyKind
        var ledger = TaskLedger()
        ledger.apply(events)
        let bytes = SessionSummary(header: LogSamples.header, ledger: ledger).json()
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A })
        #expect(!bytes.contains(0x7F))
        #expect(!zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && (0x80..<0xA0).contains($1) })
        // …and still decodes to the same names.
        let decoded = try JSONDecoder().decode(SessionSummary.self, from: Data(bytes))
        #expect(decoded.tasks.map(\.name) == ledger.tasks.map(\.name))
    }

    @Test func exportErrorsNameTheFile() throws {
        let folder = TempFolder()
        let log = folder.file("s.jsonl", LogSamples.log(LogSamples.everyKind))
        #expect(throws: SessionLogError(.cannotOpen, file: "/nonexistent-interleave/out.json", reason: "cannot create: its folder does not exist")) {
            try SummaryExporter.export(from: try SessionLogReader(path: log), to: "/nonexistent-interleave/out.json")
        }
        #expect(throws: SessionLogError(.writeFailed, file: "/dev/full", reason: "write failed: No space left on device")) {
            try ChromeTraceExporter.export(from: try SessionLogReader(path: log), to: "/dev/full")
        }
    }
}
