import Testing
@testable import TaskTrace

/// A waiter that is served and cancelled at the same moment, on two threads at once. The
/// runtime runs a cancellation handler holding the task's status lock, and that handler
/// takes the primitive's lock; a primitive that resumed a waiter under its own lock took
/// the two locks in the other order, and the two threads could wait on each other for good.
@Suite struct PrimitiveCancellationRaceTests {
    /// Rounds enough for the two orders to meet many times over on two workers.
    static let rounds = 2_000

    @Test(.timeLimit(.minutes(1)))
    func aPutterServedAndCancelledAtOnceNeverDeadlocks() async {
        let outcomes = await race { queue, putter in [
            Trace.spawn("getter") {
                try await Trace.sleep(ticks: 1)
                _ = try await queue.get()        // serves the waiting putter
            },
            Trace.spawn("canceller") {
                try await Trace.sleep(ticks: 1)
                putter.cancel()                 // at the same instant, on the other worker
            },
        ] }
        // Both ways out happened, so the two really met: served, and cancelled in line.
        #expect(outcomes.served > 0 && outcomes.cancelled > 0, "\(outcomes)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aGetterServedAndCancelledAtOnceNeverDeadlocks() async {
        let outcomes = await race(getterWaits: true) { queue, getter in [
            Trace.spawn("putter") {
                try await Trace.sleep(ticks: 1)
                try await queue.put(1)           // hands its item to the waiting getter
            },
            Trace.spawn("canceller") {
                try await Trace.sleep(ticks: 1)
                getter.cancel()
            },
        ] }
        #expect(outcomes.served > 0 && outcomes.cancelled > 0, "\(outcomes)")
    }

    /// Each round: a task waits in a queue's line (a putter on a full queue, or a getter on
    /// an empty one), then `contenders` serve it and cancel it at one instant.
    private func race(
        getterWaits: Bool = false,
        contenders: @escaping @Sendable (TracedQueue<Int>, TracedTask<Void>) -> [TracedTask<Void>]
    ) async -> (served: Int, cancelled: Int) {
        let session = TraceSession(threads: 2, time: .virtual, recording: false)
        let root = session.start("root") { () -> (served: Int, cancelled: Int) in
            var served = 0, cancelled = 0
            for _ in 0..<Self.rounds {
                let queue = TracedQueue<Int>(name: "q", capacity: 1)
                if !getterWaits { try await queue.put(0) }
                let waiter = Trace.spawn("waiter") {
                    if getterWaits { _ = try await queue.get() } else { try await queue.put(1) }
                }
                for contender in contenders(queue, waiter) { _ = await contender.result }
                switch await waiter.result {
                case .success: served += 1
                case .failure: cancelled += 1
                }
            }
            return (served, cancelled)
        }
        let outcomes = (try? await root.result.get()) ?? (0, 0)
        session.finish()
        return outcomes
    }
}
