import Benchmark
import Dashboard
import TaskTrace

func replayBenchmarks() {
    // One iteration folds 1,000,000 events (1,000 tasks): ns per event = wall time / 1M.
    let replay = Benchmark.Configuration(metrics: [.wallClock, .throughput], timeUnits: .milliseconds,
                                         maxDuration: .seconds(3), maxIterations: 10)
    Benchmark("replay: 1M events into the dashboard model", configuration: replay) { benchmark, batches in
        let info = ScenarioInfo(name: "bench", summary: "", isLive: true, knobs: [], timeLabel: "virtual", seed: 0)
        var model = Model(scenario: info)
        benchmark.startMeasurement()
        for batch in batches { _ = model.update(.events(batch)) }
        benchmark.stopMeasurement()
        blackHole(model.ledger.eventCount)
    } setup: {
        syntheticSession(tasks: 1_000, events: 1_000_000)
    }
    Benchmark("replay: 1M events into a TaskLedger", configuration: replay) { benchmark, batches in
        var ledger = TaskLedger()
        benchmark.startMeasurement()
        for batch in batches { ledger.apply(batch) }
        benchmark.stopMeasurement()
        blackHole(ledger.eventCount)
    } setup: {
        syntheticSession(tasks: 1_000, events: 1_000_000)
    }
}
