import Testing
@testable import TaskTrace
@testable import TraceModel

/// An event at `ms` milliseconds.
private func e(_ ms: Int64, _ task: TaskID, _ kind: TaskEvent.Kind) -> TaskEvent {
    TaskEvent(time: ms * WarningsTests.ms, task: task, kind: kind)
}

/// The warnings' fold on hand-made event streams: each kind found from exactly the facts
/// that make it, and not found one step short of them.
@Suite struct WarningsTests {
    static let ms: Int64 = 1_000_000


    static func fold(_ events: [TaskEvent], scale: Double = 1, thresholds: WarningThresholds = WarningThresholds()) -> [TaskWarning] {
        var warnings = Warnings(thresholds: thresholds, scale: scale)
        warnings.apply(events)
        return warnings.report(final: true)
    }

    /// A root task that spawns task 2, which runs one slice of `slice` ms, then both end.
    static func oneSlice(_ slice: Int64) -> [TaskEvent] {
        [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
         e(1, 2, .spawn(name: "worker", parent: 1)), e(1, 1, .suspend(.awaitingTask(2))),
         e(1, 2, .start(thread: 0, readyWait: 0)), e(1 + slice, 2, .complete(result: "")),
         e(1 + slice, 1, .resume(thread: 0, readyWait: 0)), e(1 + slice, 1, .complete(result: ""))]
    }

    @Test func aSliceLongerThanTheThresholdIsABlockingCall() {
        let warnings = Self.fold(Self.oneSlice(300))
        #expect(warnings.map(\.kind) == [.blockingCall])
        #expect(warnings.first?.task == 2)
        #expect(warnings.first?.time == 1 * Self.ms)
        #expect(warnings.first?.evidence == "worker held thread T0 for 300 ms without suspending (threshold 10 ms)")
        #expect(Self.fold(Self.oneSlice(10)).isEmpty)
    }

    /// `oneSlice` whose slice's thread waited `preempted` ms of it for a CPU.
    static func oneSlice(_ slice: Int64, preempted: Int64) -> [TaskEvent] {
        var events = oneSlice(slice)
        events.insert(e(1 + slice, 2, .preempted(wait: preempted * ms)), at: 5)
        return events
    }

    @Test func timeAThreadWaitedForACPUIsNotHeldAgainstItsSlice() {
        // 15 ms, of which 8 waiting for a CPU: 7 ms of its own, under the threshold.
        #expect(Self.fold(Self.oneSlice(15, preempted: 8)).isEmpty)
        #expect(Self.fold(Self.oneSlice(15)).map(\.kind) == [.blockingCall])
        // What is left over the threshold is a blocking call, and the evidence says what was not counted.
        let warnings = Self.fold(Self.oneSlice(300, preempted: 40))
        #expect(warnings.map(\.kind) == [.blockingCall])
        #expect(warnings.first?.evidence == "worker held thread T0 for 260 ms without suspending, not counting 40 ms it waited "
                + "for a CPU (threshold 10 ms)")
        // A wait longer than the slice (a late reading) takes it to nothing, never below.
        #expect(Self.fold(Self.oneSlice(300, preempted: 900)).isEmpty)
        // At speed 20 the event's wait is in ticks, as the slice: 300 ms of scenario time is 15 ms real.
        #expect(Self.fold(Self.oneSlice(300, preempted: 120), scale: 1.0 / 20).isEmpty)
        #expect(Self.fold(Self.oneSlice(300, preempted: 60), scale: 1.0 / 20).map(\.kind) == [.blockingCall])
    }

    @Test func aRunQueueWaitCountsForItsOwnSliceOnly() {
        // Task 2 waited 50 ms for a CPU in its first, short slice; its second, 300 ms long,
        // owes nothing to that. A wait noted outside any slice changes nothing either.
        let events = [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
                      e(1, 2, .spawn(name: "worker", parent: 1)), e(1, 1, .suspend(.awaitingTask(2))),
                      e(1, 2, .start(thread: 1, readyWait: 0)), e(55, 2, .preempted(wait: 50 * Self.ms)),
                      e(55, 2, .suspend(.sleep)), e(60, 2, .preempted(wait: 300 * Self.ms)),
                      e(60, 2, .resume(thread: 1, readyWait: 0)), e(360, 2, .complete(result: "")),
                      e(360, 1, .resume(thread: 0, readyWait: 0)), e(360, 1, .complete(result: ""))]
        let warnings = Self.fold(events)
        #expect(warnings.map(\.kind) == [.blockingCall])
        #expect(warnings.first?.time == 60 * Self.ms)
        #expect(warnings.first?.evidence == "worker held thread T1 for 300 ms without suspending (threshold 10 ms)")
    }

    @Test func thresholdsAreRealTimeWhateverTheSpeed() {
        // At speed 20 a tick is 1/20 of a real nanosecond: 100 ms of scenario time is 5 ms real.
        #expect(Self.fold(Self.oneSlice(100), scale: 1.0 / 20).isEmpty)
        #expect(Self.fold(Self.oneSlice(300), scale: 1.0 / 20).map(\.kind) == [.blockingCall])
        var loose = WarningThresholds()
        loose.blockingCall = 500 * Self.ms
        #expect(Self.fold(Self.oneSlice(300), thresholds: loose).isEmpty)
    }

    @Test func aTaskStillOnAContinuationAtTheEndLeakedIt() {
        let events = [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
                      e(1, 2, .spawn(name: "waiter", parent: 1)), e(2, 2, .start(thread: 1, readyWait: 1 * Self.ms)),
                      e(3, 2, .suspend(.continuation)), e(4, 3, .spawn(name: "sleeper", parent: 1)),
                      e(5, 3, .start(thread: 1, readyWait: 0)), e(6, 3, .suspend(.sleep)),
                      e(7, 1, .suspend(.sleep)), e(200, 1, .resume(thread: 0, readyWait: 0)),
                      e(200, 1, .complete(result: ""))]
        for scale in [1, 1.0 / 20] {
            let warnings = Self.fold(events, scale: scale)
            #expect(warnings.map(\.kind) == [.leakedContinuation, .neverFinished])
            #expect(warnings.map(\.task) == [2, 3])
            #expect(warnings.last?.evidence == "sleeper was still suspended (sleep) when the run ended")
        }
        // While the run goes on, neither is a warning yet.
        var running = Warnings()
        running.apply(events.dropLast())
        #expect(running.report(final: false).isEmpty)
    }

    @Test func aContinuationResumedPastItsThresholdIsReported() {
        let events = [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
                      e(0, 1, .suspend(.continuation)), e(12_000, 1, .resume(thread: 0, readyWait: 0)),
                      e(12_000, 1, .complete(result: ""))]
        #expect(Self.fold(events).map(\.kind) == [.leakedContinuation])
        var loose = WarningThresholds()
        loose.continuationWait = 20_000 * Self.ms
        #expect(Self.fold(events, thresholds: loose).isEmpty)
        // Still waiting, past the threshold, while the run goes on: reported as it stands.
        var live = Warnings()
        live.apply(events.prefix(3) + [e(11_000, 0, .counter(name: "tick", value: 1))])
        #expect(live.report(final: false).map(\.evidence) == ["main has waited 11 s on a continuation so far (threshold 10 s)"])
    }

    /// Two threads, both held 100 ms by tasks 2 and 3 while task 4 waits ready for 100 ms of a 200 ms run.
    static func starved(threads: Int) -> [TaskEvent] {
        [e(0, 0, .threads(count: threads)),
         e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
         e(0, 2, .spawn(name: "a", parent: 1)), e(0, 3, .spawn(name: "b", parent: 1)), e(0, 4, .spawn(name: "c", parent: 1)),
         e(0, 1, .suspend(.awaitingGroup)),
         e(0, 2, .start(thread: 0, readyWait: 0)), e(0, 3, .start(thread: 1, readyWait: 0)),
         e(100, 2, .complete(result: "")), e(100, 4, .start(thread: 0, readyWait: 100 * Self.ms)),
         e(100, 3, .complete(result: "")), e(101, 4, .complete(result: "")),
         e(200, 1, .resume(thread: 0, readyWait: 0)), e(200, 1, .complete(result: ""))]
    }

    @Test func tasksReadyWhileEveryThreadIsBusyStarveThePool() {
        let warnings = Self.fold(Self.starved(threads: 2)).filter { $0.kind == .poolStarvation }
        #expect(warnings.count == 1)
        #expect(warnings.first?.evidence == "tasks waited ready while all 2 worker threads were busy for 100 ms of the run's 200 ms (50%, threshold 20%)")
        // With a third thread free, the wait was not for want of a thread.
        #expect(Self.fold(Self.starved(threads: 3)).filter { $0.kind == .poolStarvation }.isEmpty)
        var loose = WarningThresholds()
        loose.starvationShare = 0.6
        #expect(Self.fold(Self.starved(threads: 2), thresholds: loose).filter { $0.kind == .poolStarvation }.isEmpty)
    }

    @Test func longWaitsForOneActorAreContention() {
        var events = [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
                      e(0, 1, .suspend(.awaitingGroup))]
        for task in TaskID(2)...4 {
            let wait = Int64(task - 2) * 100
            events += [e(0, task, .spawn(name: "deposit \(task)", parent: 1)), e(0, task, .start(thread: 1, readyWait: 0)),
                       e(0, task, .suspend(.actorHop("Ledger"))),
                       e(wait, task, .resume(thread: 1, readyWait: wait * Self.ms)), e(wait + 100, task, .complete(result: ""))]
        }
        let warnings = Self.fold(events).filter { $0.kind == .actorContention }
        #expect(warnings.count == 1)
        #expect(warnings.first?.task == 4)
        #expect(warnings.first?.evidence == "2 hops to Ledger waited over 10 ms for it; longest 200 ms (deposit 4)")
        // Hops back to the pool are the pool's business, not an actor's.
        let generic = events.map { event in
            event.kind == .suspend(.actorHop("Ledger")) ? TaskEvent(time: event.time, task: event.task, kind: .suspend(.actorHop("generic executor"))) : event
        }
        #expect(Self.fold(generic).filter { $0.kind == .actorContention }.isEmpty)
    }

    @Test func moreTasksAliveThanTheThresholdIsAnExplosion() {
        var thresholds = WarningThresholds()
        thresholds.explosion = 4
        var events = [e(0, 1, .spawn(name: "main", parent: 0))]
        for task in TaskID(2)...4 { events.append(e(1, task, .spawn(name: "t", parent: 1))) }
        #expect(Self.fold(events + [e(2, 1, .complete(result: ""))], thresholds: thresholds)
            .filter { $0.kind == .taskExplosion }.isEmpty)
        events.append(e(2, 5, .spawn(name: "t", parent: 1)))
        let warnings = Self.fold(events, thresholds: thresholds).filter { $0.kind == .taskExplosion }
        #expect(warnings.map(\.task) == [5])
        #expect(warnings.first?.evidence == "5 tasks alive at once (threshold 4)")
    }

    @Test func aTaskGoingOnLongAfterItsCancellationIgnoredIt() {
        func run(endingAt end: Int64) -> [TaskEvent] {
            [e(0, 1, .spawn(name: "main", parent: 0)), e(0, 1, .start(thread: 0, readyWait: 0)),
             e(0, 2, .spawn(name: "stubborn", parent: 1)), e(0, 1, .suspend(.awaitingTask(2))),
             e(0, 2, .start(thread: 0, readyWait: 0)), e(1, 2, .suspend(.yield)),
             e(2, 2, .cancelRequested), e(3, 2, .resume(thread: 0, readyWait: 0)), e(4, 2, .suspend(.yield)),
             e(end, 2, .resume(thread: 0, readyWait: 0)), e(end, 2, .complete(result: "")),
             e(end, 1, .resume(thread: 0, readyWait: 0)), e(end, 1, .complete(result: ""))]
        }
        let warnings = Self.fold(run(endingAt: 300))
        #expect(warnings == [TaskWarning(kind: .cancellationIgnored, task: 2, time: 2 * Self.ms,
                                         evidence: "stubborn kept going for 298 ms after it was cancelled (2 slices since; threshold 100 ms)")])
        // Ending within the threshold is heeding it.
        #expect(Self.fold(run(endingAt: 50)).isEmpty)
        // Still going when the run ends: reported too (and as never finished).
        var unfinished = Warnings()
        unfinished.apply(run(endingAt: 300).dropLast(4) + [e(300, 1, .resume(thread: 0, readyWait: 0)), e(300, 1, .complete(result: ""))])
        #expect(unfinished.report(final: true).map(\.kind) == [.cancellationIgnored, .neverFinished])
    }

    @Test func durationsParseAndReportAsOneLine() {
        #expect(WarningThresholds.parseDuration("10ms") == 10_000_000)
        #expect(WarningThresholds.parseDuration("0.5s") == 500_000_000)
        #expect(WarningThresholds.parseDuration("250us") == 250_000)
        #expect(WarningThresholds.parseDuration("25") == 25_000_000)
        #expect(WarningThresholds.parseDuration("-1ms") == nil)
        #expect(WarningThresholds.parseDuration("fast") == nil)
        #expect(Warnings.section([]) == "No warnings\n")
        let line = Warnings.section([TaskWarning(kind: .blockingCall, task: 2, time: 1_500_000_000, evidence: "x\u{1B}[2J")],
                                    unitName: "second")
        #expect(line == "Warnings (1):\n  blocking call at 1.5 seconds task 2: x\\e[2J\n")
    }
}

/// The pool-starvation check keeps its spans bounded on a long run, and folding the old
/// ones changes nothing: the starved time equals a plain sweep over every span.
@Suite struct StarvationFoldTests {
    @Test func aLongRunFoldsItsSpansAndKeepsTheExactStarvedTime() {
        // Four tasks take turns on two threads (two each), slices of 7 to 13 ticks, ready waits of
        // 0 to 30: the threads are often both busy while a task waits.
        var generator = TestRandom(state: 7)
        var slices: [(start: Int64, end: Int64, task: TaskID, thread: Int, wait: Int64)] = []
        var threadFree: [Int64] = [0, 0]
        for i in 0..<30_000 {
            let thread = i % 2
            let start = threadFree[thread] + Int64(generator.next() % 5)
            let end = start + 7 + Int64(generator.next() % 7)
            slices.append((start, end, TaskID(2 + i % 4), thread, Int64(generator.next() % 31)))
            threadFree[thread] = end
        }
        var events = [TaskEvent(time: 0, task: 0, kind: .threads(count: 2)),
                      TaskEvent(time: 0, task: 1, kind: .spawn(name: "main", parent: 0))]
        for task in TaskID(2)...5 { events.append(TaskEvent(time: 0, task: task, kind: .spawn(name: "t\(task)", parent: 1))) }
        var timed: [(time: Int64, order: Int, event: TaskEvent)] = []
        for (n, s) in slices.enumerated() {
            timed.append((s.end, 2 * n, TaskEvent(time: s.end, task: s.task, kind: .suspend(.yield))))
            timed.append((s.start, 2 * n + 1, TaskEvent(time: s.start, task: s.task, kind: .resume(thread: s.thread, readyWait: s.wait))))
        }
        // At one instant, slices end before others begin (as a thread frees, then takes).
        timed.sort { ($0.time, $0.event.kind.isSuspend ? 0 : 1, $0.order) < ($1.time, $1.event.kind.isSuspend ? 0 : 1, $1.order) }
        events += timed.map(\.event)
        var warnings = Warnings(thresholds: WarningThresholds(), scale: 1)
        var busy: [(Int64, Int64)] = [], waited: [(Int64, Int64)] = []
        var running = 0, busySince: Int64 = 0
        for event in events {
            warnings.apply(event)
            switch event.kind {
            case let .resume(_, wait):
                if wait > 0 { waited.append((event.time - wait, event.time)) }
                running += 1
                if running == 2 { busySince = event.time }
            case .suspend:
                if running == 2, event.time > busySince { busy.append((busySince, event.time)) }
                running -= 1
            default: break
            }
        }
        #expect(warnings.keptSpans <= Warnings.spanLimit)
        let end = events.last!.time
        #expect(warnings.starvedTime(until: end) == sweep(busy, waited))
        #expect(warnings.starvedTime(until: end) > 0)
    }

    /// The time covered by some span of `a` and some span of `b`, by a sweep over every boundary.
    private func sweep(_ a: [(Int64, Int64)], _ b: [(Int64, Int64)]) -> Int64 {
        var marks: [(time: Int64, a: Int, b: Int)] = []
        for (s, e) in a { marks += [(s, 1, 0), (e, -1, 0)] }
        for (s, e) in b { marks += [(s, 0, 1), (e, 0, -1)] }
        marks.sort { $0.time < $1.time }
        var inA = 0, inB = 0, total: Int64 = 0, last: Int64 = 0
        for mark in marks {
            if inA > 0, inB > 0 { total += mark.time - last }
            inA += mark.a
            inB += mark.b
            last = mark.time
        }
        return total
    }
}

private extension TaskEvent.Kind {
    var isSuspend: Bool { if case .suspend = self { true } else { false } }
}
