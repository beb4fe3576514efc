import TaskTrace

/// Draws one executor thread's lane: which task it ran when. Long slices become bars
/// that carry the task's name once per run (as in Go's trace viewer), cut to its
/// distinguishing end where it does not fit (`…er_3`, or just `3`); runs of different
/// tasks side by side differ in colour; slices shorter than half a cell show as a thin
/// mark in the task's colour; idle time stays blank. The selected task stands out on
/// every thread.
struct ThreadLanePainter {
    var glyphs: Glyphs
    /// The task selected in the task lanes, highlighted wherever it ran.
    var selected: TaskID? = nil

    enum CellKind: Equatable {
        case idle
        case busy(TaskID)
        case brief(TaskID)
    }

    func paint(_ thread: ThreadRecord, window: TimeWindow, now: Int64, name: (TaskID) -> String,
               x: Int, y: Int, into buffer: inout ScreenBuffer) {
        let kinds = cells(thread, window: window, now: now)
        var i = 0
        while i < kinds.count {
            switch kinds[i] {
            case .idle:
                i += 1
            case let .brief(task):
                let style = task == selected ? Style(.selected, [.bold, .reverse]) : Style(.task(task), .bold)
                buffer.put(glyphs.brief, x: x + i, y: y, style: style)
                i += 1
            case let .busy(task):
                var end = i + 1
                while end < kinds.count, kinds[end] == .busy(task) { end += 1 }
                let style = task == selected ? Style(.selected, [.reverse, .bold, .underline]) : Style(.task(task), .reverse)
                buffer.fill(Rect(x: x + i, y: y, width: end - i, height: 1), " ", style: style)
                buffer.write(name(task).fittedKeepingEnd(to: end - i, ellipsis: glyphs.ellipsis), x: x + i, y: y,
                             style: style, limit: x + end)
                i = end
            }
        }
    }

    func cells(_ thread: ThreadRecord, window: TimeWindow, now: Int64) -> [CellKind] {
        let history = thread.history
        let openTask = thread.current
        let openStart = thread.since
        let openEnd = max(now, openStart)
        let total = history.count + (openTask == nil ? 0 : 1)
        @inline(__always) func segment(_ k: Int) -> (start: Int64, end: Int64, task: TaskID) {
            k < history.count ? (history[k].start, history[k].end, history[k].task) : (openStart, openEnd, openTask!)
        }
        let tpc = window.ticksPerCell
        var k = firstSegment(endingAtOrAfter: window.start, count: total) { segment($0).end }
        var kinds = [CellKind](repeating: .idle, count: window.cells)
        for i in 0..<window.cells {
            // Saturating, as in `TaskLanePainter`.
            let t0 = window.cellStart(i), t1 = window.cellStart(i + 1)
            var best: TaskID = 0, bestTime: Int64 = -1, busy: Int64 = 0, last: TaskID = 0
            var j = k, scanned = 0
            while j < total, scanned < TimelineCell.scanLimit {
                let s = segment(j)
                if s.start >= t1 { break }
                let overlap = min(s.end, t1).saturatingSubtract(max(s.start, t0))
                if overlap > 0 || (s.start == s.end && s.start >= t0) {
                    busy = busy.saturatingAdd(overlap)
                    last = s.task
                    if overlap > bestTime { best = s.task; bestTime = overlap }
                }
                j += 1
                scanned += 1
            }
            while k < total {
                let s = segment(k)
                if s.end < t1 || (s.end == t1 && s.start < s.end) { k += 1 } else { break }
            }
            if last == 0 { continue }
            kinds[i] = busy > 0 && busy >= tpc - busy ? .busy(best) : .brief(bestTime > 0 ? best : last)
        }
        return kinds
    }
}
