import TaskTrace

/// Draws one task's lane: for each cell, what the task mostly did in that slice of time.
/// It binary-searches the task's segments for the window's start and walks forward once,
/// so a lane costs O(width + segments in view), however long the history.
struct TaskLanePainter {
    var glyphs: Glyphs

    /// What a cell shows, before it becomes a glyph: the rule is TraceModel's, shared with
    /// the headless timeline.
    typealias CellKind = TimelineCell

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
        TimelineCell.lane(record, start: window.start, ticksPerCell: window.ticksPerCell, count: window.cells, now: now)
    }
}
