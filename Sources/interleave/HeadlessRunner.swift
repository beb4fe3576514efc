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

    func run() async {
        let run = ScenarioRun(scenario: scenario, threads: threads, time: time, seed: seed, knobs: knobs)
        let events = run.session.bus.subscribe()
        let printer = Task { () -> TaskLedger in
            var ledger = TaskLedger()
            for await batch in events {
                var lines = ""
                for event in batch {
                    ledger.apply(event)
                    if case let .message(text) = event.kind { lines += text.terminalSafe + "\n" }
                }
                if !lines.isEmpty { FileHandle.standardOutput.write(Data(lines.utf8)) }
            }
            return ledger
        }
        let interrupt = StopSignals { run.stop() }
        run.start(duration: duration)
        await run.waitUntilFinished()
        interrupt.cancel()
        run.finish()
        let report = RunReport(ledger: await printer.value)
        print(report.wallTimeLine())
        print()
        print(report.summaryTable(), terminator: "")
        print()
        print(report.timeline(width: 72), terminator: "")
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
