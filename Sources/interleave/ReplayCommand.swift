import ArgumentParser
import Dashboard
import Foundation
import TaskTrace
import Workloads

/// `interleave replay FILE`: a recorded session in the dashboard, or as text with `--headless`.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay a recorded session log (or follow one still being written).")

    @Argument(help: "The session log (JSON Lines, from `interleave run --record` or the TaskTrace library).")
    var file: String

    @Flag(help: "Show the log as it grows, like tail -f, until its writer closes it (or Ctrl-C).")
    var follow = false

    @Option(parsing: .unconditional,
            help: "With --follow: give up after this many seconds (0.1 to 1000000) if the file does not exist yet (default: wait until Ctrl-C).",
            transform: { try OptionValue.wait($0) })
    var wait: Double?

    @Flag(help: "Print the session's lines, wall time, summary and ASCII timeline; no dashboard.")
    var headless = false

    @OptionGroup var warnings: WarningOptions

    func validate() throws {
        if wait != nil, !follow { throw ValidationError("--wait goes with --follow") }
    }

    func run() async throws {
        guard headless else {
            let code = await DashboardApp.replay(ReplayOptions(path: file, follow: follow, waitForFile: waitLimit,
                                                                warningThresholds: try warnings.thresholds(),
                                                                catalog: ScenarioInfo.catalog))
            if code != 0 { throw ExitCode(code) }
            return
        }
        let code = follow ? await followHeadless() : replayHeadless()
        if code != 0 { throw ExitCode(code) }
    }

    /// Reads the whole log in batches (memory stays bounded) and prints the report.
    private func replayHeadless() -> Int32 {
        let reader: SessionLogReader
        do {
            reader = try SessionLogReader(path: file)
        } catch {
            printError(error.description)
            return 2
        }
        var printer = HeadlessPrinter()
        printer.warn((try? warnings.thresholds()) ?? WarningThresholds(), time: reader.header.timeMode)
        printer.unitName = Self.unitName(of: reader.header)
        do {
            while let batch = try reader.nextBatch() { printer.consume(batch) }
        } catch {
            // What was read stays valid: report it (if there is any) as cut there, then the error.
            if printer.ledger.eventCount > 0 { printer.printReport(cut: HeadlessPrinter.cutLine(error)) }
            printError(error.description)
            return 2
        }
        let found = printer.printReport(cut: reader.warnings.lazy.compactMap(HeadlessPrinter.cutLine).first)
        for warning in reader.warnings { printError(warning.description) }
        return warnings.exitStatus(0, warningsFound: found)
    }

    /// How long `--wait` lets a missing file be waited for (nil: until Ctrl-C).
    private var waitLimit: Duration? { wait.map { .nanoseconds(Int64($0 * 1e9)) } }

    /// Prints lines as the log grows, until the log's end record (its writer closed it) or
    /// Ctrl-C; then the report.
    private func followHeadless() async -> Int32 {
        let file = self.file
        let waitLimit = self.waitLimit
        let thresholds = (try? warnings.thresholds()) ?? WarningThresholds()
        let follower = Task { () -> (HeadlessPrinter, (any Error)?) in
            var printer = HeadlessPrinter()
            do {
                for try await item in SessionLogReader.follow(file, waitForFile: waitLimit) {
                    switch item {
                    case .waitingForFile:
                        printError("waiting for \(file) to appear (" + (waitLimit == nil ? "Ctrl-C stops)" : "up to --wait)"))
                    case let .header(header):
                        printer.warn(thresholds, time: header.timeMode)
                        printer.unitName = Self.unitName(of: header)
                    case let .events(batch): printer.consume(batch)
                    case let .warning(warning): printError(warning.description)
                    }
                }
                return (printer, nil)
            } catch {
                return (printer, error)
            }
        }
        let interrupt = StopSignals { follower.cancel() }
        let (printer, error) = await follower.value
        interrupt.cancel()
        let found = error == nil || printer.ledger.eventCount > 0 ? printer.printReport(cut: (error as? SessionLogError).map(HeadlessPrinter.cutLine)) : 0
        if let error {
            printError("\(error)")
            return 2
        }
        return warnings.exitStatus(0, warningsFound: found)
    }

    /// A traced program's session (`interleave exec`) counts seconds; a scenario's, units.
    static func unitName(of header: SessionHeader) -> String {
        header.program == nil ? "unit" : "second"
    }
}
