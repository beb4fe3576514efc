import Testing
import TaskTrace
@testable import Workloads

/// What serves the knobs is not the lesson: waiting for a knob is a reason of its own, and
/// the task that applies knob changes is named as Interleave's own and never ends as a failure.
@Suite struct KnobMachineryTests {
    @Test func pipelinesRootWaitsForAKnobNotForSomethingUnknown() async throws {
        let events = try await runVirtual("pipeline", duration: 3)
        let suspends = events.kinds(of: "main").compactMap { if case let .suspend(reason) = $0 { reason } else { nil } }
        #expect(suspends.contains(.knob))
        #expect(!suspends.contains(.other))
        #expect(RunReport.describe(.suspended(.knob)) == "idle: waiting for a knob")
    }

    @Test func theKnobSupervisorIsInterleavesOwnAndEndsCompleted() async throws {
        for (name, knobs) in [("crawler", ["urls": 6, "failures": 0]), ("bounded-crawl", ["urls": 4]),
                              ("pipeline", ["items": 5])] {
            let events = try await runVirtual(name, knobs: knobs)
            let ledger = events.ledger
            #expect(ledger.record(named: "knobs") == nil, "\(name)")
            let supervisor = ledger.record(named: MachineryTaskName.knobSupervisor)
            #expect(supervisor?.outcome == .completed(""), "\(name)")
        }
    }

    @Test func theKnobReasonSurvivesTheLog() throws {
        let event = TaskEvent(time: 5, task: 1, kind: .suspend(.knob))
        #expect(event.jsonLine == #"{"t":5,"task":1,"k":"suspend","reason":"knob"}"#)
    }
}
