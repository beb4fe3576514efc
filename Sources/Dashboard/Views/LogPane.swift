import TraceModel

/// The lines the scenario printed (the tutorial's `crawling url_1`…), newest at the
/// bottom, each with its time and task; the run's wall time once it ends. While the view
/// is paused it shows only lines up to the paused moment.
struct LogPane {
    var model: Model
    var glyphs: Glyphs

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let log = model.log
        let upTo = model.pausedAt ?? .max
        let visible = log.count(upTo: upTo)
        var rows: [(time: Int64?, who: String, text: String, style: Style)] = []
        let take = max(0, rect.height - 1)
        var showWall = false
        if let end = model.ledger.rootEndedAt, !model.scenario.isLive, end <= upTo { showWall = true }
        let lineCount = min(visible, take - (showWall ? 1 : 0))
        for line in log.lines[max(0, visible - lineCount)..<visible] {
            let who = model.ledger.task(line.task)?.name ?? (line.task == 0 ? "session" : "#\(line.task)")
            rows.append((line.time, who.terminalSafe, line.text.terminalSafe, .normal))
        }
        if showWall, let wall = model.wallTime {
            rows.append((model.ledger.rootEndedAt, "", "Wall time: \(Format.units(wall)) \(model.scenario.timeUnitName)s", Style(.completed, .bold)))
        }

        // Title rule.
        buffer.fill(rect.row(0), glyphs.horizontal, style: Style(.dim))
        // The wall time's row is no printed line: the title says it is there besides them.
        var title = " LOG \(Format.count(log.total)) line\(log.total == 1 ? "" : "s")" + (showWall ? " + wall time " : " ")
        if log.dropped > 0 { title += "(\(Format.count(log.dropped)) oldest dropped) " }
        buffer.write(title, x: rect.x + 1, y: rect.y, style: Style(.label, .bold), limit: rect.maxX)

        let whoWidth = min(16, max(6, rect.width / 6))
        for (i, row) in rows.enumerated() {
            let y = rect.y + 1 + i
            var x = rect.x
            let time = row.time.map { Format.fixed($0) } ?? ""
            x += buffer.write(String(repeating: " ", count: max(0, 9 - time.count)) + time + "  ", x: x, y: y, style: Style(.dim), limit: rect.maxX)
            x += buffer.write(row.who.fitted(to: whoWidth, ellipsis: glyphs.ellipsis).padded(to: whoWidth) + " ",
                              x: x, y: y, style: Style(.accent), limit: rect.maxX)
            buffer.write(row.text, x: x, y: y, style: row.style, limit: rect.maxX)
        }
        if rows.isEmpty, rect.height > 1 {
            buffer.write("(nothing printed yet)", x: rect.x + 11, y: rect.y + 1, style: Style(.dim), limit: rect.maxX)
        }
    }
}
