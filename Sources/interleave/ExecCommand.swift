import ArgumentParser
import Dashboard
import Foundation
import ProgramTrace
import Synchronization
import TaskTrace

/// `interleave exec -- PROGRAM [ARGS…]`: runs an unmodified Swift program with the agent
/// loaded into it and shows its tasks live (or, headless, prints its report at exit).
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Trace an unmodified Swift program's tasks, live.",
        discussion: """
            PROGRAM is a dynamically linked Swift program (built with `swift build` or \
            `swiftc`, without -static-stdlib). Its tasks appear in the dashboard as it runs; \
            the finished session stays until q. q while the program runs ends it (SIGTERM, \
            then SIGKILL after 1 s). Ctrl-C goes to the program first; a second Ctrl-C ends \
            it. With --headless its output passes through and the report follows at exit; \
            the exit status is the program's.

            The agent (libInterleaveAgent.so) is found beside this binary, or at the path in \
            the environment variable INTERLEAVE_AGENT.
            """)

    @Flag(help: "Let the program's output through and print the report when it ends; no dashboard.")
    var headless = false

    @OptionGroup var recording: RecordOptions

    @Flag(help: "Headless: print only the wall time (and --stats), not the summary or timeline.")
    var quiet = false

    @Flag(help: "Headless: end with tasks, events and peak memory.")
    var stats = false

    @OptionGroup var warnings: WarningOptions

    /// The benchmarks' way to tell the agent's cost from the viewer's: the trace is read and discarded.
    @Flag(help: .hidden)
    var discardTrace = false

    /// The profile harness's input: the agent's raw stream, written to this file as it comes.
    @Option(help: .hidden)
    var dumpStream: String?

    @Argument(parsing: .postTerminator, help: "The program and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("name the program after --: interleave exec -- PROGRAM [ARGS…]") }
    }

    func run() async throws {
        let facts: ProgramCheck.Facts
        do {
            facts = try ProgramCheck.check(try ProgramCheck.resolve(command[0]))
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        guard headless || DashboardApp.hasTerminal else {
            printError("the dashboard needs a terminal, and this output is not one; use --headless to let the program's output through and print the report")
            throw ExitCode(2)
        }
        guard let agent = Self.agentPath() else {
            // `swift run interleave` builds only this binary; the agent is a product of its own.
            printError("the agent libInterleaveAgent.so is not beside this binary: run `swift build` in Interleave's package "
                       + "(it builds both), or set INTERLEAVE_AGENT to its path")
            throw ExitCode(2)
        }
        if facts.toolchain == nil {
            printError("unknown Swift concurrency runtime (build id \(facts.buildID.isEmpty ? "none" : facts.buildID)): "
                       + "slices, creation, reasons and hops are traced; task ends and names are not")
        }
        let writer: SessionLogWriter?
        do {
            writer = try recording.record.map {
                try SessionLogWriter(path: $0, header: SessionHeader(
                    scenario: "exec " + URL(fileURLWithPath: facts.path).lastPathComponent, time: .real(speed: 1),
                    threads: 1, command: CommandLine.arguments.joined(separator: " "), program: facts.path))
            }
        } catch {
            printError("cannot record: \(error)")
            throw ExitCode(2)
        }
        let program: TracedProgram
        do {
            program = try TracedProgram(path: facts.path, arguments: Array(command.dropFirst()), agent: agent,
                                        output: headless ? .inherit : .capture, discardTrace: discardTrace,
                                        dumpStream: dumpStream)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let code = headless
            ? await runHeadless(program, writer: writer)
            : await runDashboard(program, name: URL(fileURLWithPath: facts.path).lastPathComponent, writer: writer)
        if let error = writer?.close() { printError("recording failed: \(error)") }
        if code != 0 { throw ExitCode(code) }
    }

    /// The program's output passes through; the report comes when it ends.
    private func runHeadless(_ program: TracedProgram, writer: SessionLogWriter?) async -> Int32 {
        let signals = ForwardedSignals(program)
        // A program may run for hours: its ledger keeps what a live scenario's keeps.
        var printer = HeadlessPrinter(ledger: HeadlessRunner.boundedLedger(), quiet: quiet, unitName: "second")
        printer.warn((try? warnings.thresholds()) ?? WarningThresholds(), time: .real(speed: 1))
        var events = 0
        for await batch in program.events {
            printer.consume(batch)
            writer?.write(batch)
            events += batch.count
        }
        let code = await program.waitForExit()
        signals.cancel()
        for notice in program.notices { printError(notice) }
        if let problem = program.streamProblem { printError(problem) }
        if signals.interrupted { HeadlessPrinter.endInterruptedLine() }
        let found = printer.printReport()
        if stats {
            print("Stats: \(printer.ledger.taskCount) tasks, \(events) events (\(printer.ledger.droppedCount) dropped)")
            print("Peak memory: the program \(program.peakMemoryKiB.map { String(($0 + 512) / 1024) } ?? "?") MiB, "
                  + "interleave \(ProcessMemory.peakMiB().map(String.init) ?? "?") MiB")
            print("CPU: the program \(program.cpuSeconds.map { String(format: "%.3f", $0) } ?? "?") s")
        }
        // The program's own failure comes first; a clean exit with warnings is 3.
        return warnings.exitStatus(code, warningsFound: found)
    }

    /// The dashboard until `q`; the program's output goes to its log pane.
    private func runDashboard(_ program: TracedProgram, name: String, writer: SessionLogWriter?) async -> Int32 {
        let (events, continuation) = AsyncStream.makeStream(of: [TaskEvent].self)
        let forward = Task {
            var told = 0
            var last: Int64 = 0
            for await batch in program.events {
                last = max(last, batch.last?.time ?? 0)
                writer?.write(batch)
                continuation.yield(batch)
                let notices = program.notices
                if notices.count > told {
                    let time = batch.last?.time ?? 0
                    continuation.yield(notices[told...].map { TaskEvent(time: time, task: 0, kind: .message("interleave: " + $0)) })
                    told = notices.count
                }
            }
            let code = await program.waitForExit()
            let said = (program.end ?? .exited(status: code)).sentence
            continuation.yield([TaskEvent(time: last, task: 0, kind: .message("interleave: the program \(said)"))])
            continuation.finish()
        }
        let viewed = await DashboardApp.watch(
            name: name, summary: "a program traced by interleave exec", events: events,
            interrupt: { program.interrupt() },
            stop: { program.askToEnd() },
            clock: { program.runningTime },
            warningThresholds: (try? warnings.thresholds()) ?? WarningThresholds())
        forward.cancel()
        let code = await program.waitForEnd(grace: TracedProgram.quitGrace)
        return viewed != 0 ? viewed : code
    }

    /// `$INTERLEAVE_AGENT`, or libInterleaveAgent.so beside this executable.
    static func agentPath() -> String? {
        if let path = ProcessInfo.processInfo.environment["INTERLEAVE_AGENT"] {
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = me.deletingLastPathComponent().appendingPathComponent("libInterleaveAgent.so").path
        return FileManager.default.fileExists(atPath: beside) ? beside : nil
    }
}

/// While a traced program runs headless: Ctrl-C reaches it from the terminal as it does
/// us, so the first SIGINT is left to it; a second one ends it. SIGTERM is passed on.
final class ForwardedSignals {
    private let sources: [any DispatchSourceSignal]
    private let interrupts = Interrupts()
    private final class Interrupts: Sendable { let count = Atomic(0) }

    /// Whether a Ctrl-C (SIGINT) came.
    var interrupted: Bool { interrupts.count.load(ordering: .relaxed) > 0 }

    init(_ program: TracedProgram) {
        let interrupts = self.interrupts
        sources = [SIGINT, SIGTERM].map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                if signo == SIGTERM {
                    program.send(SIGTERM)
                } else if interrupts.count.add(1, ordering: .relaxed).newValue > 1 {
                    program.send(SIGKILL)
                }
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
