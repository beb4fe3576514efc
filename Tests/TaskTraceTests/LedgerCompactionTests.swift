import Testing
@testable import TaskTrace

/// `endedTaskLimit`: ended tasks past the limit are folded into aggregates by name pattern,
/// live tasks are always kept, lookups by id keep working, and without a limit nothing changes.
@Suite struct LedgerCompactionTests {
    static func event(_ units: Double, _ task: TaskID, _ kind: TaskEvent.Kind) -> TaskEvent {
        TaskEvent(time: Ticks.from(units: units), task: task, kind: kind)
    }

    /// A root task 1 that never ends, then `count` short children ending in id order:
    /// every third fails, the rest complete.
    static func crawl(_ count: Int, into ledger: inout TaskLedger) {
        ledger.apply(event(0, 1, .spawn(name: "main", parent: 0)))
        ledger.apply(event(0, 1, .start(thread: 0, readyWait: 0)))
        ledger.apply(event(0, 1, .suspend(.semaphore)))
        for n in 0..<count {
            let id = TaskID(n + 2)
            let t = Double(n)
            ledger.apply(event(t, id, .spawn(name: "url_\(n + 1)", parent: 1)))
            ledger.apply(event(t, id, .start(thread: 0, readyWait: 0)))
            ledger.apply(event(t + 0.25, id, .suspend(.sleep)))
            ledger.apply(event(t + 0.5, id, .resume(thread: 0, readyWait: 0)))
            ledger.apply(event(t + 0.75, id, n % 3 == 0 ? .fail(error: "HTTP 500") : .complete(result: "")))
        }
    }

    @Test func endedTasksPastTheLimitAreFoldedIntoAggregates() {
        var ledger = TaskLedger(endedTaskLimit: 100)
        Self.crawl(1_000, into: &ledger)
        let ended = ledger.tasks.filter(\.state.isEnded)
        #expect(ended.count >= 100 && ended.count <= 100 + 64)
        #expect(ledger.taskCount == 1_001)
        #expect(ledger.compactedTaskCount + ended.count == 1_000)
        let urls = ledger.compactedTasks["url_#"]
        #expect(urls?.count == ledger.compactedTaskCount)
        #expect((urls?.completed ?? 0) + (urls?.failed ?? 0) == ledger.compactedTaskCount)
        #expect(urls?.runningTime == Ticks.from(units: 0.5) * Int64(ledger.compactedTaskCount))
        #expect(urls?.suspensions[.sleep] == ledger.compactedTaskCount)
        // The most recently ended tasks are the ones kept, and the live root stays.
        #expect(ledger.task(1)?.name == "main")
        #expect(ledger.task(1_001)?.name == "url_1000")
        #expect(ledger.task(2) == nil)
        #expect(ended.map(\.id) == Array(ended.map(\.id).sorted()))
        #expect(ledger.tasks.map(\.id) == ledger.tasks.map(\.id).sorted())
    }

    @Test func eventsForKeptTasksStillFoldAfterCompaction() {
        var ledger = TaskLedger(endedTaskLimit: 10)
        // A long-lived task with a low id, then many short ones ending before it.
        ledger.apply(Self.event(0, 1, .spawn(name: "main", parent: 0)))
        ledger.apply(Self.event(0, 2, .spawn(name: "consumer_1", parent: 1)))
        Self.crawlChildren(from: 3, count: 500, into: &ledger)
        ledger.apply(Self.event(600, 2, .start(thread: 0, readyWait: 0)))
        ledger.apply(Self.event(601, 2, .complete(result: "done")))
        #expect(ledger.task(2)?.outcome == .completed("done"))
        #expect(ledger.task(2)?.runningTime == Ticks.from(units: 1))
        #expect(ledger.compactedTaskCount > 0)
    }

    static func crawlChildren(from first: Int, count: Int, into ledger: inout TaskLedger) {
        for n in 0..<count {
            let id = TaskID(first + n)
            ledger.apply(event(Double(n), id, .spawn(name: "page_\(n)", parent: 1)))
            ledger.apply(event(Double(n), id, .start(thread: 0, readyWait: 0)))
            ledger.apply(event(Double(n) + 0.5, id, .cancel))
        }
    }

    @Test func withoutALimitNothingIsCompacted() {
        var ledger = TaskLedger()
        Self.crawl(1_000, into: &ledger)
        #expect(ledger.tasks.count == 1_001)
        #expect(ledger.compactedTaskCount == 0)
        #expect(ledger.compactedTasks.isEmpty)
        #expect(ledger.tasks.enumerated().allSatisfy { $0.element.id == TaskID($0.offset + 1) })
    }

    @Test func namePatternsReplaceDigitRuns() {
        #expect(TaskAggregate.pattern(of: "url_17") == "url_#")
        #expect(TaskAggregate.pattern(of: "chain_3.stage_10") == "chain_#.stage_#")
        #expect(TaskAggregate.pattern(of: "main") == "main")
    }

    @Test func theSummaryReportsCompactedTasks() {
        var ledger = TaskLedger(endedTaskLimit: 10)
        Self.crawl(200, into: &ledger)
        let text = RunReport(ledger: ledger).summaryTable()
        #expect(text.contains("ended tasks compacted"))
        #expect(text.contains("url_#: \(ledger.compactedTaskCount) (completed"))
    }

    // MARK: Total history limit

    /// `tasks` live tasks taking turns on one thread for `rounds` rounds: each round every
    /// task runs a tick, then sleeps; task 1 runs only in the first round, so its
    /// segments are the oldest.
    static func turns(tasks: Int, rounds: Int, _ apply: (TaskEvent) -> Void) {
        for n in 1...tasks { apply(TaskEvent(time: 0, task: TaskID(n), kind: .spawn(name: "worker_\(n)", parent: 0))) }
        var t: Int64 = 0
        for round in 0..<rounds {
            for n in 1...tasks where n > 1 || round == 0 {
                let kind: TaskEvent.Kind = round == 0 ? .start(thread: 0, readyWait: 0) : .resume(thread: 0, readyWait: 0)
                apply(TaskEvent(time: t, task: TaskID(n), kind: kind))
                t += 1
                apply(TaskEvent(time: t, task: TaskID(n), kind: .suspend(.sleep)))
            }
            t += 5
        }
    }

    @Test func theTotalHistoryLimitHoldsAndTotalsStayExact() {
        var full = TaskLedger(historyLimit: 4_096)
        var capped = TaskLedger(historyLimit: 4_096, totalHistoryLimit: 1_000)
        Self.turns(tasks: 50, rounds: 200) { full.apply($0); capped.apply($0) }
        #expect(full.historySegments > 10_000)
        #expect(capped.historySegments <= 1_000)
        #expect(capped.historySegments == capped.tasks.reduce(0) { $0 + $1.history.count })
        #expect(full.historySegments == full.tasks.reduce(0) { $0 + $1.history.count })
        for (kept, all) in zip(capped.tasks, full.tasks) {
            #expect(kept.runningTime == all.runningTime)
            #expect(kept.readyTime == all.readyTime)
            #expect(kept.suspendedTime == all.suspendedTime)
            #expect(kept.slices == all.slices)
            #expect(kept.suspensions == all.suspensions)
            // What is kept is the newest part of the full history.
            #expect(Array(kept.history) == Array(all.history.suffix(kept.history.count)))
            #expect(kept.compactedSegments + kept.history.count == all.history.count)
        }
        // The oldest segments went first: nothing kept ended before anything dropped.
        let oldestKept = capped.tasks.compactMap { $0.history.first?.end }.min() ?? 0
        let newestDropped = zip(capped.tasks, full.tasks).compactMap { kept, all in
            all.history.prefix(kept.compactedSegments).last?.end
        }.max() ?? 0
        #expect(newestDropped <= oldestKept)
        // Task 1 ran least recently: its history went entirely.
        #expect(capped.task(1)?.history.isEmpty == true)
        #expect(RunReport(ledger: capped).summaryTable() == RunReport(ledger: full).summaryTable())
    }

    @Test func theTotalHistoryLimitTrimsInBulk() {
        var ledger = TaskLedger(totalHistoryLimit: 400)
        var trims = 0, last = 0, peak = 0
        Self.turns(tasks: 4, rounds: 500) { event in
            ledger.apply(event)
            if ledger.historySegments < last { trims += 1 }
            last = ledger.historySegments
            peak = max(peak, last)
        }
        #expect(peak <= 400)
        // Each trim frees about a quarter of the cap: a trim every ~100 segments, not one
        // per event (4,000 segments in all).
        #expect(trims > 10 && trims < 60)
    }
    /// A hand-edited log whose times go backwards leaves segments whose ends fall: the
    /// oldest segment then ends last, so a trim pass cut at a sampled end drops nothing.
    /// The trim must give up (not loop for ever), and trim again once time moves forward.
    @Test func aTrimThatCannotMakeProgressStopsAndRecoversWhenTimeMovesOn() {
        var ledger = TaskLedger(totalHistoryLimit: 10)
        ledger.apply(TaskEvent(time: 0, task: 1, kind: .spawn(name: "edited", parent: 0)))
        ledger.apply(TaskEvent(time: 0, task: 1, kind: .start(thread: 0, readyWait: 0)))
        ledger.apply(TaskEvent(time: 0, task: 1, kind: .suspend(.sleep)))
        // Each round runs one tick, each earlier than the last: segment ends 1001, 991, ….
        for round in 0..<40 {
            let t = Int64(1_000 - 10 * round)
            ledger.apply(TaskEvent(time: t, task: 1, kind: .resume(thread: 0, readyWait: 0)))
            ledger.apply(TaskEvent(time: t + 1, task: 1, kind: .suspend(.sleep)))
        }
        let stuck = ledger.historySegments
        #expect(stuck > 10, "nothing could be dropped")
        #expect(stuck == ledger.tasks.reduce(0) { $0 + $1.history.count })
        #expect(ledger.task(1)?.runningTime == 40)
        // Forward again, past every earlier end: the old segments go.
        for round in 0..<40 {
            let t = Int64(2_000 + 10 * round)
            ledger.apply(TaskEvent(time: t, task: 1, kind: .resume(thread: 0, readyWait: 0)))
            ledger.apply(TaskEvent(time: t + 1, task: 1, kind: .suspend(.sleep)))
        }
        #expect(ledger.historySegments <= 10)
        #expect(ledger.historySegments == ledger.tasks.reduce(0) { $0 + $1.history.count })
        #expect(ledger.task(1)?.history.allSatisfy { $0.start >= 2_000 } == true)
        #expect(ledger.task(1)?.runningTime == 80)
    }
}
