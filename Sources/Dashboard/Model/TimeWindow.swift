import TraceModel

/// The stretch of session time the timeline shows: `cells` columns of `ticksPerCell`
/// each, from `start`. Cells are aligned to multiples of their width, so following the
/// newest time scrolls by whole cells and never shimmers.
public struct TimeWindow: Sendable, Equatable {
    public var start: Int64
    public var ticksPerCell: Int64
    public var cells: Int

    // Saturating here and below: a replayed log may hold times up to `Ticks.limit`, and
    // the window must not trap at the far end of time.
    public var end: Int64 { cellStart(cells) }

    public func cellStart(_ i: Int) -> Int64 { start.saturatingAdd(ticksPerCell.saturatingMultiply(Int64(i))) }

    /// The cell holding time `t`, if on screen.
    public func cell(of t: Int64) -> Int? {
        guard t >= start, ticksPerCell > 0 else { return nil }
        let i = Int(t.saturatingSubtract(start) / ticksPerCell)
        return i < cells ? i : nil
    }

    /// A window whose last cell holds `newest`; anchored at 0 until time fills the width.
    public static func ending(at newest: Int64, ticksPerCell: Int64, cells: Int) -> TimeWindow {
        let tpc = max(1, ticksPerCell)
        let n = max(1, cells)
        let lastCell = max(0, newest) / tpc
        let start = max(0, lastCell.saturatingAdd(1).saturatingSubtract(Int64(n)).saturatingMultiply(tpc))
        return TimeWindow(start: start, ticksPerCell: tpc, cells: n)
    }

    /// Zoom steps, 1-2-5 from a microsecond to 100 units per cell.
    public static let zoomLevels: [Int64] = {
        var levels: [Int64] = []
        var decade: Int64 = 1_000
        while decade <= 100 * Ticks.perUnit {
            for m: Int64 in [1, 2, 5] where decade * m <= 100 * Ticks.perUnit { levels.append(decade * m) }
            decade *= 10
        }
        return levels
    }()

    /// A tenth of a unit per cell: the tutorial's 10-unit runs fill a 100-column timeline.
    public static let defaultZoom = zoomLevels.firstIndex(of: Ticks.perUnit / 10)!
    /// 10 ms per cell for a traced program while it runs: a second across 100 columns.
    public static let programZoom = zoomLevels.firstIndex(of: Ticks.perUnit / 100)!
}
