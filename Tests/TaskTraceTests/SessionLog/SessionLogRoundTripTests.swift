import Foundation
import Testing
@testable import TaskTrace

struct TestFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire \u{1B}[5m" }
}

@Suite struct SessionLogRoundTripTests {
    /// A small traced workload in virtual time: sleeps, a cancellation, a failure, a message,
    /// recorded through the writer while the test keeps its own copy of every batch.
    static func recordWorkload(to path: String) async throws -> (events: [TaskEvent], writer: SessionLogWriter) {
        let session = TraceSession(threads: 1, time: .virtual)
        let writer = try SessionLogWriter(path: path, header: SessionHeader(scenario: "round-trip", time: .virtual, threads: 1))
        let stream = session.bus.subscribe()
        let root = session.start("main") {
            let sleeper = Trace.spawn("sleeper") { try await Trace.sleep(units: 1); return 7 }
            let victim = Trace.spawn("victim") { try await Trace.sleep(units: 10) }
            let failer = Trace.spawn("failer \u{1B}[31m") { try await Trace.sleep(units: 0.5); throw TestFailure() }
            session.record(.message("hello \"world\"\n"))
            try await Trace.sleep(units: 2)
            victim.cancel()
            _ = try await sleeper.value
            _ = await victim.result
            _ = await failer.result
        }
        _ = await root.task.result
        session.finish()
        var events: [TaskEvent] = []
        for await batch in stream {
            events += batch
            writer.write(batch)
        }
        #expect(writer.close() == nil)
        return (events, writer)
    }

    @Test func recordedWorkloadReadsBackIdentically() async throws {
        let folder = TempFolder()
        let path = folder.path("session.jsonl")
        let (events, writer) = try await Self.recordWorkload(to: path)
        #expect(events.contains { if case .cancel = $0.kind { true } else { false } })
        #expect(events.contains { if case .fail = $0.kind { true } else { false } })
        #expect(writer.eventsWritten == Int64(events.count))
        #expect(writer.eventsLost == 0)

        let reader = try SessionLogReader(path: path, batchSize: 7)
        #expect(reader.header.scenario == "round-trip")
        #expect(reader.header.format == SessionLog.formatVersion)
        #expect(reader.header.timeMode == .virtual)
        let read = try reader.readAll()
        #expect(read == events)
        #expect(reader.warnings.isEmpty)
        // The header, the events and the end record the writer closed the log with.
        #expect(reader.linesRead == events.count + 2)
        #expect(reader.endTime == events.map(\.time).max())

        var live = TaskLedger()
        live.apply(events)
        var replayed = TaskLedger()
        replayed.apply(read)
        #expect(live == replayed)
        #expect(replayed.tasks.count == 4)
        #expect(replayed.task(3)?.outcome == .cancelled)
        #expect(replayed.task(4)?.outcome == .failed("disk on fire \u{1B}[5m"))
    }

    @Test func writerRecordsABusOnItsOwnTask() async throws {
        let folder = TempFolder()
        let path = folder.path("bus.jsonl")
        let session = TraceSession(threads: 2, time: .virtual)
        let writer = try SessionLogWriter(path: path, header: SessionHeader(scenario: "bus", time: .virtual, threads: 2))
        let recording = writer.record(session.bus)
        let root = session.start("main") {
            for n in 1...5 { Trace.spawn("t\(n)") { try await Trace.sleep(units: Double(n)) } }
            try await Trace.sleep(units: 6)
        }
        _ = await root.task.result
        session.finish()
        #expect(await recording.value == nil)
        let reader = try SessionLogReader(path: path)
        var ledger = TaskLedger()
        try reader.forEachBatch { ledger.apply($0) }
        #expect(ledger.tasks.map(\.name) == ["main", "t1", "t2", "t3", "t4", "t5"])
        #expect(ledger.tasks.allSatisfy { $0.outcome == .completed("") })
        #expect(Int64(ledger.eventCount) == writer.eventsWritten)
    }

    @Test func everyKindSurvivesTheFile() throws {
        let folder = TempFolder()
        let path = folder.path("kinds.jsonl")
        let writer = try SessionLogWriter(path: path, header: LogSamples.header)
        writer.write(LogSamples.everyKind)
        #expect(writer.close() == nil)
        let reader = try SessionLogReader(path: path)
        #expect(reader.header == LogSamples.header)
        #expect(try reader.readAll() == LogSamples.everyKind)
        // The file itself can be shown with `cat`: no raw control characters anywhere.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!bytes.contains(0x1B))
        #expect(!bytes.contains(0x07))
    }

    @Test func flushedEventsAreReadableWhileRecording() throws {
        let folder = TempFolder()
        let path = folder.path("open.jsonl")
        let writer = try SessionLogWriter(path: path, header: LogSamples.header)
        writer.write(Array(LogSamples.everyKind.prefix(5)))
        writer.flush()
        #expect(try SessionLogReader(path: path).readAll() == Array(LogSamples.everyKind.prefix(5)))
        writer.write(Array(LogSamples.everyKind.dropFirst(5)))
        writer.close()
        #expect(try SessionLogReader(path: path).readAll() == LogSamples.everyKind)
        // After close, writes are counted, not written.
        writer.write(LogSamples.everyKind)
        #expect(writer.eventsLost == Int64(LogSamples.everyKind.count))
    }

    @Test func theFlusherWritesWithoutBeingAsked() async throws {
        let folder = TempFolder()
        let path = folder.path("idle.jsonl")
        let writer = try SessionLogWriter(path: path, header: LogSamples.header, flushInterval: .milliseconds(20))
        // One write right after the header's flush is below every threshold: only the
        // flusher thread can get it to the file.
        writer.write([LogSamples.everyKind[0]])
        var seen: [TaskEvent] = []
        for _ in 0..<1000 where seen.isEmpty {
            seen = try SessionLogReader(path: path).readAll()
            if seen.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(seen == [LogSamples.everyKind[0]])
        writer.close()
    }

    @Test func headerRoundTripsAndStartsWithTheFormatTag() throws {
        let line = LogSamples.headerLine
        #expect(line.hasPrefix(#"{"interleave_log":1,"#))
        #expect(line == #"{"interleave_log":1,"knobs":{"workers":3},"scenario":"test","seed":42,"started":"2023-11-14T22:13:20.000Z","threads":1,"time":"virtual","version":"\#(SessionLog.interleaveVersion)"}"#)
        let decoded = try JSONDecoder().decode(SessionHeader.self, from: Data(line.utf8))
        #expect(decoded == LogSamples.header)
        let real = SessionHeader(scenario: "x", time: .real(speed: 20), threads: 4)
        #expect(real.timeMode == .real(speed: 20))
        #expect(real.time == .real)
    }
}
