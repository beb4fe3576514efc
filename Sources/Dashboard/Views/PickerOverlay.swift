/// The scenario picker (`s`): the whole catalogue, numbered (digits choose, `1`…`9` also
/// outside it), scrolled to keep the selection in view.
struct PickerOverlay {
    var model: Model
    var glyphs: Glyphs
    var selection: Int
    /// One-line summaries by name, when the runner knows them.
    var summaries: [String: String]

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let names = model.catalog
        let rect = area.centered(width: 76, height: max(3, names.count + 2))
        let inner = Box(title: "scenarios (Enter runs, Esc closes)", glyphs: glyphs).render(in: rect, into: &buffer)
        if names.isEmpty {
            buffer.write("no scenario catalogue in this build", x: inner.x, y: inner.y, style: Style(.dim), limit: inner.maxX)
            return
        }
        let first = max(0, min(selection - inner.height + 1, names.count - inner.height))
        for (row, index) in (first..<names.count).prefix(inner.height).enumerated() {
            let y = inner.y + row
            let name = names[index]
            let digits = String(names.count).count
            let number = String(repeating: " ", count: digits - String(index + 1).count) + "\(index + 1)"
            let style = index == selection ? Style(.selected, .reverse) : Style.normal
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            var text = "\(number) \(name.terminalSafe)"
            if name == model.scenario.name { text += " (running)" }
            let used = buffer.write(text, x: inner.x, y: y, style: style.with(.bold), limit: inner.maxX)
            if let summary = summaries[name] {
                buffer.write("  " + summary.terminalSafe, x: inner.x + max(used, 22), y: y, style: style, limit: inner.maxX)
            }
        }
    }
}
