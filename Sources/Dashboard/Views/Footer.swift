/// The bottom row: key hints from the key table, or the filter being typed, or a status
/// line (an answer to a key, such as a setting that could not be applied).
struct Footer {
    var model: Model
    var glyphs: Glyphs

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, style: Style(.title, .reverse))
        if model.editingFilter {
            var x = rect.x + 1
            x += buffer.write("filter: ", x: x, y: rect.y, style: Style(.title, [.reverse, .bold]))
            x += buffer.write(model.filter.terminalSafe + "_", x: x, y: rect.y, style: Style(.title, .reverse), limit: rect.maxX)
            buffer.write("   Enter keep  Esc clear", x: x, y: rect.y, style: Style(.title, .reverse), limit: rect.maxX)
            return
        }
        if let status = model.status {
            buffer.write(" " + status.terminalSafe, x: rect.x, y: rect.y, style: Style(.title, [.reverse, .bold]), limit: rect.maxX)
            return
        }
        var x = rect.x
        if !model.filter.isEmpty {
            x += buffer.write(" [/\(model.filter.terminalSafe)]", x: x, y: rect.y, style: Style(.title, [.reverse, .bold]), limit: rect.maxX)
        }
        let hints = footerHints
        // The hints that fit, most important first; shown in table order.
        var room = rect.maxX - x
        var shown = Set<Int>()
        for index in hints.indices.sorted(by: { (hints[$0].priority, $0) < (hints[$1].priority, $1) }) {
            let need = 1 + TextWidth.columns(hints[index].keys) + 1 + TextWidth.columns(hints[index].words)
            guard need <= room else { break }
            room -= need
            shown.insert(index)
        }
        for (index, hint) in hints.enumerated() where shown.contains(index) {
            x += buffer.write(" " + hint.keys, x: x, y: rect.y, style: Style(.title, [.reverse, .bold]))
            x += buffer.write(" " + hint.words, x: x, y: rect.y, style: Style(.title, .reverse))
        }
    }

    /// The current mode's hints from the key table, in table order, with their priority.
    var footerHints: [(keys: String, words: String, priority: Int)] {
        let following = model.replay?.follow == true
        var hints: [(keys: String, words: String, priority: Int)] = []
        for row in KeyTable.rows(for: model.keyMode) {
            guard var hint = row.footer else { continue }
            // Following a growing log has no playback to steer: Space pauses the view.
            if following, KeyTable.playbackActions.contains(row.action) { continue }
            // A traced program that has ended: `q` only quits.
            if row.action == .quit, model.scenario.isProgram, model.sourceEnded { hint = "q quit" }
            // A world this dashboard cannot freeze: say that Space only stops the view.
            if !model.scenario.canFreezeWorld, model.replay == nil {
                if row.action == .stepSlice { continue }
                if row.action == .togglePause { hint = "Space pause view (program runs on)" }
            }
            let parts = hint.split(separator: " ", maxSplits: 1).map(String.init)
            hints.append((parts[0], parts.count > 1 ? parts[1] : "", row.footerPriority))
        }
        return hints
    }
}
