/// What one cell of a task's timeline lane shows: the one rule that the headless timeline
/// (`RunReport.timeline`) and the dashboard's lanes both draw by.
///
/// A cell shows `running` when the task ran for at least half of it, `brief` when it ran
/// at all (every slice, in virtual time); otherwise the waiting state that took most of it,
/// summed over the cell, ties going to the earlier of pending, ready, then the suspend
/// reasons in declaration order (`SuspendReason.Category.rank`).
public enum TimelineCell: Equatable, Sendable {
    case empty
    /// Before the task's oldest kept segment: history dropped to bound memory.
    case compacted
    /// Created, not started yet.
    case pending
    case ready
    case running
    /// Ran for less than half of the cell.
    case brief
    case suspended(SuspendReason.Category)

    /// Most segments one cell looks at; beyond that a cell is decided on what it saw.
    public static let scanLimit = 512

    /// The cells of `record`'s lane: `count` cells of `ticksPerCell` from `start`, the state
    /// it is still in drawn up to `now`. It binary-searches the task's segments for `start`
    /// and walks forward once, so a lane costs O(count + segments in view), however long
    /// the history.
    public static func lane(_ record: TaskRecord, start: Int64, ticksPerCell tpc: Int64, count: Int, now: Int64) -> [TimelineCell] {
        let history = record.history
        let open = SegmentState(record.state)
        let openStart = record.stateSince
        let openEnd = max(now, openStart)
        let total = history.count + (open == nil ? 0 : 1)
        @inline(__always) func segment(_ k: Int) -> (start: Int64, end: Int64, state: SegmentState) {
            k < history.count ? (history[k].start, history[k].end, history[k].state) : (openStart, openEnd, open!)
        }
        let firstStart = record.startedAt ?? .max
        let compactedUntil: Int64? = record.compactedSegments > 0 ? (history.first?.start ?? openStart) : nil
        // Saturating (the cell starts, `overlap`, the sums): a log may hold any time up to the limit.
        @inline(__always) func cellStart(_ i: Int) -> Int64 { start.saturatingAdd(tpc.saturatingMultiply(Int64(i))) }

        var k = firstSegment(endingAtOrAfter: start, count: total) { segment($0).end }
        var cells = [TimelineCell](repeating: .empty, count: count)
        var suspended = [Int64](repeating: 0, count: SuspendReason.Category.allCases.count)
        for i in 0..<count {
            let t0 = cellStart(i), t1 = cellStart(i + 1)
            if t0 > openEnd && t0 > (record.endedAt ?? 0) { break }
            var running: Int64 = 0, ready: Int64 = 0, pending: Int64 = 0
            var anyRun = false, anything = false
            for c in suspended.indices { suspended[c] = 0 }
            var j = k, scanned = 0
            while j < total, scanned < scanLimit {
                let s = segment(j)
                if s.start >= t1 { break }
                let overlap = min(s.end, t1).saturatingSubtract(max(s.start, t0))
                if overlap > 0 || (s.start == s.end && s.start >= t0) {
                    anything = true
                    switch s.state {
                    case .running:
                        running = running.saturatingAdd(overlap)
                        anyRun = true
                    case .ready:
                        if s.start < firstStart { pending = pending.saturatingAdd(overlap) } else { ready = ready.saturatingAdd(overlap) }
                    case let .suspended(category):
                        let c = category.rank
                        suspended[c] = suspended[c].saturatingAdd(overlap)
                    }
                }
                j += 1
                scanned += 1
            }
            // Segments wholly inside this cell are done with.
            while k < total {
                let s = segment(k)
                if s.end < t1 || (s.end == t1 && s.start < s.end) { k += 1 } else { break }
            }
            if !anything {
                if let until = compactedUntil, t1 > record.spawnedAt, t0 < until { cells[i] = .compacted }
                continue
            }
            if running > 0, running >= tpc - running { cells[i] = .running; continue }
            if anyRun { cells[i] = .brief; continue }
            var best: TimelineCell = .empty, bestTime: Int64 = 0
            if pending > bestTime { best = .pending; bestTime = pending }
            if ready > bestTime { best = .ready; bestTime = ready }
            for (c, category) in SuspendReason.Category.allCases.enumerated() where suspended[c] > bestTime {
                best = .suspended(category)
                bestTime = suspended[c]
            }
            cells[i] = best
        }
        return cells
    }
}
