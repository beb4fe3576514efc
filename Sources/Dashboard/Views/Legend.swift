import TraceModel

/// One row that says what every mark on the lanes means, and how much time a column is.
struct Legend {
    var glyphs: Glyphs
    var mode: Model.LaneMode
    var window: TimeWindow
    /// Reasons only a traced program has are listed once they occur.
    var seen: (SuspendReason.Category) -> Bool = { _ in false }
    /// `u` (a scenario's units) or `s` (a traced program's seconds).
    var unit = "u"

    /// Each entry: the glyph, its style, and what it means.
    var entries: [(Unicode.Scalar, Style, String)] {
        switch mode {
        case .tasks:
            var list: [(Unicode.Scalar, Style, String)] = [
                (glyphs.running, Style(.running), "run"),
                (glyphs.brief, Style(.brief, .bold), "brief"),
                (glyphs.ready, Style(.ready), "ready"),
                (glyphs.pending, Style(.pending), "new"),
            ]
            // The lesson's reasons, then outcomes, then the rarer marks: a narrow row
            // loses those last. A traced program's own reasons are listed once they occur.
            let rare: [SuspendReason.Category] = [.knob, .other]
            func reasons(_ categories: [SuspendReason.Category]) -> [(Unicode.Scalar, Style, String)] {
                categories.filter { !$0.isProgramOnly || seen($0) }
                    .map { (glyphs.reason($0), Style(Glyphs.role($0)), Legend.shortName($0)) }
            }
            list += reasons(SuspendReason.Category.allCases.filter { !rare.contains($0) })
            list += [
                (glyphs.start, Style(.running, .bold), "start"),
                (glyphs.completed, Style(.completed, .bold), "done"),
                (glyphs.cancelled, Style(.cancelled, .bold), "cancel"),
                (glyphs.failed, Style(.failed, .bold), "fail"),
            ]
            list += reasons(rare)
            list.append((glyphs.compacted, Style(.compacted), "compacted"))
            return list
        case .threads:
            return [
                ("n", Style(.task0, .reverse), "bar named after the task the thread ran"),
                (glyphs.brief, Style(.task1, .bold), "a slice under half a column"),
                (" ", .normal, "idle"),
            ]
        }
    }

    static func name(_ category: SuspendReason.Category) -> String {
        switch category {
        case .sleep: "sleep"
        case .queueGet: "queue get"
        case .queuePut: "queue put"
        case .semaphore: "semaphore"
        case .awaiting: "await"
        case .continuation: "continuation"
        case .hop: "actor hop"
        case .yield: "yield"
        case .knob: "idle: waiting for a knob"
        case .other: "other"
        }
    }

    /// Names short enough for the legend row.
    static func shortName(_ category: SuspendReason.Category) -> String {
        switch category {
        case .queueGet: "get"
        case .queuePut: "put"
        case .semaphore: "sem"
        case .continuation: "cont"
        case .hop: "hop"
        case .knob: "knob"
        default: name(category)
        }
    }

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        var x = rect.x
        let scale = "\(Format.duration(window.ticksPerCell, unit: unit))/col "
        x += buffer.write(scale, x: x, y: rect.y, style: Style(.label, .bold), limit: rect.maxX)
        for (glyph, style, meaning) in entries {
            let need = 2 + TextWidth.columns(meaning) + 1
            guard x + need <= rect.maxX else { break }
            buffer.put(" ", x: x, y: rect.y)
            buffer.put(glyph, x: x + 1, y: rect.y, style: style)
            x += 2
            x += buffer.write(" " + meaning, x: x, y: rect.y, style: Style(.dim), limit: rect.maxX)
        }
    }
}
