import Foundation
import Synchronization
import Testing
@testable import TaskTrace

/// Many threads recording at once: the bus's per-thread stages must still come out as one
/// stream that loses nothing, keeps each thread's order, keeps cause before effect across
/// threads, and never runs time backwards.
/// An atomic to share between test threads and tasks (an `Atomic` itself cannot be captured).
final class SharedCounter: Sendable {
    let value = Atomic<Int>(0)
}

@Suite struct EventBusConcurrencyTests {
    /// Runs `body(index)` on `count` threads at once and returns when all are done.
    func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchSemaphore(value: 0)
        for index in 0..<count {
            Thread { body(index); done.signal() }.start()
        }
        for _ in 0..<count { done.wait() }
    }

    func collect(_ stream: AsyncStream<[TaskEvent]>) async -> [TaskEvent] {
        var all: [TaskEvent] = []
        for await batch in stream { all += batch }
        return all
    }

    @Test(arguments: [TimeMode.virtual, .real(speed: 1)])
    func eightProducersLoseNothingAndKeepEachThreadsOrder(time: TimeMode) async {
        let bus = EventBus(clock: SessionClock(mode: time))
        let stream = bus.subscribe()
        let perThread = 20_000
        onThreads(8) { thread in
            for n in 0..<perThread {
                bus.record(task: TaskID(thread + 1), .counter(name: "n", value: Int64(n)))
            }
        }
        bus.close()
        let events = await collect(stream)
        #expect(events.count == 8 * perThread)
        for thread in 1...8 {
            let values = events.filter { $0.task == TaskID(thread) }.map { event -> Int64 in
                if case let .counter(_, value) = event.kind { return value }
                return -1
            }
            #expect(values == (0..<Int64(perThread)).map { $0 })
        }
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(bus.totals == (recorded: Int64(8 * perThread), dropped: 0))
    }

    /// Thread B records only after seeing A's event recorded; in virtual time both carry
    /// the same timestamp, so only the bus's global order can put A's first.
    @Test func causeComesBeforeEffectAcrossThreadsWhenTimesTie() async {
        let bus = EventBus(clock: SessionClock(mode: .virtual))
        let stream = bus.subscribe()
        let turn = SharedCounter()
        let rounds = 2_000
        onThreads(2) { thread in
            for round in 0..<rounds {
                let mine = round * 2 + thread
                while turn.value.load(ordering: .acquiring) != mine {}
                bus.record(task: TaskID(thread + 1), .counter(name: "turn", value: Int64(mine)))
                turn.value.store(mine + 1, ordering: .releasing)
            }
        }
        bus.close()
        let turns = await collect(stream).map { event -> Int64 in
            if case let .counter(_, value) = event.kind { return value }
            return -1
        }
        #expect(turns == (0..<Int64(2 * rounds)).map { $0 })
    }

    @Test func aBusDrainedWhileProducersRunDeliversEveryBatchInOrder() async {
        let bus = EventBus(clock: SessionClock(mode: .real(speed: 1)))
        let stream = bus.subscribe()
        let collector = Task { await collect(stream) }
        onThreads(4) { thread in
            for n in 0..<50_000 {
                bus.record(task: TaskID(thread + 1), .counter(name: "n", value: Int64(n)))
                if n % 5_000 == 0 { usleep(200) }
            }
        }
        bus.close()
        let events = await collector.value
        #expect(events.count == 200_000)
        for thread in 1...4 {
            let values = events.filter { $0.task == TaskID(thread) }.map { event -> Int64 in
                if case let .counter(_, value) = event.kind { return value }
                return -1
            }
            #expect(values == (0..<50_000).map { Int64($0) })
        }
    }
}

@Suite struct WaiterTests {
    /// The timer can fire on another worker before the sleeper hands over its
    /// continuation; the wake-up must not be lost.
    @Test(.timeLimit(.minutes(1))) func aWakeUpBeforeArmingIsKept() async throws {
        let waiter = Waiter()
        waiter.resume()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiter.arm(continuation) {}
        }
    }

    @Test(.timeLimit(.minutes(1))) func aCancellationBeforeArmingThrowsAndCancelsTheTimer() async {
        let waiter = Waiter()
        let timerCancelled = SharedCounter()
        waiter.cancel()
        await #expect(throws: CancellationError.self) {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiter.arm(continuation) { timerCancelled.value.store(1, ordering: .relaxed) }
            }
        }
        #expect(timerCancelled.value.load(ordering: .relaxed) == 1)
    }

    /// Many short real-time sleeps on two workers: every one wakes (a lost wake-up hangs
    /// the group, and the time limit fails the test).
    @Test(.timeLimit(.minutes(1))) func shortRealTimeSleepsOnTwoWorkersAllWake() async {
        let session = TraceSession(threads: 2, time: .real(speed: 1), recording: false)
        let woke = SharedCounter()
        let root = session.start {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    Trace.addTask(to: &group, name: "sleeper-\(index)") {
                        for _ in 0..<40 {
                            try await Trace.sleep(ticks: 20_000)
                            woke.value.add(1, ordering: .relaxed)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        _ = await root.result
        session.finish()
        #expect(woke.value.load(ordering: .relaxed) == 2_000)
    }
}
