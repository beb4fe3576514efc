import Foundation
import TaskTrace

/// What a headless run and a headless replay both print: the scenario's lines as events
/// arrive, then the wall time, the per-task summary and the ASCII timeline, all folded by
/// the same `TaskLedger` the dashboard uses.
struct HeadlessPrinter {
    private(set) var ledger: TaskLedger
    /// The warnings, folded from the same events as the ledger.
    private(set) var warnings = Warnings()
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
            warnings.apply(event)
            if !quiet, case let .message(text) = event.kind { lines += text.terminalSafe + "\n" }
        }
        if !lines.isEmpty { FileHandle.standardOutput.write(Data(lines.utf8)) }
    }

    /// Prints the report; returns the number of warnings (the run is over: all of them).
    @discardableResult
    func printReport() -> Int {
        let report = RunReport(ledger: ledger, unitName: unitName)
        let found = warnings.report(final: true)
        print(report.wallTimeLine())
        guard !quiet else { return found.count + warnings.overflow }
        print()
        print(report.summaryTable(), terminator: "")
        print()
        print(report.timeline(width: 72), terminator: "")
        print()
        print(Warnings.section(found, overflow: warnings.overflow, unitName: unitName), terminator: "")
        return found.count + warnings.overflow
    }

    /// Starts the warnings' fold over with these thresholds, for a session in `time`.
    mutating func warn(_ thresholds: WarningThresholds, time: TimeMode) {
        warnings = Warnings(thresholds: thresholds, time: time)
    }
}

/// Writes one line to stderr, prefixed with the command's name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("interleave: \(message.terminalSafe)\n".utf8))
}
