// Interleave's benchmark suite (ordo-one's `benchmark`): what tracing costs on the hot
// path, what the executor costs against the default one, how long a dashboard frame takes
// at scale, how fast a session folds into the model, and how fast a log is written and read. Not tests: the tests stay
// deterministic, this measures. Run: `swift package --package-path Benchmarks benchmark`.
import Benchmark

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        maxDuration: .seconds(2),
        maxIterations: 50
    )
    recordingBenchmarks()
    executorBenchmarks()
    renderBenchmarks()
    replayBenchmarks()
    sessionLogBenchmarks()
    lockBenchmarks()
}
