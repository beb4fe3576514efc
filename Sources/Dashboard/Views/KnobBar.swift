/// The scenario's knobs and their live values (as the events report them), with the one
/// `+`/`-` would change highlighted. The executor's thread count leads.
struct KnobBar {
    var model: Model
    var glyphs: Glyphs

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        var x = rect.x + 1
        if model.scenario.isProgram {
            // A traced program has nothing to turn: the row says what is being watched.
            x += buffer.write("program ", x: x, y: rect.y, style: Style(.label, .bold), limit: rect.maxX)
            let state = model.sourceEnded ? "ended" : "running"
            buffer.write(" \(model.scenario.summary.terminalSafe) \(glyphs.bullet) \(state)", x: x, y: rect.y,
                         style: Style(.dim), limit: rect.maxX)
            return
        }
        x += buffer.write("knobs ", x: x, y: rect.y, style: Style(.label, .bold), limit: rect.maxX)
        let selected = model.selectedKnob
        for name in model.knobNames {
            let value = model.knobValue(name).map(String.init) ?? "?"
            let text = " \(name) \(value) "
            let isSelected = name == selected
            let width = TextWidth.columns(text)
            if x + width > rect.maxX { break }
            buffer.write(text, x: x, y: rect.y, style: isSelected ? Style(.selected, [.reverse, .bold]) : Style(.accent))
            x += width + 1
        }
        // What the selected knob is, and how far it goes.
        let summary: String
        if let spec = model.scenario.allKnobs.first(where: { $0.name == selected }) {
            summary = "\(spec.summary.terminalSafe) \(spec.range.lowerBound)…\(spec.range.upperBound)"
        } else {
            summary = ""
        }
        let hint = " " + glyphs.text(summary)
        if x + 4 < rect.maxX {
            buffer.write(hint.fitted(to: rect.maxX - x, ellipsis: glyphs.ellipsis), x: x, y: rect.y, style: Style(.dim))
        }
    }
}
