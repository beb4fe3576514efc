import Foundation
import Synchronization
import TaskTrace
import Workloads

/// Runs a scenario without the dashboard: its lines as they are printed, then the wall
/// time, a per-task summary and an ASCII timeline. Ctrl-C stops a live scenario and still
/// prints the report.
struct HeadlessRunner {
    let scenario: Scenario
    let threads: Int
    let time: TimeMode
    let seed: UInt64
    let knobs: [String: Int]
    let duration: Int64?
    /// Print only the wall time (and the stats).
    var quiet = false
    /// End with counts, rates and peak memory.
    var stats = false
    /// False: untraced, the same run with no event recorded.
    var recording = true

    /// Per-task and per-thread segments kept by a live scenario's ledger, and its ended
    /// tasks kept one by one: a live run may go on for hours, so its memory is bounded.
    /// Seed scenarios keep everything, so their summary is exact.
    static let liveHistoryLimit = 4_096
    static let liveEndedTaskLimit = 10_000

    func run() async {
        let run = ScenarioRun(scenario: scenario, threads: threads, time: time, seed: seed, knobs: knobs,
                              recording: recording)
        let events = run.session.bus.subscribe()
        let live = scenario.isLive
        let quiet = self.quiet
        let printer = Task { () -> TaskLedger in
            var ledger = live
                ? TaskLedger(historyLimit: HeadlessRunner.liveHistoryLimit, endedTaskLimit: HeadlessRunner.liveEndedTaskLimit)
                : TaskLedger()
            for await batch in events {
                var lines = ""
                for event in batch {
                    ledger.apply(event)
                    if !quiet, case let .message(text) = event.kind { lines += text.terminalSafe + "\n" }
                }
                if !lines.isEmpty { FileHandle.standardOutput.write(Data(lines.utf8)) }
            }
            return ledger
        }
        let interrupt = StopSignals { run.stop() }
        let started = DispatchTime.now().uptimeNanoseconds
        run.start(duration: duration)
        await run.waitUntilFinished()
        interrupt.cancel()
        let tasks = run.session.executor.tasksCreated
        run.finish()
        let ledger = await printer.value
        // Until every event is folded: a traced run is done when its trace is.
        let ran = DispatchTime.now().uptimeNanoseconds - started
        let totals = run.session.bus.totals
        let report = RunReport(ledger: ledger)
        print(report.wallTimeLine())
        if !quiet {
            print()
            print(report.summaryTable(), terminator: "")
            print()
            print(report.timeline(width: 72), terminator: "")
        }
        if stats {
            let seconds = Double(ran) / 1e9
            let rates = String(format: "%.3f s: %.0f tasks/s, %.0f events/s",
                               seconds, Double(tasks) / seconds, Double(totals.recorded) / seconds)
            print("Stats: \(tasks) tasks, \(totals.recorded) events (\(totals.dropped) dropped)"
                  + (recording ? "" : " untraced") + " in " + rates)
            print("Peak memory: \(ProcessMemory.peakMiB().map(String.init) ?? "?") MiB")
        }
    }
}

/// The process's memory as Linux reports it in /proc/self/status.
enum ProcessMemory {
    /// Peak resident set (VmHWM), in MiB.
    static func peakMiB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return (kB + 512) / 1024
    }
}

/// Calls `action` on the first SIGINT or SIGTERM instead of dying, so a report can still
/// be printed; a second signal ends the process at once.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ action: @escaping @Sendable () -> Void) {
        let received = Mutex(false)
        sources = [SIGINT, SIGTERM].map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                let again = received.withLock { seen in defer { seen = true }; return seen }
                if again { _exit(128 + signo) }
                action()
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
