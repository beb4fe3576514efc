import Foundation
import Synchronization
import TaskTrace
import Workloads

/// Runs a scenario without the dashboard: its lines as they are printed, then the wall
/// time, a per-task summary and an ASCII timeline. Ctrl-C stops a live scenario and still
/// prints the report. With a recorder, every event also goes to the session log.
struct HeadlessRunner {
    let scenario: Scenario
    let threads: Int
    let time: TimeMode
    let seed: UInt64
    let knobs: [String: Int]
    let duration: Int64?
    var recordPath: String?
    /// Print only the wall time (and the stats).
    var quiet = false
    /// End with counts, rates and peak memory.
    var stats = false
    /// False: untraced, the same run with no event recorded.
    var tracing = true
    /// When a run's behaviour is a warning, and whether one makes the exit status 3.
    var thresholds = WarningThresholds()
    var failOnWarnings = false

    /// Per-task and per-thread segments kept by a live scenario's ledger, and its ended
    /// tasks kept one by one: a live run may go on for hours, so its memory is bounded.
    /// Seed scenarios keep everything, so their summary is exact.
    static let liveHistoryLimit = 4_096
    static let liveEndedTaskLimit = 10_000
    /// Segments kept across all tasks: with many live tasks, `liveHistoryLimit` each is
    /// still tasks × limit.
    static let liveTotalHistoryLimit = 262_144

    /// A ledger for a run that may go on for hours (a live scenario, a traced program).
    static func boundedLedger() -> TaskLedger {
        TaskLedger(historyLimit: liveHistoryLimit, endedTaskLimit: liveEndedTaskLimit, totalHistoryLimit: liveTotalHistoryLimit)
    }

    /// Returns the process exit code: 0; 1 if recording failed midway; 2 if it could not
    /// start; 128 + the signal if SIGINT or SIGTERM stopped it (after the report and the log
    /// are out), so a script can tell a run cut short from one that ended; else 3 if the run
    /// had warnings and `failOnWarnings`.
    func run() async -> Int32 {
        let run = ScenarioRun(scenario: scenario, threads: threads, time: time, seed: seed, knobs: knobs,
                              recording: tracing)
        // Subscribed first: the drainer starts with the first subscriber, and the printer
        // must not miss the session's opening events.
        let events = run.session.bus.subscribe()
        // In virtual time the scenario waits for the fold and the recording to keep up.
        let folded = run.pacer?.addReader()
        var recording: Task<SessionLogError?, Never>?
        if let recordPath {
            let header = SessionHeader(
                scenario: scenario.name, knobs: run.knobs.values, seed: seed, time: time, threads: threads,
                command: CommandLine.arguments.joined(separator: " "))
            do {
                let written = run.pacer?.addReader()
                recording = try SessionLogWriter(path: recordPath, header: header)
                    .record(run.session.bus) { written?.took($0) }
            } catch {
                // Headless, nobody could see a failed recording later: refuse at once.
                printError("cannot record: \(error)")
                return 2
            }
        }
        let ledger = scenario.isLive ? Self.boundedLedger() : TaskLedger()
        let quiet = self.quiet
        let (thresholds, time) = (self.thresholds, self.time)
        let printer = Task { () -> HeadlessPrinter in
            var printer = HeadlessPrinter(ledger: ledger, quiet: quiet)
            printer.warn(thresholds, time: time)
            for await batch in events {
                printer.consume(batch)
                folded?.took(batch.count)
            }
            return printer
        }
        let interrupt = StopSignals { run.stop() }
        let started = DispatchTime.now().uptimeNanoseconds
        run.start(duration: duration)
        await run.waitUntilFinished()
        interrupt.cancel()
        let tasks = run.session.executor.tasksCreated
        run.finish()
        let finished = await printer.value
        // Until every event is folded: a traced run is done when its trace is.
        let ran = DispatchTime.now().uptimeNanoseconds - started
        if interrupt.signalReceived == SIGINT { HeadlessPrinter.endInterruptedLine() }
        let found = finished.printReport()
        if stats {
            let totals = run.session.bus.totals
            let seconds = Double(ran) / 1e9
            let rates = String(format: "%.3f s: %.0f tasks/s, %.0f events/s",
                               seconds, Double(tasks) / seconds, Double(totals.recorded) / seconds)
            print("Stats: \(tasks) tasks, \(totals.recorded) events (\(totals.dropped) dropped)"
                  + (tracing ? "" : " untraced") + " in " + rates)
            print("Peak memory: \(ProcessMemory.peakMiB().map(String.init) ?? "?") MiB")
        }
        var code: Int32 = 0
        if let recording, let error = await recording.value {
            printError("recording stopped: \(error)")
            code = 1
        }
        if let signo = interrupt.signalReceived { code = 128 + signo }
        if code == 0, found > 0, failOnWarnings { code = 3 }
        return code
    }
}

/// Calls `action` on the first SIGINT or SIGTERM instead of dying, so a report can still
/// be printed; a second signal ends the process at once, and so does the first if the run
/// has not wound down (`cancel` not called) within `grace` seconds: `timeout` or a service
/// manager sends one signal, and a run that cannot stop must not outlive it.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]
    /// Set by `cancel`; a class of its own so the signal handlers can share it.
    private final class Ended: Sendable { let value = Atomic(false) }
    private let ended = Ended()
    /// The first signal received, if any.
    private let received = PosixMutex<Int32?>(nil)
    static let grace: Double = 5

    /// The signal that asked the run to stop, if one did.
    var signalReceived: Int32? { received.withLock { $0 } }

    init(_ action: @escaping @Sendable () -> Void) {
        let received = self.received
        let ended = self.ended
        sources = [SIGINT, SIGTERM].map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                let again = received.withLock { first in
                    defer { first = first ?? signo }
                    return first != nil
                }
                if again { _exit(128 + signo) }
                action()
                DispatchQueue.global().asyncAfter(deadline: .now() + StopSignals.grace) {
                    guard !ended.value.load(ordering: .acquiring) else { return }
                    printError("the run did not stop within \(Int(StopSignals.grace)) s of the signal; exiting")
                    _exit(128 + signo)
                }
            }
            source.resume()
            return source
        }
    }

    /// The run has ended: no more signal handling, and no forced exit.
    func cancel() {
        ended.value.store(true, ordering: .releasing)
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
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
