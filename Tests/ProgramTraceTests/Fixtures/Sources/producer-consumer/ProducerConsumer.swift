// A producer and a consumer joined by an AsyncStream.
@main struct ProducerConsumer {
    static func main() async {
        let (items, sink) = AsyncStream.makeStream(of: Int.self)
        let producer = Task {
            for item in 1...5 {
                try? await Task.sleep(for: .milliseconds(20))
                sink.yield(item)
            }
            sink.finish()
        }
        let consumer = Task {
            var total = 0
            for await item in items {
                print("consumed \(item)")
                total += item
            }
            return total
        }
        await producer.value
        print("total \(await consumer.value)")
    }
}
