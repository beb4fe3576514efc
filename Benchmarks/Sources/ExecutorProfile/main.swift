// A plain loop over the executor benchmarks' workloads, for `perf record` and `perf stat`
// (the benchmark runner's own threads and statistics would blur a profile).
//   swift build -c release --package-path Benchmarks --product ExecutorProfile
//   perf record -g Benchmarks/.build/release/ExecutorProfile yield tracing 20
// Arguments: workload (yield | sleep | task-sleep | record; EVENTS=n per record round), executor (default | tracing | untraced |
// compare: default and tracing rounds alternating, with their ratio), rounds.
import Foundation
import Synchronization
import TaskTrace

let arguments = CommandLine.arguments
let workload = arguments.count > 1 ? arguments[1] : "yield"
let executorKind = arguments.count > 2 ? arguments[2] : "tracing"
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 0 : 20

/// Stops with one line on standard error and exit code 2: a misspelt name must not run
/// another workload and print its figures under that name.
func usageError(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("ExecutorProfile: \(problem); usage: ExecutorProfile [yield|sleep|task-sleep|record] [default|tracing|untraced|compare] [rounds]\n".utf8))
    exit(2)
}
if !["yield", "sleep", "task-sleep", "record"].contains(workload) { usageError("unknown workload '\(workload)'") }
if workload != "record", !["default", "tracing", "untraced", "compare"].contains(executorKind) {
    usageError("unknown executor '\(executorKind)'")
}
if rounds < 1 { usageError("rounds must be a whole number of at least 1, not '\(arguments[3])'") }

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
    // Recording alone: one producer, rounds of EVENTS events (default 1,000,000) into a bus
    // whose subscriber throws them away. Each round starts once the subscriber has every
    // event so far: a producer that outruns the drainer would otherwise fill its stage
    // and go on to time the drop path, which skips the clock read and the write.
    let bus = EventBus(clock: SessionClock(mode: .real(speed: 1)))
    let delivered = Atomic<Int>(0)
    let stream = bus.subscribe()
    Task.detached { for await batch in stream { delivered.add(batch.count, ordering: .relaxed) } }
    let events = Int(ProcessInfo.processInfo.environment["EVENTS"] ?? "") ?? 1_000_000
    var times: [Double] = []
    for _ in 0..<rounds {
        while delivered.load(ordering: .relaxed) < Int(bus.recordedCount) { usleep(100) }
        let start = SessionClock.monotonicNanos()
        for i in 0..<events { bus.record(task: 1, .resume(thread: 0, readyWait: Int64(i))) }
        times.append(Double(SessionClock.monotonicNanos() - start) / Double(events))
    }
    times.sort()
    print("record: median \(String(format: "%.1f", times[times.count / 2])) ns an event over \(rounds) rounds of \(events), "
        + "\(bus.totals.dropped) dropped")
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
    : TraceSession(threads: Int(ProcessInfo.processInfo.environment["THREADS"] ?? "2") ?? 2, time: .real(speed: 1), recording: executorKind != "untraced")
if let session {
    let stream = session.bus.subscribe()
    Task.detached { for await _ in stream {} }
}

/// Wall milliseconds of one round of `body`, on the tracing executor if `session` is given.
@Sendable func timedRound(on session: TraceSession?) async -> Double {
    let start = SessionClock.monotonicNanos()
    if let session {
        await withTaskExecutorPreference(session.executor) { await body() }
    } else {
        await body()
    }
    return Double(SessionClock.monotonicNanos() - start) / 1e6
}

func format(_ value: Double) -> String { String(format: "%.2f", value) }
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let done = DispatchSemaphore(value: 0)
Task.detached(priority: ProcessInfo.processInfo.environment["PRIORITY"] == "high" ? .userInitiated : nil) {
    if executorKind == "compare" {
        // Rounds on the two executors alternate (the order flips every pair), so a machine
        // whose speed drifts over seconds (a shared VM) slows both alike; the figure is the
        // median of the pairs' ratios.
        var defaults: [Double] = [], traced: [Double] = [], ratios: [Double] = []
        for round in 0..<rounds {
            let (d, t): (Double, Double)
            if round % 2 == 0 {
                d = await timedRound(on: nil); t = await timedRound(on: session)
            } else {
                t = await timedRound(on: session); d = await timedRound(on: nil)
            }
            defaults.append(d); traced.append(t); ratios.append(t / d)
        }
        print("\(workload): default median \(format(median(defaults))) ms, tracing median \(format(median(traced))) ms, "
            + "tracing/default median of \(rounds) paired rounds \(format(median(ratios)))× "
            + "(quartiles \(format(ratios.sorted()[rounds / 4]))–\(format(ratios.sorted()[rounds * 3 / 4]))×)")
        done.signal()
        return
    }
    var times: [Double] = []
    for _ in 0..<rounds { times.append(await timedRound(on: session)) }
    times.sort()
    print("\(workload) on \(executorKind): median \(format(times[times.count / 2])) ms, min \(format(times[0])) ms over \(rounds) rounds")
    done.signal()
}
done.wait()
session?.finish()
