/// Per-task and total figures of a session as JSON (`SessionSummary`), in one streaming
/// pass over the log: the ledger keeps no per-segment history (`historyLimit` 1) and tasks
/// are written out one by one, so memory grows with the task count only (a few hundred
/// bytes each), whatever the log's size.
///
/// ```swift
/// let reader = try SessionLogReader(path: "session.jsonl")
/// try SummaryExporter.export(from: reader, to: "summary.json")   // or "-" for stdout
/// ```
public enum SummaryExporter {
    /// Folds the rest of `reader` into a summary value (holds every task's summary).
    public static func summarize(from reader: SessionLogReader) throws(SessionLogError) -> SessionSummary {
        SessionSummary(header: reader.header, ledger: try fold(reader))
    }

    /// Writes the summary of the rest of `reader` to `path` (`-` for standard output).
    public static func export(from reader: SessionLogReader, to path: String) throws(SessionLogError) {
        let ledger = try fold(reader)
        let output = try ExportOutput(path: path)
        let now = ledger.now
        var buffer: [UInt8] = []
        try SessionSummary.appendJSON(
            header: reader.header, wallTime: .init(ledger.rootEndedAt ?? now), lastEvent: .init(now),
            totals: .init(ledger: ledger), tasks: ledger.tasks.lazy.map { .init($0, at: now) }, into: &buffer,
            flush: { (buffer) throws(SessionLogError) in try output.drainIfLarge(&buffer) })
        try output.drain(&buffer)
    }

    static func fold(_ reader: SessionLogReader) throws(SessionLogError) -> TaskLedger {
        var ledger = TaskLedger(historyLimit: 1)
        while let batch = try reader.nextBatch() { ledger.apply(batch) }
        return ledger
    }
}
