/// Every key from the key table, and the legend: what `?` opens. When the screen is too
/// short for all of it, the list scrolls as a pager's does (↑/↓, PgUp/PgDn, Home/End;
/// `HelpOverlay.scrolled`) and the frame's bottom edge says which lines show and that more
/// follow, so a cut list never looks whole.
struct HelpOverlay {
    var glyphs: Glyphs
    var mode: KeyModes = .live
    /// The first line shown; clamped to the last full screenful.
    var scroll = 0

    /// The box is this wide at most.
    static let width = 78

    /// One line of the help, in order: the key rows, a blank, the legend's heading, then the
    /// legend three entries a line.
    private enum Line {
        case key(KeyBinding), blank, legendHeading, legend(first: Int)
    }

    private static let legendEntries = Legend(glyphs: .unicode, mode: .tasks,
                                              window: TimeWindow(start: 0, ticksPerCell: 1, cells: 1)).entries.count

    private static func lines(for mode: KeyModes) -> [Line] {
        KeyTable.rows(for: mode).map(Line.key) + [.blank, .legendHeading]
            + stride(from: 0, to: legendEntries, by: 3).map { Line.legend(first: $0) }
    }

    /// The framed box within `area` for `count` lines: as tall as they are (and a spare
    /// row), at most the area.
    private static func frame(in area: Rect, lineCount count: Int) -> Rect {
        area.centered(width: width, height: count + 3)
    }

    /// The largest first line in `frame` of `count` lines: the one that shows the last line
    /// at the bottom.
    private static func maxScroll(in frame: Rect, lineCount count: Int) -> Int {
        max(0, count - max(1, frame.height - 2))
    }

    /// The first line after `move` from `scroll` in `area` (a page is a screenful less one).
    static func scrolled(_ scroll: Int, by move: ListMove, in area: Rect, mode: KeyModes) -> Int {
        let count = lines(for: mode).count
        let box = frame(in: area, lineCount: count)
        let limit = maxScroll(in: box, lineCount: count)
        let page = max(1, box.height - 3)
        return move.index(from: min(scroll, limit), count: limit + 1, page: page)
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let lines = Self.lines(for: mode)
        let rect = Self.frame(in: area, lineCount: lines.count)
        let inner = Box(title: "Interleave keys (Esc or ? closes)", glyphs: glyphs).render(in: rect, into: &buffer)
        guard inner.height > 0 else { return }
        let legend = Legend(glyphs: glyphs, mode: .tasks, window: TimeWindow(start: 0, ticksPerCell: 1, cells: 1)).entries
        let first = min(max(0, scroll), Self.maxScroll(in: rect, lineCount: lines.count))
        let shown = lines[first...].prefix(inner.height)
        let columnWidth = max(1, inner.width / 3)
        for (offset, line) in shown.enumerated() {
            let y = inner.y + offset
            switch line {
            case let .key(row):
                buffer.write(glyphs.text(row.label), x: inner.x, y: y, style: Style(.accent, .bold), limit: inner.maxX)
                buffer.write(row.help, x: inner.x + 12, y: y, limit: inner.maxX)
            case .blank:
                break
            case .legendHeading:
                buffer.write("On task lanes:", x: inner.x, y: y, style: Style(.label, .bold), limit: inner.maxX)
            case let .legend(start):
                for (column, entry) in legend[start..<min(start + 3, legend.count)].enumerated() {
                    let x = inner.x + column * columnWidth
                    buffer.put(entry.0, x: x, y: y, style: entry.1)
                    buffer.write(entry.2, x: x + 2, y: y, limit: min(inner.maxX, x + columnWidth))
                }
            }
        }
        if shown.count < lines.count {
            let last = first + shown.count
            let hint = last < lines.count ? "↓ PgDn more" : "↑ PgUp back"
            let mark = " lines \(first + 1)-\(last) of \(lines.count), " + glyphs.text(hint) + " "
            buffer.write(mark, x: rect.x + 2, y: rect.maxY - 1, style: Style(.accent, .bold), limit: rect.maxX - 2)
        }
    }
}
