import Benchmark
import Foundation
import Synchronization
import TaskTrace

/// A bus on a real clock whose one subscriber drains every batch and throws it away, as a
/// live run's is (the drainer thread runs about once a millisecond).
final class DiscardingBus: Sendable {
    let bus: EventBus
    let delivered = Atomic<Int>(0)

    init() {
        bus = EventBus(clock: SessionClock(mode: .real(speed: 1)))
        let stream = bus.subscribe()
        Task.detached { [self] in
            for await batch in stream { delivered.add(batch.count, ordering: .relaxed) }
        }
    }

    func close() { bus.close() }

    /// Waits until the subscriber has every event recorded so far, so that a measured run
    /// starts with the stages empty: otherwise the drainer, slower than the producers,
    /// falls behind run after run until the stages fill and later runs time the drop path.
    func waitUntilDrained() {
        while delivered.load(ordering: .relaxed) < Int(bus.recordedCount) { usleep(100) }
    }

    /// Stops the benchmark if any event was dropped: its figure would not be a record's.
    func checkNothingDropped() {
        let dropped = bus.totals.dropped
        if dropped > 0 { fatalError("\(dropped) events were dropped: the figure would time the drop path") }
    }
}

/// Runs `body(index)` on `count` threads at once and returns when all are done.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            body(index)
            done.signal()
        }
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}

func recordingBenchmarks() {
    // ns per event = wall time of one iteration / 1,000,000.
    let perMillion = Benchmark.Configuration(scalingFactor: .mega)

    // The drainer runs meanwhile, as in a live run, but each run starts with it caught up.
    Benchmark("record event: 1 producer", configuration: perMillion) { benchmark, sink in
        let bus = sink.bus
        sink.waitUntilDrained()
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            bus.record(task: 1, .resume(thread: 0, readyWait: Int64(i)))
        }
        benchmark.stopMeasurement()
        sink.checkNothingDropped()
    } setup: {
        DiscardingBus()
    }

    Benchmark("record event: 8 producers", configuration: perMillion) { benchmark, sink in
        let bus = sink.bus
        let each = benchmark.scaledIterations.count / 8
        sink.waitUntilDrained()
        benchmark.startMeasurement()
        onThreads(8) { thread in
            for i in 0..<each {
                bus.record(task: TaskID(thread + 1), .resume(thread: thread, readyWait: Int64(i)))
            }
        }
        benchmark.stopMeasurement()
        sink.checkNothingDropped()
    } setup: {
        DiscardingBus()
    }

    // Recorded by one producer and delivered in batches to a subscriber: done when the
    // subscriber has every event.
    Benchmark("bus: record and deliver in batches", configuration: perMillion) { benchmark, sink in
        let bus = sink.bus
        let start = sink.delivered.load(ordering: .relaxed)
        let target = start + benchmark.scaledIterations.count
        for i in benchmark.scaledIterations {
            bus.record(task: 1, .resume(thread: 0, readyWait: Int64(i)))
        }
        while sink.delivered.load(ordering: .relaxed) < target { usleep(50) }
    } setup: {
        DiscardingBus()
    }
}
