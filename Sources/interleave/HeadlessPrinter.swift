import Foundation
import TaskTrace

/// What a headless run and a headless replay both print: the scenario's lines as events
/// arrive, then the wall time, the per-task summary and the ASCII timeline, all folded by
/// the same `TaskLedger` the dashboard uses.
struct HeadlessPrinter {
    private(set) var ledger: TaskLedger
    /// Print only the wall time: no lines, no summary, no timeline.
    var quiet = false
    /// `unit` for scenarios, `second` for a traced program.
    var unitName = "unit"

    init(ledger: TaskLedger = TaskLedger(), quiet: Bool = false, unitName: String = "unit") {
        self.ledger = ledger
        self.quiet = quiet
        self.unitName = unitName
    }

    /// Folds a batch and prints the lines the scenario printed in it (terminal-safe).
    mutating func consume(_ batch: [TaskEvent]) {
        var lines = ""
        for event in batch {
            ledger.apply(event)
            if !quiet, case let .message(text) = event.kind { lines += text.terminalSafe + "\n" }
        }
        if !lines.isEmpty { FileHandle.standardOutput.write(Data(lines.utf8)) }
    }

    func printReport() {
        let report = RunReport(ledger: ledger, unitName: unitName)
        print(report.wallTimeLine())
        guard !quiet else { return }
        print()
        print(report.summaryTable(), terminator: "")
        print()
        print(report.timeline(width: 72), terminator: "")
    }
}

/// Writes one line to stderr, prefixed with the command's name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("interleave: \(message.terminalSafe)\n".utf8))
}
