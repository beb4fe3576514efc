import TraceModel

/// The row above the lanes: tick marks at round times, labelled in units, spaced so
/// labels never collide.
struct TimeAxis {
    var window: TimeWindow
    var glyphs: Glyphs

    /// A round step (1, 2 or 5 times a power of ten ticks) at least `minCells` cells wide.
    static func step(ticksPerCell: Int64, minCells: Int = 10) -> Int64 {
        let want = ticksPerCell.saturatingMultiply(Int64(minCells))
        var decade: Int64 = 1
        while true {
            for m: Int64 in [1, 2, 5] where decade * m >= want { return decade * m }
            if decade > Int64.max / 100 { return want }
            decade *= 10
        }
    }

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let step = TimeAxis.step(ticksPerCell: window.ticksPerCell)
        let decimals = step >= Ticks.perUnit ? 0 : min(6, Int((9 - log10(Double(step))).rounded(.up)))
        // The first round time in the window (saturating: the window may reach the end of time).
        var t = window.start / step * step
        if t < window.start { t = t.saturatingAdd(step) }
        while t < window.end {
            if let i = window.cell(of: t), i < rect.width {
                buffer.put(glyphs.tick, x: rect.x + i, y: rect.y, style: Style(.dim))
                buffer.write(Ticks.format(t, decimals: decimals), x: rect.x + i + 1, y: rect.y,
                             style: Style(.label), limit: rect.maxX)
            }
            guard t < Int64.max - step else { break }
            t += step
        }
    }

    private func log10(_ x: Double) -> Double { x > 0 ? _log10(x) : 0 }
    private func _log10(_ x: Double) -> Double {
        var v = x, n = 0.0
        while v >= 10 { v /= 10; n += 1 }
        while v < 1 { v *= 10; n -= 1 }
        return n
    }
}
