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

    func run() async throws {
        guard headless else {
            let code = await DashboardApp.replay(ReplayOptions(path: file, follow: follow))
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
        var printer = HeadlessPrinter(unitName: reader.header.program == nil ? "unit" : "second")
        do {
            while let batch = try reader.nextBatch() { printer.consume(batch) }
        } catch {
            // What was read stays valid: report it, then the error.
            printer.printReport()
            printError(error.description)
            return 2
        }
        printer.printReport()
        for warning in reader.warnings { printError(warning.description) }
        return 0
    }

    /// Prints lines as the log grows; Ctrl-C ends following and prints the report.
    private func followHeadless() async -> Int32 {
        let file = self.file
        let follower = Task { () -> (HeadlessPrinter, (any Error)?) in
            var printer = HeadlessPrinter()
            do {
                for try await item in SessionLogReader.follow(file) {
                    switch item {
                    case .header: break
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
        printer.printReport()
        if let error {
            printError("\(error)")
            return 2
        }
        return 0
    }
}
