// A plain loop over the executor benchmarks' workloads, for `perf record` and `perf stat`
// (the benchmark runner's own threads and statistics would blur a profile).
//   swift build -c release --package-path Benchmarks --product ExecutorProfile
//   perf record -g Benchmarks/.build/release/ExecutorProfile yield tracing 20
// Arguments: workload (yield | sleep | task-sleep | record), executor (default | tracing | untraced), rounds.
import Foundation
import TaskTrace

let arguments = CommandLine.arguments
let workload = arguments.count > 1 ? arguments[1] : "yield"
let executorKind = arguments.count > 2 ? arguments[2] : "tracing"
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20

/// `tasks` children each yielding `yields` times.
@Sendable func yieldHeavy(tasks: Int = 100, yields: Int = 1_000) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask { for _ in 0..<yields { await Task.yield() } }
        }
    }
}

/// `tasks` children each sleeping `sleeps` times for 100 µs: `Task.sleep` on the default
/// executor (or everywhere with `onTimersOfTracer` false), the tracing executor's own
/// timers (`Trace.sleep`) on it.
@Sendable func sleepHeavy(tasks: Int = 100, sleeps: Int = 50, onTimersOfTracer: Bool = true) async {
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                for _ in 0..<sleeps {
                    if onTimersOfTracer, Trace.currentExecutor != nil {
                        try? await Trace.sleep(ticks: 100_000)
                    } else {
                        try? await Task.sleep(for: .microseconds(100))
                    }
                }
            }
        }
    }
}

if workload == "record" {
    // Recording alone: one producer, 10 million events into a bus whose subscriber drops them.
    let bus = EventBus(clock: SessionClock(mode: .real(speed: 1)))
    let stream = bus.subscribe()
    Task.detached { for await _ in stream {} }
    for _ in 0..<rounds {
        let start = SessionClock.monotonicNanos()
        for i in 0..<10_000_000 { bus.record(task: 1, .resume(thread: 0, readyWait: Int64(i))) }
        print("record: \(Double(SessionClock.monotonicNanos() - start) / 1e7) ns an event")
    }
    bus.close()
    exit(0)
}

let body: @Sendable () async -> Void = {
    switch workload {
    case "sleep": await sleepHeavy()
    case "task-sleep": await sleepHeavy(onTimersOfTracer: false)
    default: await yieldHeavy()
    }
}
let session: TraceSession? = executorKind == "default" ? nil
    : TraceSession(threads: Int(ProcessInfo.processInfo.environment["THREADS"] ?? "2") ?? 2, time: .real(speed: 1), recording: executorKind == "tracing")
if let session {
    let stream = session.bus.subscribe()
    Task.detached { for await _ in stream {} }
}

let done = DispatchSemaphore(value: 0)
Task.detached(priority: ProcessInfo.processInfo.environment["PRIORITY"] == "high" ? .userInitiated : nil) {
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = SessionClock.monotonicNanos()
        if let session {
            await withTaskExecutorPreference(session.executor) { await body() }
        } else {
            await body()
        }
        times.append(Double(SessionClock.monotonicNanos() - start) / 1e6)
    }
    times.sort()
    print("\(workload) on \(executorKind): median \(String(format: "%.2f", times[times.count / 2])) ms, min \(String(format: "%.2f", times[0])) ms over \(rounds) rounds")
    done.signal()
}
done.wait()
session?.finish()
