import TaskTrace

/// The tutorial's `asyncio.Queue` example: 2 consumers and 2 producers; the main task
/// cancels the consumers after 10 units and gathers all four.
enum ProducerConsumer {
    static let scenario = Scenario(
        name: "producer-consumer",
        summary: "2 producers put 5 random values each, 2 consumers get them; cancelled at 10 units",
        kind: .seed(expectedUnits: 10)
    ) { ctx in
        let queue = TracedQueue<Int>(name: "queue")
        func consumer(_ name: String) -> TracedTask<Void> {
            Trace.spawn(name) {
                while true {
                    let value = try await queue.get()
                    ctx.print("\(name) get a val: \(value)")
                    try await Trace.sleep(units: 1)
                }
            }
        }
        func producer(_ name: String) -> TracedTask<Void> {
            Trace.spawn(name) {
                for _ in 0..<5 {
                    let value = ctx.random.int(in: 1...10)
                    try await queue.put(value)
                    ctx.print("\(name) put a val: \(value)")
                    try await Trace.sleep(units: 1)
                }
            }
        }
        let consumer1 = consumer("consumer_1")
        let consumer2 = consumer("consumer_2")
        let producer1 = producer("producer_1")
        let producer2 = producer("producer_2")
        try await Trace.sleep(units: 10)
        consumer1.cancel()
        consumer2.cancel()
        for task in [consumer1, consumer2, producer1, producer2] { _ = await task.result }
    }
}
