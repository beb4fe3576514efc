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
    /// `cut`: the log stops before the session's end (`cutLine`), so the report says so after
    /// the wall time and judges only what was seen: no task is called unfinished (it may
    /// have finished after the cut).
    @discardableResult
    func printReport(cut: String? = nil) -> Int {
        let report = RunReport(ledger: ledger, unitName: unitName)
        let found = warnings.report(final: cut == nil)
        print(report.wallTimeLine())
        if let cut { print(cut) }
        guard !quiet else { return found.count + warnings.overflow }
        print()
        print(report.summaryTable(), terminator: "")
        print()
        print(report.timeline(width: 72), terminator: "")
        print()
        print(Warnings.section(found, overflow: warnings.overflow, unitName: unitName), terminator: "")
        return found.count + warnings.overflow
    }

    /// After Ctrl-C at a terminal, which echoed `^C` where the cursor stood: ends that line,
    /// so the report does not begin `^CWall time`.
    static func endInterruptedLine() {
        if isatty(STDOUT_FILENO) != 0 { print() }
    }

    /// Says where a report of a log cut by `error` stops.
    static func cutLine(_ error: SessionLogError) -> String {
        "Cut short: the log stops " + (error.line.map { "at line \($0), which" } ?? "where it")
            + " could not be read; this report covers what came before it"
    }

    /// Says where a log stops that its writer never closed (no end record), or nil for a
    /// warning of another kind.
    static func cutLine(_ warning: SessionLogWarning) -> String? {
        guard case let .cutShort(time, unit) = warning.kind else { return nil }
        return "Cut short: the log has no end record (its writer did not close it); it stops at \(Ticks.format(time)) \(unit)"
    }

    /// Starts the warnings' fold over with these thresholds, for a session in `time`.
    mutating func warn(_ thresholds: WarningThresholds, time: TimeMode) {
        warnings = Warnings(thresholds: thresholds, time: time)
    }
}

/// Writes one line to stderr, prefixed with the command's name; what was printed before it
/// goes out first, so that an error after a report is the last thing seen.
func printError(_ message: String) {
    fflush(nil)
    FileHandle.standardError.write(Data("interleave: \(message.terminalSafe)\n".utf8))
}
