import Foundation

/// The plain-text account of a finished run that `--headless` prints after the
/// scenario's own lines: the wall time, a per-task summary, and a compact ASCII timeline.
/// Every name and text that came from the run is made terminal-safe.
public struct RunReport: Sendable {
    public let ledger: TaskLedger
    /// The root task's lifetime, or (if it never ended) the time of the last event.
    public var wallTime: Int64 { ledger.wallTime ?? ledger.now.saturatingSubtract(ledger.rootSpawnedAt ?? 0) }
    /// Where the timeline ends: the root's end, or the last event.
    public var endTime: Int64 { ledger.rootEndedAt ?? ledger.now }

    /// What one unit of time is called: a scenario's `unit`, or a traced program's `second`.
    public let unitName: String

    public init(ledger: TaskLedger, unitName: String = "unit") {
        self.ledger = ledger
        self.unitName = unitName
    }

    public func wallTimeLine() -> String {
        let units = Ticks.format(wallTime)
        return "Wall time: \(units) \(units == "1" ? unitName : unitName + "s")"
    }

    // MARK: Summary

    public func summaryTable(limit: Int = 200) -> String {
        let end = endTime
        var rows: [[String]] = [["id", "task", "parent", "runs", "suspensions", "running", "ready", "suspended", "outcome"]]
        for record in ledger.tasks.prefix(limit) {
            let totals = record.totals(at: record.endedAt ?? end)
            let suspensions = record.suspensions.sorted { $0.key < $1.key }
                .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            rows.append([
                String(record.id),
                record.name.terminalSafe,
                record.parent == 0 ? "-" : String(record.parent),
                String(record.slices),
                suspensions.isEmpty ? "-" : suspensions,
                Ticks.format(totals.running),
                Ticks.format(totals.ready),
                Ticks.format(totals.suspended),
                RunReport.describe(record.state),
            ])
        }
        var text = RunReport.table(rows, rightAligned: [0, 2, 3, 5, 6, 7])
        if ledger.tasks.count > limit {
            text += "… and \(ledger.tasks.count - limit) more tasks\n"
        }
        if ledger.compactedTaskCount > 0 {
            text += "… and \(ledger.compactedTaskCount) ended tasks compacted (memory bound):\n"
            for (pattern, a) in ledger.compactedTasks.sorted(by: { $0.value.count > $1.value.count }).prefix(8) {
                text += "    \(pattern.terminalSafe): \(a.count) (completed \(a.completed), failed \(a.failed), cancelled \(a.cancelled))"
                    + ", running \(Ticks.format(a.runningTime)), ready \(Ticks.format(a.readyTime))\n"
            }
        }
        return text
    }

    /// "completed", "completed: 3", "cancelled", "failed: HTTP 500", or the live state.
    public static func describe(_ state: TaskState) -> String {
        switch state {
        case let .ended(.completed(result)): result.isEmpty ? "completed" : "completed: \(result.terminalSafe)"
        case .ended(.cancelled): "cancelled"
        case let .ended(.failed(error)): "failed: \(error.terminalSafe)"
        case .ready: "ready"
        case let .running(thread): "running on T\(thread)"
        case .suspended(.knob): "idle: waiting for a knob"
        case let .suspended(reason): "suspended (\(reason.category.rawValue))"
        }
    }

    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }
            out += cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }

    // MARK: Timeline

    /// One glyph per state, readable without colour.
    public enum Glyph {
        public static let running: Character = "#"
        /// Ran for less than half the column (in virtual time every slice is instantaneous).
        public static let brief: Character = "|"
        public static let ready: Character = "="
        public static let completed: Character = "C"
        public static let cancelled: Character = "X"
        public static let failed: Character = "F"

        public static func suspended(_ category: SuspendReason.Category) -> Character { Character(category.letter) }
    }

    /// `# running  | brief run  = ready  z sleep  q queue-get  …  C completed  X cancelled  F failed`.
    public static let legend = "\(Glyph.running) running  \(Glyph.brief) brief run  \(Glyph.ready) ready  "
        + SuspendReason.Category.allCases.map { "\(Glyph.suspended($0)) \($0 == .hop ? "actor hop" : $0.rawValue)" }.joined(separator: "  ")
        + "  \(Glyph.completed) completed  \(Glyph.cancelled) cancelled  \(Glyph.failed) failed"

    /// Lanes by task, `width` columns spanning 0…wall time.
    public func timeline(width: Int = 60, limit: Int = 60) -> String {
        let end = max(endTime, 1)
        let width = max(10, width)
        let tick = RunReport.niceTick(span: end, columns: width)
        // One column more than the span needs, so instants at the very end have a place.
        let columns = Int(RunReport.columns(span: end, tick: tick)) + 1
        // Task names and thread labels share the column: cut, two labels must not read alike.
        let labels = ledger.tasks.prefix(limit).map { $0.name.terminalSafe.count } + ledger.threads.map { $0.label.terminalSafe.count }
        let nameWidth = min(24, labels.max() ?? 4)
        var out = "Timeline: 0 to \(Ticks.format(end)) \(unitName)s, one column = \(Ticks.format(tick, decimals: 3)) \(unitName)s\n"
        for record in ledger.tasks.prefix(limit) {
            // Each column shows what `TimelineCell` says, as the dashboard's lanes do.
            var lane = TimelineCell.lane(record, start: 0, ticksPerCell: tick, count: columns, now: end).map { cell -> Character in
                switch cell {
                case .empty, .compacted: " "
                case .pending, .ready: Glyph.ready
                case .running: Glyph.running
                case .brief: Glyph.brief
                case let .suspended(category): Glyph.suspended(category)
                }
            }
            if case let .ended(outcome) = record.state, let endedAt = record.endedAt {
                let column = Int(max(0, min(Int64(columns - 1), endedAt / tick)))
                lane[column] = switch outcome {
                case .completed: Glyph.completed
                case .cancelled: Glyph.cancelled
                case .failed: Glyph.failed
                }
            }
            let name = String(record.name.terminalSafe.prefix(nameWidth))
            out += name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " [" + String(lane) + "]\n"
        }
        if ledger.tasks.count > limit { out += "… \(ledger.tasks.count - limit) more lanes\n" }
        if ledger.threads.count > 1 {
            out += "Threads:\n"
            // The columns a stretch covers, clipped to the lane (a log may hold any time).
            func covered(_ start: Int64, _ end: Int64) -> ClosedRange<Int> {
                let first = Int(max(0, min(start / tick, Int64(columns))))
                let last = end > start ? Int(max(0, min((end - 1) / tick, Int64(columns)))) : first
                return first...max(first, last)
            }
            for thread in ledger.threads {
                var lane = Array(repeating: Character(" "), count: columns)
                for segment in thread.history {
                    for column in covered(segment.start, segment.end) where column < columns { lane[column] = Glyph.running }
                }
                out += thread.label.terminalSafe.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " [" + String(lane) + "]\n"
            }
        }
        out += RunReport.legend + "\n"
        return out
    }

    /// The smallest of 1, 2, 2.5 and 5 times a power of ten (in ticks) that fits `span`
    /// into `columns`, so that column edges fall on round times.
    /// Any span fits: past the largest power of ten, the tick is `Int64.max`.
    static func niceTick(span: Int64, columns: Int) -> Int64 {
        let columns = Int64(max(1, columns))
        var magnitude: Int64 = 1
        while true {
            for factor in [10, 20, 25, 50] as [Int64] {
                let tick = magnitude.saturatingMultiply(factor) / 10
                if tick > 0, RunReport.columns(span: span, tick: tick) <= columns { return tick }
            }
            guard magnitude <= Int64.max / 10 else { return .max }
            magnitude *= 10
        }
    }

    /// Columns of `tick` that `span` needs (rounded up), without overflow.
    static func columns(span: Int64, tick: Int64) -> Int64 {
        let span = max(0, span)
        return span / tick + (span % tick == 0 ? 0 : 1)
    }

}
