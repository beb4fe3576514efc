/// Per-task and total figures of a session as JSON (`SessionSummary`), computed in one
/// streaming pass: the ledger keeps no per-segment history (`historyLimit` 1), so memory
/// grows with the task count only, whatever the log's size.
///
/// ```swift
/// let reader = try SessionLogReader(path: "session.jsonl")
/// try SummaryExporter.export(from: reader, to: "summary.json")   // or "-" for stdout
/// ```
public enum SummaryExporter {
    /// Folds the rest of `reader` into a summary.
    public static func summarize(from reader: SessionLogReader) throws(SessionLogError) -> SessionSummary {
        var ledger = TaskLedger(historyLimit: 1)
        while let batch = try reader.nextBatch() { ledger.apply(batch) }
        return SessionSummary(header: reader.header, ledger: ledger)
    }

    /// Writes the summary of the rest of `reader` to `path` (`-` for standard output).
    public static func export(from reader: SessionLogReader, to path: String, pretty: Bool = true) throws(SessionLogError) {
        let summary = try summarize(from: reader)
        let output = try ExportOutput(path: path)
        try output.write(summary.json(pretty: pretty))
        try output.flush()
    }
}
