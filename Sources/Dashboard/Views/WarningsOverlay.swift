import TraceModel

/// The warnings pane (`W`): each warning's kind, moment, task and evidence; Enter jumps
/// to the task's lane at that moment.
struct WarningsOverlay {
    var model: Model
    var glyphs: Glyphs
    var selection: Int
    /// `model.warningList`, when the caller has it already (nil: made here).
    var warnings: [TaskWarning]? = nil

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let list = warnings ?? model.warningList
        let rect = area.centered(width: min(area.width, 110), height: min(area.height, max(3, list.count + 2)))
        let inner = Box(title: "warnings: \(list.count) (Enter jumps to the task and the moment, Esc closes)", glyphs: glyphs)
            .render(in: rect, into: &buffer)
        let unit = model.scenario.timeUnit
        let empty = "no warnings" + (model.sourceEnded ? "" : " so far")
        ListRows.draw(count: list.count, selection: selection, in: inner, empty: empty, into: &buffer) { index, y, style, buffer in
            let warning = list[index]
            var x = inner.x
            x += buffer.write(String(glyphs.warningMark) + " " + warning.kind.rawValue, x: x, y: y, style: index == selection ? style.with(.bold) : Style(.warning, .bold),
                              limit: inner.maxX)
            x += buffer.write("  \(Format.units(warning.time)) \(unit)  ", x: x, y: y, style: style, limit: inner.maxX)
            buffer.write(warning.evidence.terminalSafe, x: x, y: y, style: style, limit: inner.maxX)
        }
    }
}

/// A scrolling list inside a panel: the rows that fit, the selected one in view and
/// reversed (its whole row filled), or a dim line when there is none.
enum ListRows {
    static func draw(count: Int, selection: Int, in inner: Rect, empty: String, into buffer: inout ScreenBuffer,
                     _ row: (_ index: Int, _ y: Int, _ style: Style, _ buffer: inout ScreenBuffer) -> Void) {
        guard inner.height > 0 else { return }
        guard count > 0 else {
            buffer.write(empty, x: inner.x, y: inner.y, style: Style(.dim), limit: inner.maxX)
            return
        }
        let first = max(0, min(selection - inner.height + 1, count - inner.height))
        for (line, index) in (first..<count).prefix(inner.height).enumerated() {
            let y = inner.y + line
            let style = index == selection ? Style(.selected, .reverse) : Style.normal
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            row(index, y, style, &buffer)
        }
    }
}

extension Glyphs {
    /// Marks a warning on its task's lane (`!` is a failure's glyph already).
    var warningMark: Unicode.Scalar { isASCII ? "W" : "\u{2691}" }
}
