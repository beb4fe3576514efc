import TaskTrace

/// Draws one task's lane: for each cell, what the task mostly did in that slice of time.
/// It binary-searches the task's segments for the window's start and walks forward once,
/// so a lane costs O(width + segments in view), however long the history.
struct TaskLanePainter {
    var glyphs: Glyphs

    /// What a cell shows, before it becomes a glyph.
    enum CellKind: Equatable {
        case empty, compacted, pending, ready, running, brief
        case suspended(SuspendReason.Category)
    }

    /// Most segments one cell looks at; beyond that a cell is decided on what it saw.
    static let scanLimit = 512

    func paint(_ record: TaskRecord, window: TimeWindow, now: Int64, x: Int, y: Int, into buffer: inout ScreenBuffer) {
        let kinds = cells(record, window: window, now: now)
        var previous = CellKind.empty
        for (i, kind) in kinds.enumerated() {
            let (scalar, style) = glyph(kind, previous: previous)
            buffer.put(scalar, x: x + i, y: y, style: style)
            previous = kind
        }
        // Marks where the task started and ended, over whatever the cell showed.
        if let started = record.startedAt, let i = window.cell(of: started) {
            buffer.put(glyphs.start, x: x + i, y: y, style: Style(.running, .bold))
        }
        if let ended = record.endedAt, let outcome = record.outcome, let i = window.cell(of: ended) {
            let (scalar, role): (Unicode.Scalar, Style.Role) = switch outcome {
            case .completed: (glyphs.completed, .completed)
            case .cancelled: (glyphs.cancelled, .cancelled)
            case .failed: (glyphs.failed, .failed)
            }
            buffer.put(scalar, x: x + i, y: y, style: Style(role, .bold))
        }
    }

    func glyph(_ kind: CellKind, previous: CellKind) -> (Unicode.Scalar, Style) {
        switch kind {
        case .empty: (" ", .normal)
        case .compacted: (glyphs.compacted, Style(.compacted))
        case .pending: (glyphs.pending, Style(.pending))
        case .ready: (glyphs.ready, Style(.ready))
        case .running: (glyphs.running, Style(.running))
        case .brief: (glyphs.brief, Style(.brief, .bold))
        case let .suspended(category):
            // The reason's letter opens each suspension; a line continues it.
            (previous == kind ? glyphs.suspended : glyphs.reason(category), Style(Glyphs.role(category)))
        }
    }

    /// The kind of every cell of the window.
    func cells(_ record: TaskRecord, window: TimeWindow, now: Int64) -> [CellKind] {
        let history = record.history
        let open: TaskState? = record.state.isEnded ? nil : record.state
        let openStart = record.stateSince
        let openEnd = max(now, openStart)
        let total = history.count + (open == nil ? 0 : 1)
        @inline(__always) func segment(_ k: Int) -> (start: Int64, end: Int64, state: TaskState) {
            k < history.count ? (history[k].start, history[k].end, history[k].state) : (openStart, openEnd, open!)
        }
        let firstStart = record.startedAt ?? .max
        let compactedUntil: Int64? = record.compactedSegments > 0 ? (history.first?.start ?? openStart) : nil
        let tpc = window.ticksPerCell

        var k = firstSegment(endingAtOrAfter: window.start, count: total) { segment($0).end }
        var kinds = [CellKind](repeating: .empty, count: window.cells)
        var suspended = [Int64](repeating: 0, count: SuspendReason.Category.allCases.count)
        for i in 0..<window.cells {
            // Saturating (`cellStart`, `overlap`, the sums): a log may hold any time up to the limit.
            let t0 = window.cellStart(i), t1 = window.cellStart(i + 1)
            if t0 > openEnd && t0 > (record.endedAt ?? 0) { break }
            var running: Int64 = 0, ready: Int64 = 0, pending: Int64 = 0
            var anyRun = false, anything = false
            for c in suspended.indices { suspended[c] = 0 }
            var j = k, scanned = 0
            while j < total, scanned < TaskLanePainter.scanLimit {
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
                    case let .suspended(reason):
                        let c = Self.index(reason.category)
                        suspended[c] = suspended[c].saturatingAdd(overlap)
                    case .ended:
                        break
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
                if let until = compactedUntil, t1 > record.spawnedAt, t0 < until { kinds[i] = .compacted }
                continue
            }
            if running > 0, running >= tpc - running { kinds[i] = .running; continue }
            if anyRun { kinds[i] = .brief; continue }
            var best: CellKind = .empty, bestTime: Int64 = 0
            if pending > bestTime { best = .pending; bestTime = pending }
            if ready > bestTime { best = .ready; bestTime = ready }
            for (c, category) in SuspendReason.Category.allCases.enumerated() where suspended[c] > bestTime {
                best = .suspended(category)
                bestTime = suspended[c]
            }
            kinds[i] = best
        }
        return kinds
    }

    @inline(__always)
    static func index(_ category: SuspendReason.Category) -> Int {
        switch category {
        case .sleep: 0
        case .queueGet: 1
        case .queuePut: 2
        case .semaphore: 3
        case .awaiting: 4
        case .continuation: 5
        case .hop: 6
        case .yield: 7
        case .knob: 8
        case .other: 9
        }
    }
}
