import TraceModel

/// The task tree (`T`): who started whom, each task's state, lifetime and outcome; a task
/// with children shows `▾` (open) or `▸` (collapsed, with how many it hides).
struct TaskTreeOverlay {
    var model: Model
    var glyphs: Glyphs
    var selection: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let rows = model.treeRows
        let rect = area.centered(width: min(area.width, 100), height: min(area.height, max(3, rows.count + 2)))
        let inner = Box(title: "task tree (Enter selects the lane, \(glyphs.text("←/→")) fold, Esc closes)", glyphs: glyphs)
            .render(in: rect, into: &buffer)
        let unit = model.scenario.timeUnit
        ListRows.draw(count: rows.count, selection: selection, in: inner, empty: "no tasks yet", into: &buffer) { index, y, style, buffer in
            let row = rows[index]
            var x = inner.x + min(row.depth, 12) * 2
            let mark = row.children == 0 ? " " : row.collapsed ? (glyphs.isASCII ? "+" : "\u{25B8}") : (glyphs.isASCII ? "-" : "\u{25BE}")
            x += buffer.write(mark + " ", x: x, y: y, style: style.with(.bold), limit: inner.maxX)
            x += buffer.write(row.name.terminalSafe, x: x, y: y, style: style.with(.bold), limit: inner.maxX)
            if row.collapsed { x += buffer.write(" (+\(row.children))", x: x, y: y, style: style, limit: inner.maxX) }
            let facts = "  \(Format.units(row.lifetime)) \(unit)  " + RunReport.describe(row.state)
            buffer.write(facts, x: x, y: y, style: index == selection ? style : Style(TaskTreeOverlay.role(row.state)), limit: inner.maxX)
        }
    }

    static func role(_ state: TaskState) -> Style.Role {
        switch state {
        case .running: .running
        case .ready: .ready
        case .suspended: .sleep
        case .ended(.completed): .completed
        case .ended(.cancelled): .cancelled
        case .ended(.failed): .failed
        }
    }
}
