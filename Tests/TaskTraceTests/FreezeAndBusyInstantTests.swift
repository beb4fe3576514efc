import Synchronization
import Testing
@testable import TaskTrace

/// The live controls (freeze, step, thaw) and the rule that keeps virtual time moving when
/// tasks hand work to each other at no cost.
@Suite struct FreezeAndBusyInstantTests {
    /// Polls `condition` (off the executor) until it holds, for up to about a minute: it
    /// returns as soon as it does, and a machine loaded by a parallel test run can take
    /// seconds to give the session's worker a turn.
    private func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<12_000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    /// Events collected so far, readable while the session runs.
    final class Seen: Sendable {
        private let events = Mutex<[TaskEvent]>([])
        func add(_ batch: [TaskEvent]) { events.withLock { $0 += batch } }
        var slices: Int { FreezeAndBusyInstantTests.slices(events.withLock { $0 }) }
        var count: Int { events.withLock { $0.count } }
        /// The times of the first whole slice among the events from `index` on.
        func slice(after index: Int) -> (start: Int64, end: Int64)? {
            events.withLock { events in
                guard index < events.count,
                      let begun = events[index...].firstIndex(where: { $0.kind.tag == "start" || $0.kind.tag == "resume" }),
                      let ended = events[begun...].first(where: { $0.task == events[begun].task && $0.kind.tag == "suspend" })
                else { return nil }
                return (events[begun].time, ended.time)
            }
        }
        /// Whether the task that printed `line` has suspended since.
        func suspended(after line: String) -> Bool {
            events.withLock { events in
                guard let printed = events.firstIndex(where: { $0.kind == .message(line) }) else { return false }
                return events[printed...].contains { $0.task == events[printed].task && $0.kind.tag == "suspend" }
            }
        }
    }

    /// A session whose root ticks: each slice prints its count, then sleeps one unit. With
    /// `freezingAt`, the slice that prints that count freezes the world itself, so the test
    /// knows which slice was the last to start. With `spinning`, each slice also keeps its
    /// thread busy that many nanoseconds of wall time, and sleeps `sleepUnits`.
    private func tickingSession(time: TimeMode, freezingAt freezeTick: Int? = nil, spinning: UInt64 = 0,
                                sleepUnits: Double = 1) -> (TraceSession, Seen, Task<Void, Never>) {
        let session = TraceSession(threads: 1, time: time)
        let stream = session.bus.subscribe()
        let seen = Seen()
        let collector = Task { for await batch in stream { seen.add(batch) } }
        let bus = session.bus
        _ = session.start("ticker") {
            for n in 0..<1_000_000 {
                bus.record(task: Trace.currentTask, .message("tick \(n)"))
                if n == freezeTick { Trace.currentExecutor?.freeze() }
                let until = SessionClock.monotonicNanos() + spinning
                while SessionClock.monotonicNanos() < until {}
                try await Trace.sleep(units: sleepUnits)
            }
        }
        return (session, seen, collector)
    }

    private static func slices(_ events: [TaskEvent]) -> Int {
        events.filter { if case .resume = $0.kind { true } else if case .start = $0.kind { true } else { false } }.count
    }

    @Test func aFrozenWorldStartsNoSliceAndItsVirtualTimeStandsStill() async {
        let (session, seen, collector) = tickingSession(time: .virtual, freezingAt: 50)
        // The 50th slice froze the world; once it has suspended, no slice runs or starts.
        #expect(await eventually { seen.suspended(after: "tick 50") })
        let before = seen.slices
        let frozenAt = session.clock.now()
        try? await Task.sleep(for: .milliseconds(100))
        #expect(session.clock.now() == frozenAt)
        #expect(seen.slices == before)

        // One step: exactly one more slice, and time moved only to that slice's timer.
        session.executor.step()
        #expect(await eventually { seen.slices == before + 1 })
        try? await Task.sleep(for: .milliseconds(50))
        #expect(seen.slices == before + 1)
        #expect(session.clock.now() <= frozenAt + Ticks.perUnit)

        session.executor.thaw()
        #expect(await eventually { seen.slices > before + 10 })
        session.finish()
        await collector.value
    }

    @Test func aFrozenRealClockStandsStillAndThawsWithoutJumping() async {
        let (session, seen, collector) = tickingSession(time: .real(speed: 1000))
        #expect(await eventually { seen.count > 10 })
        session.executor.freeze()
        let frozenAt = session.clock.now()
        try? await Task.sleep(for: .milliseconds(200))
        // 200 ms at 1000 units a second would be 200 units.
        #expect(session.clock.now() == frozenAt)
        let slicesFrozen = seen.slices
        // A step runs one slice: the ticker's, ready now or once the stopped clock is moved
        // to its timer (at most a unit on); the slice runs on a running clock, so time moves
        // by as long as the step took (a slow machine's step, at 1000 units a second, can
        // take several units), never by the 200 ms the world stood frozen.
        let stepStarted = SessionClock.monotonicNanos()
        session.executor.step()
        #expect(await eventually { seen.slices == slicesFrozen + 1 })
        let afterStep = session.clock.now()
        let stepTook = Int64(SessionClock.monotonicNanos() - stepStarted)
        #expect(afterStep >= frozenAt && afterStep <= frozenAt + Ticks.perUnit + stepTook * 1000,
                "the clock moved \(afterStep - frozenAt) ticks in a step of \(stepTook) ns")
        session.executor.thaw()
        // Running again from where it stood, not from where the wall clock got to.
        #expect(session.clock.now() < afterStep + 100 * Ticks.perUnit)
        session.finish()
        await collector.value
    }

    /// A step in frozen real time lets the slice take the time it takes (the dashboard's
    /// step line says how long), then the clock stands still again.
    @Test func aSteppedSliceInRealTimeTakesItsTime() async {
        let (session, seen, collector) = tickingSession(time: .real(speed: 1), spinning: 20_000_000, sleepUnits: 0.001)
        #expect(await eventually { seen.count > 10 })
        session.executor.freeze()
        try? await Task.sleep(for: .milliseconds(50))
        let countFrozen = seen.count
        session.executor.step()
        #expect(await eventually { seen.slice(after: countFrozen) != nil })
        let (start, end) = seen.slice(after: countFrozen) ?? (0, 0)
        // 20 ms of spinning at one unit a second: at least 0.015 u, not the 0 a stopped clock gave.
        #expect(end - start >= 15 * Ticks.perUnit / 1000, "slice \(start) to \(end)")
        let frozenAgain = session.clock.now()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(session.clock.now() == frozenAgain)
        session.executor.thaw()
        session.finish()
        await collector.value
    }

    @Test func tasksThatHandOffAtNoCostStillReachTheDuration() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let duration = Ticks.from(units: 0.05)
        session.executor.limitVirtualTime(to: duration)
        let root = Mutex<TracedTask<Void>?>(nil)
        session.at(duration) { root.withLock { $0 }?.cancel() }
        root.withLock {
            $0 = session.start("main") {
                let queue = TracedQueue<Int>(name: "q", capacity: 1)
                let consumer = Trace.spawn("consumer") { while true { _ = try await queue.get() } }
                defer { consumer.cancel() }
                while true { try await queue.put(1) }
            }
        }
        _ = await root.withLock { $0 }!.result
        #expect(session.clock.now() == duration)
        session.finish()
    }

    @Test func pacedVirtualTimeNeverRunsAheadOfItsPace() async {
        let session = TraceSession(threads: 1, time: .virtual)
        let start = SessionClock.monotonicNanos()
        session.executor.paceVirtualTime(unitsPerSecond: 10)
        _ = session.start("sleeper") { for _ in 0..<1_000 { try await Trace.sleep(units: 1) } }
        try? await Task.sleep(for: .milliseconds(200))
        let now = session.clock.now()
        let elapsed = Double(SessionClock.monotonicNanos() - start) / 1e9
        #expect(now > 0)
        #expect(Double(now) <= (elapsed * 10 + 1) * Double(Ticks.perUnit))
        session.finish()
    }

    @Test func pacingChangesNoEventOnlyWhenItHappens() async {
        func run(paced: Bool) async -> [TaskEvent] {
            let session = TraceSession(threads: 1, time: .virtual)
            if paced { session.executor.paceVirtualTime(unitsPerSecond: 200) }
            let stream = session.bus.subscribe()
            let collector = Task { () -> [TaskEvent] in
                var all: [TaskEvent] = []
                for await batch in stream { all += batch }
                return all
            }
            let root = session.start("main") {
                let children = (1...4).map { n in Trace.spawn("url_\(n)") { try await Trace.sleep(units: Double(n)) } }
                for child in children { _ = await child.result }
            }
            _ = await root.result
            session.finish()
            return await collector.value
        }
        let instant = await run(paced: false)
        let paced = await run(paced: true)
        #expect(paced == instant)
        #expect(paced.map(\.time).max() == 4 * Ticks.perUnit)
    }

    @Test func aFewSlicesAtOneInstantCostNothing() async {
        let events = await traceVirtual {
            for _ in 0..<(TracingExecutor.freeSlicesPerInstant / 4) { await Trace.yield() }
        }
        #expect(events.allSatisfy { $0.time == 0 })
    }
}
