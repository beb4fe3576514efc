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
    let recordPath: String?

    /// Returns the process exit code: 0; 1 if recording failed midway; 2 if it could not start.
    func run() async -> Int32 {
        let run = ScenarioRun(scenario: scenario, threads: threads, time: time, seed: seed, knobs: knobs)
        // Subscribed first: the drainer starts with the first subscriber, and the printer
        // must not miss the session's opening events.
        let events = run.session.bus.subscribe()
        var recording: (writer: SessionLogWriter, task: Task<SessionLogError?, Never>)?
        if let recordPath {
            let header = SessionHeader(
                scenario: scenario.name, knobs: run.knobs.values, seed: seed, time: time, threads: threads,
                command: CommandLine.arguments.joined(separator: " "))
            do {
                let writer = try SessionLogWriter(path: recordPath, header: header)
                recording = (writer, writer.record(run.session.bus))
            } catch {
                // Headless, nobody could see a failed recording later: refuse at once.
                printError("cannot record: \(error)")
                return 2
            }
        }
        let printer = Task { () -> HeadlessPrinter in
            var printer = HeadlessPrinter()
            for await batch in events { printer.consume(batch) }
            return printer
        }
        let interrupt = StopSignals { run.stop() }
        run.start(duration: duration)
        await run.waitUntilFinished()
        interrupt.cancel()
        run.finish()
        await printer.value.printReport()
        guard let recording else { return 0 }
        if let error = await recording.task.value {
            printError("recording stopped: \(error)")
            return 1
        }
        return 0
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
