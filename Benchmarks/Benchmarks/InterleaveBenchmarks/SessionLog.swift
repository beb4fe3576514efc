import Benchmark
import Foundation
import TaskTrace

/// A session log on disk holding `syntheticSession(tasks: 1_000, events: 1_000_000)`,
/// removed when the benchmark's state is released.
final class LogOnDisk: Sendable {
    let path: String
    let batches: [[TaskEvent]]
    static let header = SessionHeader(scenario: "benchmark", time: .virtual, threads: 4)

    init(written: Bool) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("interleave-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl").path
        batches = syntheticSession(tasks: 1_000, events: 1_000_000)
        if written { try write() }
    }

    func write() throws {
        let writer = try SessionLogWriter(path: path, header: Self.header)
        for batch in batches { writer.write(batch) }
        if let error = writer.close() { throw error }
    }

    deinit { unlink(path) }
}

func sessionLogBenchmarks() {
    // One iteration: 1,000,000 events (1,000 tasks, ~60 bytes a line): ns per event = wall / 1M.
    let log = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .milliseconds, maxDuration: .seconds(4), maxIterations: 10
    )
    Benchmark("log: write 1M events", configuration: log) { benchmark, disk in
        benchmark.startMeasurement()
        try disk.write()
        benchmark.stopMeasurement()
    } setup: {
        try LogOnDisk(written: false)
    }
    Benchmark("log: read 1M events", configuration: log) { benchmark, disk in
        benchmark.startMeasurement()
        let reader = try SessionLogReader(path: disk.path)
        var read = 0
        while let events = try reader.nextBatch() { read += events.count }
        benchmark.stopMeasurement()
        precondition(read == disk.batches.reduce(0) { $0 + $1.count }, "read \(read) events")
    } setup: {
        try LogOnDisk(written: true)
    }
    Benchmark("log: read 1M events into a TaskLedger", configuration: log) { benchmark, disk in
        benchmark.startMeasurement()
        let reader = try SessionLogReader(path: disk.path)
        var ledger = TaskLedger(historyLimit: 64)
        while let events = try reader.nextBatch() { ledger.apply(events) }
        benchmark.stopMeasurement()
        blackHole(ledger.eventCount)
    } setup: {
        try LogOnDisk(written: true)
    }
    Benchmark("log: export 1M events as a Chrome trace", configuration: log) { benchmark, disk in
        benchmark.startMeasurement()
        try ChromeTraceExporter.export(from: try SessionLogReader(path: disk.path), to: "/dev/null")
        benchmark.stopMeasurement()
    } setup: {
        try LogOnDisk(written: true)
    }
}
