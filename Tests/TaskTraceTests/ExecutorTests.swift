import Synchronization
import Testing
@testable import TaskTrace

/// Runs `body` as the root task of a one-thread virtual session; returns all events.
func traceVirtual(
    threads: Int = 1,
    _ body: @escaping @Sendable () async throws -> Void
) async -> [TaskEvent] {
    let session = TraceSession(threads: threads, time: .virtual)
    let stream = session.bus.subscribe()
    let collector = Task { () -> [TaskEvent] in
        var all: [TaskEvent] = []
        for await batch in stream { all += batch }
        return all
    }
    let root = session.start("root", body)
    _ = await root.result
    session.finish()
    return await collector.value
}

@Suite struct ExecutorTests {
    @Test func anAwaitThatDoesNotSuspendLeavesNoSuspendEvent() async {
        let events = await traceVirtual {
            let queue = TracedQueue<Int>(name: "q", capacity: 4)
            try await queue.put(1)          // room: does not suspend
            _ = try await queue.get()       // an item: does not suspend
        }
        #expect(events.filter { $0.task == 1 && $0.kind.tag != "counter" }.map(\.kind.tag) == ["spawn", "start", "complete"])
    }

    @Test func queueWaitsCarryTheirReasons() async {
        let events = await traceVirtual {
            let queue = TracedQueue<Int>(name: "q", capacity: 1)
            let getter = Trace.spawn("getter") { _ = try await queue.get() }
            try await Trace.sleep(units: 1)
            try await queue.put(1)
            try await queue.put(2)
            let putter = Trace.spawn("putter") { try await queue.put(3) }   // full: waits
            try await Trace.sleep(units: 1)
            _ = try await queue.get()
            _ = await getter.result
            _ = await putter.result
        }
        #expect(events.contains { $0.task == 2 && $0.kind == .suspend(.queueGet) })
        #expect(events.contains { $0.task == 3 && $0.kind == .suspend(.queuePut) })
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.task(3)?.outcome == .completed(""))
        #expect(ledger.task(3)?.suspendedTime == Ticks.from(units: 1))
    }

    @Test func cancellingASleepingTaskEndsItAtOnce() async {
        let events = await traceVirtual {
            let sleeper = Trace.spawn("sleeper") { try await Trace.sleep(units: 100) }
            try await Trace.sleep(units: 1)
            sleeper.cancel()
            _ = await sleeper.result
        }
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.task(2)?.outcome == .cancelled)
        #expect(ledger.task(2)?.endedAt == Ticks.from(units: 1))
        #expect(ledger.rootEndedAt == Ticks.from(units: 1))
    }

    @Test func aThrowingTaskEndsFailedWithItsError() async {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let events = await traceVirtual {
            let failing = Trace.spawn("failing") { throw Boom() }
            _ = await failing.result
        }
        #expect(events.contains { $0.task == 2 && $0.kind == .fail(error: "boom") })
    }

    @Test func readyWaitIsTheTimeSpentWaitingForTheThread() async {
        // Three tasks each compute 1 unit on one thread: the second waits 1, the third 2.
        let events = await traceVirtual {
            let tasks = (1...3).map { n in Trace.spawn("cpu_\(n)") { Trace.compute(units: 1) } }
            for task in tasks { _ = await task.result }
        }
        let starts = events.compactMap { event -> (TaskID, Int64)? in
            if case let .start(_, wait) = event.kind, event.task > 1 { (event.task, wait) } else { nil }
        }
        #expect(starts.map(\.1) == [0, Ticks.from(units: 1), Ticks.from(units: 2)])
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.task(4)?.readyTime == Ticks.from(units: 2))
        #expect(ledger.task(4)?.runningTime == Ticks.from(units: 1))
    }

    @Test func aSleeperWhoseTimerIsDueWhileTheThreadComputesWaitsReadyNotAsleep() async {
        // One thread: the sleeper's 1-unit timer is due at 1 while the other task computes
        // until 3. From 1 it is ready (waiting for the thread), not still asleep.
        let events = await traceVirtual {
            let sleeper = Trace.spawn("sleeper") { try await Trace.sleep(units: 1) }
            let worker = Trace.spawn("worker") { Trace.compute(units: 3) }
            _ = await sleeper.result
            _ = await worker.result
        }
        let resume = events.first { event in
            if case .resume = event.kind { event.task == 2 } else { false }
        }
        #expect(resume?.time == Ticks.from(units: 3))
        if case let .resume(_, wait)? = resume?.kind { #expect(wait == Ticks.from(units: 2)) }
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.task(2)?.suspendedTime == Ticks.from(units: 1))
        #expect(ledger.task(2)?.readyTime == Ticks.from(units: 2))
    }

    @Test func twoThreadsRunComputeSideBySide() async {
        let events = await traceVirtual(threads: 2) {
            let tasks = (1...2).map { n in Trace.spawn("cpu_\(n)") { Trace.compute(units: 1) } }
            for task in tasks { _ = await task.result }
        }
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.rootEndedAt == Ticks.from(units: 1))
        #expect(Set([ledger.task(2)?.lastThread, ledger.task(3)?.lastThread]) == [0, 1])
    }

    /// CPU work may carry virtual time past a run's limit, beyond a timer that will never
    /// fire there. That timer once counted as due for a free worker, which would not fire
    /// it (past the limit), while time would not move for the worker still computing: both
    /// waited for ever (`pipeline` 1,000 × 1,000 on two threads with a duration).
    @Test func cpuWorkPastTheLimitFinishesBesideATimerThatNeverFires() async {
        let session = TraceSession(threads: 2, time: .virtual)
        session.executor.limitVirtualTime(to: Ticks.from(units: 5))
        let root = session.start("root") {
            let sleeper = Trace.spawn("sleeper") { try await Trace.sleep(units: 5.5) }
            try await Trace.sleep(units: 4.5)
            Trace.compute(units: 2)      // time reaches 6.5, past the sleeper's 5.5
            Trace.compute(units: 0.5)    // the stall: a timer at 5.5 ≤ now, past the limit
            sleeper.cancel()
        }
        // A watchdog, not a timing: the run takes microseconds; a stalled one never ends,
        // and the test must fail rather than hang (awaiting the root cannot be cancelled).
        let ended = EndFlag()
        Task.detached { _ = await root.result; ended.value.store(true, ordering: .releasing) }
        var finished = false
        for _ in 0..<2_000 where !finished {
            try? await Task.sleep(for: .milliseconds(10))
            finished = ended.value.load(ordering: .acquiring)
        }
        #expect(finished, "the run stalled")
        #expect(session.clock.now() == Ticks.from(units: 7))
        session.finish()
    }

    @Test func threadCountChangesWhileRunning() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let stream = session.bus.subscribe()
        let root = session.start("root") {
            Trace.currentExecutor?.setThreadCount(3)
            let tasks = (1...3).map { n in Trace.spawn("cpu_\(n)") { Trace.compute(units: 1) } }
            for task in tasks { _ = await task.result }
        }
        _ = await root.result
        session.finish()
        var ledger = TaskLedger()
        for await batch in stream { ledger.apply(batch) }
        #expect(ledger.threadCount == 3)
        #expect(ledger.rootEndedAt == Ticks.from(units: 1))
    }

    @Test func asyncLetChildrenAreTracedToo() async {
        let events = await traceVirtual {
            async let child: Void = Trace.sleep(units: 1)
            try await child
        }
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.tasks.count == 2)
        #expect(ledger.task(2)?.parent == 1)
        #expect(ledger.task(2)?.suspensions[.sleep] == 1)
    }

    @Test func timersFireInDeadlineThenCreationOrder() async {
        let events = await traceVirtual {
            let order = (1...4).map { n in
                Trace.spawn("t\(n)") { try await Trace.sleep(units: n % 2 == 0 ? 1 : 2) }
            }
            for task in order { _ = await task.result }
        }
        let completions = events.filter { $0.kind.tag == "complete" && $0.task > 1 }.map(\.task)
        #expect(completions == [3, 5, 2, 4])
    }
}

@Suite struct EventBusTests {
    @Test func everySubscriberGetsEveryEventInOrder() async {
        let bus = EventBus(clock: SessionClock(mode: .virtual))
        let a = bus.subscribe(), b = bus.subscribe()
        for n in 0..<1000 { bus.record(task: 1, .counter(name: "n", value: Int64(n))) }
        bus.close()
        var seenA: [TaskEvent] = [], seenB: [TaskEvent] = []
        for await batch in a { seenA += batch }
        for await batch in b { seenB += batch }
        #expect(seenA.count == 1000)
        #expect(seenA == seenB)
        #expect(seenA.map(\.kind) == (0..<1000).map { .counter(name: "n", value: Int64($0)) })
    }

    @Test func eventsBeyondTheBoundAreCountedNotLostSilently() async {
        let bus = EventBus(clock: SessionClock(mode: .virtual), capacity: 10)
        // Recorded before anyone subscribes, so before the drainer starts: with it running,
        // it could make room midway (one run in thirty did) and fewer would be dropped.
        for n in 0..<25 { bus.record(task: 1, .counter(name: "n", value: Int64(n))) }
        let stream = bus.subscribe()
        bus.close()
        var events: [TaskEvent] = []
        for await batch in stream { events += batch }
        #expect(events.count == 11)
        #expect(events.last?.kind == .dropped(count: 15))
        #expect(bus.totals.dropped == 15)
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(ledger.droppedCount == 15)
    }
}

/// Set once a watched run ends.
private final class EndFlag: Sendable {
    let value = Atomic(false)
}

@Suite struct TimerLifetimeTests {
    /// A timeout holds its task: once the task ends, the timer must go, or every finished
    /// task of a long run stays alive until its deadline (555 MB for a 200,000-page crawl).
    @Test func aTaskThatEndsTakesItsTimeoutWithIt() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let executor = session.executor
        let counts = Mutex<(pending: Int, keys: Int)>((0, 0))
        let root = session.start("root") {
            for n in 0..<1_000 {
                let page = Trace.spawn("page_\(n)") { try await Trace.sleep(units: 0.5) }
                page.cancel(afterUnits: 100)
                _ = await page.result
            }
            counts.withLock { $0 = executor.timerCounts }
        }
        _ = await root.result
        session.finish()
        let (pending, keys) = counts.withLock { $0 }
        #expect(pending == 0, "every page has ended: no timeout is left")
        #expect(keys <= 130, "cancelled timers' heap keys do not pile up")
    }

    /// A timeout still cancels a task that outlives it.
    @Test func aTimeoutStillCancelsATaskThatOverruns() async {
        let events = await traceVirtual {
            let slow = Trace.spawn("slow") { try await Trace.sleep(units: 10) }
            slow.cancel(afterUnits: 1)
            _ = await slow.result
        }
        var ledger = TaskLedger()
        ledger.apply(events)
        #expect(events.contains { $0.task == 2 && $0.kind.tag == "cancel" && $0.time == Ticks.from(units: 1) })
    }
}

@Suite struct WindDownTests {
    /// A task nobody cancels, sleeping in a loop, must still end once its session stops:
    /// winding down, a new sleep throws at once. Its executor is then freed.
    @Test func anUncancelledSleepLoopEndsWhenItsSessionStops() async {
        weak var weakExecutor: TracingExecutor?
        do {
            let session = TraceSession(threads: 1, time: .virtual)
            weakExecutor = session.executor
            let root = session.start("root") {
                Trace.spawn("looper") { while true { try await Trace.sleep(units: 1) } }
                try await Trace.sleep(units: 3)
            }
            _ = await root.result
            session.finish()
            #expect(await session.executor.woundDown(), "the looper kept the workers")
        }
        var looks = 0
        while weakExecutor != nil, looks < 10_000 {
            try? await Task.sleep(for: .milliseconds(1))
            looks += 1
        }
        #expect(weakExecutor == nil, "the executor outlived its session")
    }
}
