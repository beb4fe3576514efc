import ArgumentParser
import Dashboard
import Foundation
import TaskTrace

/// `interleave replay FILE`: a recorded session in the dashboard, or as text with `--headless`.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay a recorded session log (or follow one still being written).")

    @Argument(help: "The session log (JSON Lines, from `interleave run --record` or the TaskTrace library).")
    var file: String

    @Flag(help: "Show the log as it grows, like tail -f (until Ctrl-C).")
    var follow = false

    @Flag(help: "Print the session's lines, wall time, summary and ASCII timeline; no dashboard.")
    var headless = false

    @OptionGroup var warnings: WarningOptions

    func run() async throws {
        guard headless else {
            let code = await DashboardApp.replay(ReplayOptions(path: file, follow: follow,
                                                                warningThresholds: try warnings.thresholds()))
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
        printer.warn((try? warnings.thresholds()) ?? WarningThresholds(), time: Self.timeMode(of: reader.header))
        printer.unitName = Self.unitName(of: reader.header)
        do {
            while let batch = try reader.nextBatch() { printer.consume(batch) }
        } catch {
            // What was read stays valid: report it, then the error.
            printer.printReport()
            printError(error.description)
            return 2
        }
        let found = printer.printReport()
        for warning in reader.warnings { printError(warning.description) }
        return found > 0 && warnings.failOnWarnings ? 3 : 0
    }

    /// Prints lines as the log grows; Ctrl-C ends following and prints the report.
    private func followHeadless() async -> Int32 {
        let file = self.file
        let thresholds = (try? warnings.thresholds()) ?? WarningThresholds()
        let follower = Task { () -> (HeadlessPrinter, (any Error)?) in
            var printer = HeadlessPrinter()
            do {
                for try await item in SessionLogReader.follow(file) {
                    switch item {
                    case let .header(header):
                        printer.warn(thresholds, time: Self.timeMode(of: header))
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
        let found = printer.printReport()
        if let error {
            printError("\(error)")
            return 2
        }
        return found > 0 && warnings.failOnWarnings ? 3 : 0
    }

    /// A traced program's session (`interleave exec`) counts seconds; a scenario's, units.
    static func unitName(of header: SessionHeader) -> String {
        header.scenario.hasPrefix("exec ") ? "second" : "unit"
    }

    /// How the recorded session's time passed, which scales the warnings' real-time thresholds.
    static func timeMode(of header: SessionHeader) -> TimeMode {
        header.time == .virtual ? .virtual : .real(speed: header.speed ?? 1)
    }
}
