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
        ]
    ) { ctx in
        let queue = TracedQueue<Int>(name: "queue", capacity: ctx.knobs["capacity"])
        let producers = TaskPool(prefix: "producer") { number in
            while true {
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
                Trace.compute(units: 0.01)
                try await Trace.sleep(units: Double(ctx.knobs["consume"]) / 10)
            }
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
