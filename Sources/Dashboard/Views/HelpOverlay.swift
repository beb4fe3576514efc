/// Every key from the key table, and the legend: what `?` opens.
struct HelpOverlay {
    var glyphs: Glyphs
    var mode: KeyModes = .live

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let rows = KeyTable.rows(for: mode)
        let legend = Legend(glyphs: glyphs, mode: .tasks, window: TimeWindow(start: 0, ticksPerCell: 1, cells: 1)).entries
        let legendRows = (legend.count + 2) / 3
        let rect = area.centered(width: 78, height: rows.count + legendRows + 5)
        let inner = Box(title: "Interleave keys (Esc or ? closes)", glyphs: glyphs).render(in: rect, into: &buffer)
        var y = inner.y
        for row in rows where y < inner.maxY {
            buffer.write(glyphs.text(row.label), x: inner.x, y: y, style: Style(.accent, .bold), limit: inner.maxX)
            buffer.write(row.help, x: inner.x + 12, y: y, limit: inner.maxX)
            y += 1
        }
        y += 1
        if y < inner.maxY {
            buffer.write("On task lanes:", x: inner.x, y: y, style: Style(.label, .bold), limit: inner.maxX)
            y += 1
        }
        let columnWidth = max(1, inner.width / 3)
        for (i, entry) in legend.enumerated() {
            let row = y + i / 3
            guard row < inner.maxY else { break }
            let x = inner.x + (i % 3) * columnWidth
            buffer.put(entry.0, x: x, y: row, style: entry.1)
            buffer.write(entry.2, x: x + 2, y: row, limit: min(inner.maxX, x + columnWidth))
        }
    }
}
