import Benchmark
import Foundation
import Synchronization
import TaskTrace

/// A tracing session on `threads` workers in real time, with a subscriber that receives
/// every batch; with `fold`, the subscriber folds them into a ledger as `--headless` does.
final class TracedRuntime: Sendable {
    let session: TraceSession

    init(threads: Int, fold: Bool) {
        session = TraceSession(threads: threads, time: .real(speed: 1))
        let stream = session.bus.subscribe()
        Task.detached {
            var ledger = TaskLedger(historyLimit: 64, endedTaskLimit: 1_000)
            for await batch in stream where fold { ledger.apply(batch) }
            _ = ledger.eventCount
        }
    }

    func finish() { session.finish() }

    /// Alternates, call by call, which executor a paired round runs first.
    private let pairs = Atomic<Int>(0)
    func nextPairStartsWithTracing() -> Bool {
        pairs.wrappingAdd(1, ordering: .relaxed).oldValue % 2 == 0
    }
}

/// The yield-heavy workload: `tasks` children each yielding `yields` times.
@Sendable func yieldHeavy(tasks: Int = 100, yields: Int = 1_000) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                for _ in 0..<yields { await Task.yield() }
            }
        }
    }
}

/// The sleep-heavy workload: `tasks` children each sleeping `sleeps` times for 100 µs.
@Sendable func sleepHeavy(tasks: Int = 100, sleeps: Int = 50) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                for _ in 0..<sleeps { try? await Task.sleep(for: .microseconds(100)) }
            }
        }
    }
}

/// The same sleeps on the tracing executor's own timers (`Trace.sleep`), as scenarios sleep.
@Sendable func traceSleepHeavy(tasks: Int = 100, sleeps: Int = 50) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                for _ in 0..<sleeps { try? await Trace.sleep(ticks: 100_000) }
            }
        }
    }
}

/// The default executor runs these workloads on one thread here, not two: the harness
/// blocks one of the two threads of the global pool while it waits for the benchmark
/// (`perf record` shows a single busy thread). So the tracing executor is measured with
/// one worker, like for like, and with two, as a run on this machine would use.
func executorBenchmarks() {
    // One iteration: 100 tasks × 1,000 yields (100,000 yields, 100,000 slices).
    let yields = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
                                         maxDuration: .seconds(3), maxIterations: 30)
    Benchmark("executor: yield-heavy, default executor", configuration: yields) { _ in
        await yieldHeavy()
    }
    onTracingExecutor("yield-heavy", yields) { await yieldHeavy() }
    Benchmark("executor: yield-heavy, tracing executor, 1 thread + ledger fold", configuration: yields) { _, runtime in
        await withTaskExecutorPreference(runtime.session.executor) { await yieldHeavy() }
    } setup: {
        TracedRuntime(threads: 1, fold: true)
    }

    // One iteration: 100 tasks × 50 sleeps of 100 µs: `Task.sleep` on the default executor,
    // the tracing executor's own timers (`Trace.sleep`, as scenarios sleep) on it.
    let sleeps = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal], maxDuration: .seconds(3), maxIterations: 30)
    Benchmark("executor: sleep-heavy, default executor", configuration: sleeps) { _ in
        await sleepHeavy()
    }
    onTracingExecutor("sleep-heavy", sleeps) { await traceSleepHeavy() }

    pairedRatio("yield-heavy", default: { await yieldHeavy() }, tracing: { await yieldHeavy() })
    pairedRatio("sleep-heavy", default: { await sleepHeavy() }, tracing: { await traceSleepHeavy() })
}

/// Tracing executor (one worker) / default executor wall time, in percent, from one round
/// of each per iteration, the order flipping every iteration. On a shared VM whose speed
/// drifts by half over seconds, rows measured one after the other compare two different
/// machines; a pair run back to back sees the same one.
func pairedRatio(_ title: String, default onDefault: @escaping @Sendable () async -> Void,
                 tracing onTracer: @escaping @Sendable () async -> Void) {
    let percent = BenchmarkMetric.custom("tracing / default (%)", polarity: .prefersSmaller, useScalingFactor: false)
    let configuration = Benchmark.Configuration(metrics: [percent], maxDuration: .seconds(10), maxIterations: 30)
    Benchmark("executor: \(title), tracing / default, paired rounds", configuration: configuration) { benchmark, runtime in
        let executor = runtime.session.executor
        func timed(_ body: () async -> Void) async -> UInt64 {
            let start = SessionClock.monotonicNanos()
            await body()
            return SessionClock.monotonicNanos() - start
        }
        let tracingFirst = runtime.nextPairStartsWithTracing()
        var traced: UInt64 = 0, plain: UInt64 = 0
        if tracingFirst { traced = await timed { await withTaskExecutorPreference(executor) { await onTracer() } } }
        plain = await timed { await onDefault() }
        if !tracingFirst { traced = await timed { await withTaskExecutorPreference(executor) { await onTracer() } } }
        benchmark.measurement(percent, Int(traced * 100 / max(1, plain)))
    } setup: {
        TracedRuntime(threads: 1, fold: false)
    }
}

/// Registers `workload` on the tracing executor with one worker and with two.
func onTracingExecutor(_ title: String, _ configuration: Benchmark.Configuration,
                       _ workload: @escaping @Sendable () async -> Void) {
    for threads in [1, 2] {
        Benchmark("executor: \(title), tracing executor, \(threads) thread\(threads == 1 ? "" : "s")",
                  configuration: configuration) { _, runtime in
            await withTaskExecutorPreference(runtime.session.executor) { await workload() }
        } setup: {
            TracedRuntime(threads: threads, fold: false)
        }
    }
}
