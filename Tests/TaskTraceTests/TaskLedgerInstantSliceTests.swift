import Testing
@testable import TaskTrace
@testable import TraceModel

/// Virtual time makes every slice take no time; the ledger must still keep them, or the
/// dashboard's lanes would show a task that never ran.
@Suite struct TaskLedgerInstantSliceTests {
    @Test func zeroLengthSlicesStayInTaskAndThreadHistory() {
        var ledger = TaskLedger()
        ledger.apply([
            TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0)),
            TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)),
            TaskEvent(time: 0, task: 1, kind: .suspend(.sleep)),
            TaskEvent(time: 5, task: 1, kind: .resume(thread: 0, readyWait: 0)),
            TaskEvent(time: 5, task: 1, kind: .complete(result: "")),
        ])
        let record = ledger.task(1)!
        #expect(record.history == [
            TaskSegment(start: 0, end: 0, state: .running(thread: 0)),
            TaskSegment(start: 0, end: 5, state: .suspended(.sleep)),
            TaskSegment(start: 5, end: 5, state: .running(thread: 0)),
        ])
        #expect(record.totals(at: 5) == (running: 0, ready: 0, suspended: 5))
        #expect(ledger.threads[0].history == [
            ThreadSegment(start: 0, end: 0, task: 1),
            ThreadSegment(start: 5, end: 5, task: 1),
        ])
        #expect(ledger.threads[0].busyTime == 0)
    }

    @Test func zeroLengthReadyAndSuspendedStretchesAreStillSkipped() {
        var ledger = TaskLedger()
        ledger.apply([
            TaskEvent(time: 2, task: 1, kind: .spawn(name: "a", parent: 0)),
            TaskEvent(time: 2, task: 1, kind: .start(thread: 0, readyWait: 0)),
            TaskEvent(time: 3, task: 1, kind: .suspend(.yield)),
            TaskEvent(time: 3, task: 1, kind: .resume(thread: 1, readyWait: 0)),
            TaskEvent(time: 4, task: 1, kind: .cancel),
        ])
        #expect(ledger.task(1)!.history == [
            TaskSegment(start: 2, end: 3, state: .running(thread: 0)),
            TaskSegment(start: 3, end: 4, state: .running(thread: 1)),
        ])
        #expect(ledger.task(1)!.outcome == .cancelled)
    }
}
