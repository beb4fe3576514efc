import TaskTrace

/// Producers → a bounded queue → consumers, every count and rate a knob. A full queue
/// suspends producers (queue-put), an empty one suspends consumers (queue-get).
enum Pipeline {
    static let scenario = Scenario(
        name: "pipeline",
        summary: "producers -> bounded queue -> consumers; counts, capacity and rates are knobs",
        kind: .live,
        knobs: [
            KnobSpec("producers", "producer tasks", range: 0...1_000, default: 2),
            KnobSpec("consumers", "consumer tasks", range: 0...1_000, default: 2),
            KnobSpec("capacity", "queue capacity", range: 1...1_000, default: 5),
            KnobSpec("produce", "pause between puts, tenths of a unit", range: 0...100, default: 5),
            KnobSpec("consume", "work per item, tenths of a unit", range: 0...100, default: 10),
            KnobSpec("cpu", "CPU work per item, thousandths of a unit", range: 0...1_000, default: 2),
            KnobSpec("items", "items in all, then stop (0: endless)", range: 0...100_000_000, default: 0),
        ]
    ) { ctx in
        let queue = TracedQueue<Int>(name: "queue", capacity: ctx.knobs["capacity"])
        let total = ctx.knobs["items"]
        // With an item count: producers claim items until none are left, and the consumer
        // of the last one opens `done`, which the root waits on.
        let tally = PosixMutex((produced: 0, consumed: 0))
        let done = TracedSemaphore(name: "done", permits: 1)
        if total > 0 { try await done.acquire() }
        let producers = TaskPool(prefix: "producer") { number in
            while true {
                if total > 0 {
                    let claimed = tally.withLock { t -> Bool in
                        guard t.produced < total else { return false }
                        t.produced += 1
                        return true
                    }
                    if !claimed { return }
                }
                let value = ctx.random.int(in: 1...100)
                try await queue.put(value)
                ctx.print("producer_\(number) put a val: \(value)")
                try await Trace.sleep(units: Double(ctx.knobs["produce"]) / 10)
            }
        }
        let consumers = TaskPool(prefix: "consumer") { number in
            while true {
                let value = try await queue.get()
                ctx.print("consumer_\(number) get a val: \(value)")
                Trace.compute(units: Double(ctx.knobs["cpu"]) / 1000)
                try await Trace.sleep(units: Double(ctx.knobs["consume"]) / 10)
                if total > 0, tally.withLock({ t in t.consumed += 1; return t.consumed == total }) { done.release() }
            }
        }
        if total > 0 {
            // A finite run: knobs are reconciled by a task of their own while the root waits.
            let supervisor = ctx.knobs.superviseChanges {
                queue.setCapacity(ctx.knobs["capacity"])
                consumers.resize(to: ctx.knobs["consumers"])
                producers.resize(to: ctx.knobs["producers"])
            }
            do {
                try await done.acquire()
            } catch {
                supervisor.cancel()
                await producers.cancelAll()
                await consumers.cancelAll()
                throw error
            }
            supervisor.cancel()
            _ = await supervisor.result
            await producers.cancelAll()
            await consumers.cancelAll()
            return
        }
        do {
            try await ctx.knobs.reconcile {
                queue.setCapacity(ctx.knobs["capacity"])
                consumers.resize(to: ctx.knobs["consumers"])
                producers.resize(to: ctx.knobs["producers"])
            }
        } catch {
            await producers.cancelAll()
            await consumers.cancelAll()
            throw error
        }
    }
}
