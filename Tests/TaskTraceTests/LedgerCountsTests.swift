import Testing
@testable import TaskTrace

/// `stateCounts`, `compactedSegmentCount` and `historySegments` are kept event by event;
/// whatever the events (respawns, stray events for ended or unknown tasks, compaction of
/// tasks, of each history and of all histories together),
/// they must equal a full recount.
@Suite struct LedgerCountsTests {
    /// The figures a full pass over the tasks gives.
    static func recount(_ ledger: TaskLedger) -> (TaskStateCounts, Int) {
        var counts = TaskStateCounts(ended: ledger.compactedTaskCount)
        var segments = 0
        for task in ledger.tasks {
            counts.add(task.state)
            segments += task.compactedSegments
        }
        return (counts, segments)
    }

    /// A random stream of `count` events over a few hundred ids, time never going back.
    static func randomEvents(seed: UInt64, count: Int) -> [TaskEvent] {
        var random = TestRandom(state: seed)
        var events: [TaskEvent] = []
        var t: Int64 = 0
        var highest = 0
        let reasons: [SuspendReason] = [.sleep, .queueGet, .semaphore, .awaitingTask(1), .yield]
        for _ in 0..<count {
            t += Int64(random.below(3)) * 1_000
            let known = TaskID(max(1, random.below(highest + 3)))
            let kind: TaskEvent.Kind
            var task = known
            switch random.below(16) {
            case 0...2:
                // A new task, now and then past a gap of ids never spawned.
                highest += 1 + (random.below(10) == 0 ? random.below(4) : 0)
                task = TaskID(highest)
                kind = .spawn(name: "t_\(highest)", parent: 1)
            case 3: kind = .spawn(name: "again_\(known)", parent: 0)
            case 4...6: kind = .start(thread: random.below(4), readyWait: Int64(random.below(2_000)))
            case 7...8: kind = .resume(thread: random.below(4), readyWait: 0)
            case 9...11: kind = .suspend(reasons[random.below(reasons.count)])
            case 12: kind = .complete(result: "")
            case 13: kind = .cancel
            case 14: kind = .fail(error: "no")
            default: kind = .message("m")
            }
            events.append(TaskEvent(time: t, task: task, kind: kind))
        }
        return events
    }

    @Test(arguments: [(3, 0, nil), (2, 10, nil), (5, 40, nil), (Int.max, nil, nil), (Int.max, nil, 200), (8, 40, 300)]
          as [(Int, Int?, Int?)])
    func incrementalCountsEqualAFullRecount(historyLimit: Int, endedTaskLimit: Int?, totalHistoryLimit: Int?) {
        for seed: UInt64 in [1, 2, 3] {
            var ledger = TaskLedger(historyLimit: historyLimit, endedTaskLimit: endedTaskLimit,
                                    totalHistoryLimit: totalHistoryLimit)
            for (n, event) in Self.randomEvents(seed: seed, count: 6_000).enumerated() {
                ledger.apply(event)
                if n % 5 == 0 {
                    let (counts, segments) = Self.recount(ledger)
                    #expect(ledger.stateCounts == counts, "seed \(seed), event \(n)")
                    #expect(ledger.compactedSegmentCount == segments, "seed \(seed), event \(n)")
                    if ledger.stateCounts != counts || ledger.compactedSegmentCount != segments { return }
                }
            }
            let (counts, segments) = Self.recount(ledger)
            #expect(ledger.stateCounts == counts)
            #expect(ledger.compactedSegmentCount == segments)
            #expect(counts.ready + counts.running + counts.suspended + counts.ended == ledger.taskCount)
            if endedTaskLimit != nil { #expect(ledger.compactedTaskCount > 0, "the stream compacts") }
            if historyLimit < 10 || totalHistoryLimit != nil { #expect(segments > 0, "the stream compacts history") }
            if let cap = totalHistoryLimit {
                #expect(ledger.historySegments == ledger.tasks.reduce(0) { $0 + $1.history.count })
                #expect(ledger.historySegments <= cap)
            }
        }
    }
}
