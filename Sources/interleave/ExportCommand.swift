import ArgumentParser
import TaskTrace

/// `interleave export FILE --format chrome|summary`: a session log for other tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session log as Chrome Trace Event JSON (Perfetto, chrome://tracing) or a JSON summary.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case chrome, summary
    }

    @Argument(help: "The session log to export.")
    var file: String

    @Option(help: "chrome: Trace Event JSON for ui.perfetto.dev; summary: per-task summary as JSON.")
    var format: Format = .chrome

    @Option(name: .shortAndLong, help: "Where to write (default: FILE with .trace.json or .summary.json).")
    var output: String?

    func run() throws {
        let base = SessionLog.stem(of: file).stem
        let destination = output ?? base + (format == .chrome ? ".trace.json" : ".summary.json")
        do {
            let reader = try SessionLogReader(path: file)
            switch format {
            case .chrome: try ChromeTraceExporter.export(from: reader, to: destination)
            case .summary: try SummaryExporter.export(from: reader, to: destination)
            }
            for warning in reader.warnings { printError(warning.description) }
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        print("wrote \(destination.terminalSafe)")
    }
}
