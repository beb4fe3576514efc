import ArgumentParser
import Foundation
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
        // Writing the export truncates its destination before the log is read.
        if Self.isSameFile(destination, file) {
            printError("\(destination.terminalSafe) is the session log being exported; write the export to another file")
            throw ExitCode(2)
        }
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

    /// Whether both paths name one existing file (by device and inode: links and `./` too).
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
