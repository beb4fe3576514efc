import Foundation
import Testing
@testable import TaskTrace

@Suite struct LedgerAndReportTests {
    static func event(_ units: Double, _ task: TaskID, _ kind: TaskEvent.Kind) -> TaskEvent {
        TaskEvent(time: Ticks.from(units: units), task: task, kind: kind)
    }

    @Test func readyWaitSplitsTheWaitBeforeASlice() {
        var ledger = TaskLedger()
        ledger.apply([
            Self.event(0, 1, .spawn(name: "a", parent: 0)),
            Self.event(0, 1, .start(thread: 0, readyWait: 0)),
            Self.event(1, 1, .suspend(.sleep)),
            Self.event(4, 1, .resume(thread: 0, readyWait: Ticks.from(units: 1))),
            Self.event(5, 1, .complete(result: "ok")),
        ])
        let record = ledger.task(1)!
        #expect(record.suspendedTime == Ticks.from(units: 2))
        #expect(record.readyTime == Ticks.from(units: 1))
        #expect(record.runningTime == Ticks.from(units: 2))
        #expect(record.history.map(\.state) == [.running(thread: 0), .suspended(.sleep), .ready, .running(thread: 0)])
        #expect(record.outcome == .completed("ok"))
        #expect(ledger.threads[0].busyTime == Ticks.from(units: 2))
        #expect(ledger.rootEndedAt == Ticks.from(units: 5))
    }

    @Test func historyBeyondTheLimitIsCompactedButTotalsStay() {
        var ledger = TaskLedger(historyLimit: 4)
        ledger.apply(Self.event(0, 1, .spawn(name: "a", parent: 0)))
        for n in 0..<50 {
            ledger.apply(Self.event(Double(n), 1, .resume(thread: 0, readyWait: 0)))
            ledger.apply(Self.event(Double(n) + 0.5, 1, .suspend(.sleep)))
        }
        let record = ledger.task(1)!
        #expect(record.history.count == 4)
        #expect(record.compactedSegments > 0)
        #expect(record.runningTime == Ticks.from(units: 25))
        #expect(record.slices == 50)
    }

    @Test func theReportEscapesWhatCameFromOutside() {
        var ledger = TaskLedger()
        ledger.apply([
            Self.event(0, 1, .spawn(name: "evil\u{1B}[2J", parent: 0)),
            Self.event(0, 1, .start(thread: 0, readyWait: 0)),
            Self.event(1, 1, .fail(error: "bad\u{1B}]0;title\u{07}")),
        ])
        let report = RunReport(ledger: ledger)
        let text = report.summaryTable() + report.timeline()
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("evil\\e[2J"))
    }

    @Test func timelineShowsStatesAndOutcomes() {
        var ledger = TaskLedger()
        ledger.apply([
            Self.event(0, 1, .spawn(name: "main", parent: 0)),
            Self.event(0, 1, .start(thread: 0, readyWait: 0)),
            Self.event(0, 1, .suspend(.sleep)),
            Self.event(1, 1, .resume(thread: 0, readyWait: 0)),
            Self.event(1, 1, .complete(result: "")),
        ])
        let lanes = RunReport(ledger: ledger).timeline(width: 10).split(separator: "\n")
        #expect(lanes[0] == "Timeline: 0 to 1 units, one column = 0.1 units")
        #expect(lanes[1] == "main [|zzzzzzzzzC]")
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let kinds: [TaskEvent.Kind] = [
            .spawn(name: "a\"b", parent: 3), .start(thread: 2, readyWait: 5), .resume(thread: 1, readyWait: 0),
            .suspend(.awaitingTask(4)), .suspend(.awaitingGroup), .suspend(.queuePut), .complete(result: "x"),
            .cancel, .fail(error: "e"), .message("hi\n"), .counter(name: "q", value: 3), .knob(name: "k", value: -1),
            .threads(count: 4), .dropped(count: 9),
        ]
        let events = kinds.enumerated().map { TaskEvent(time: Int64($0.offset), task: 1, kind: $0.element) }
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([TaskEvent].self, from: data) == events)
    }
}
