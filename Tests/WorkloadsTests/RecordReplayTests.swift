import Foundation
import Testing
import TaskTrace
@testable import Workloads

/// A scenario recorded in virtual time and read back rebuilds the same model and report.
@Suite struct RecordReplayTests {
    @Test(arguments: ["workers-cancel", "producer-consumer", "crawl-gather"])
    func aRecordedRunReplaysToTheSameModel(name: String) async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("interleave-roundtrip-\(name)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try Catalog.scenario(named: name)
        let run = ScenarioRun(scenario: scenario, threads: 1, time: .virtual, seed: 3)
        // Both subscribe before the first drain, so both see the session's first event.
        let live = run.session.bus.subscribe()
        let writer = try SessionLogWriter(
            path: path, header: SessionHeader(scenario: name, seed: 3, time: .virtual, threads: 1))
        let recording = writer.record(run.session.bus)
        let collector = Task { () -> [TaskEvent] in
            var all: [TaskEvent] = []
            for await batch in live { all += batch }
            return all
        }
        run.start()
        await run.waitUntilFinished()
        run.finish()
        #expect(await recording.value == nil)
        let liveEvents = await collector.value

        let reader = try SessionLogReader(path: path)
        #expect(reader.header.scenario == name)
        let replayed = try reader.readAll()
        #expect(replayed.count == liveEvents.count)
        let firstDifference = zip(replayed, liveEvents).first { $0 != $1 }
        #expect(firstDifference == nil, "first difference: \(String(describing: firstDifference))")
        let liveReport = RunReport(ledger: liveEvents.ledger)
        let replayReport = RunReport(ledger: replayed.ledger)
        #expect(replayed.ledger == liveEvents.ledger)
        #expect(replayReport.summaryTable() == liveReport.summaryTable())
        #expect(replayReport.timeline() == liveReport.timeline())
        #expect(reader.warnings.isEmpty)
    }
}
