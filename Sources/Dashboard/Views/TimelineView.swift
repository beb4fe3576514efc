import TraceModel

/// The heart of the dashboard: one lane per task (or per executor thread), time flowing
/// left to right, the newest time at the right edge while following. Only the lanes on
/// screen are drawn, so a frame costs O(visible lanes × width), not O(events).
struct TimelineView {
    var model: Model
    var glyphs: Glyphs
    /// `model.warningList`, when the caller has it already (nil: made here).
    var warnings: [TaskWarning]? = nil

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let parts = Layout.timelineParts(of: rect)
        let labelWidth = model.layout.labelWidth
        let window = model.window
        let cellsX = rect.x + labelWidth + 1
        let now = model.newest

        // Axis row: what the lanes are, then the time ticks.
        let lanes = model.mode == .tasks ? model.taskLanes() : nil
        let title: String
        if let lanes {
            var extra: [String] = []
            if lanes.folded > 0 { extra.append("\(lanes.folded) folded") }
            if lanes.filtered > 0 { extra.append("\(lanes.filtered) filtered") }
            title = "TASKS \(lanes.count)" + (extra.isEmpty ? "" : " (" + extra.joined(separator: ", ") + ")")
        } else {
            title = "THREADS \(model.threadLaneCount)"
        }
        buffer.write(title.fitted(to: labelWidth, ellipsis: glyphs.ellipsis), x: rect.x, y: parts.axis.y, style: Style(.label, .bold))
        TimeAxis(window: window, glyphs: glyphs)
            .render(in: Rect(x: cellsX, y: parts.axis.y, width: rect.maxX - cellsX, height: 1), into: &buffer)

        // Lanes.
        let rows = parts.lanes.height
        let count = lanes?.count ?? model.threadLaneCount
        let offset = max(0, min(model.laneOffset, count - rows))
        let selected = model.selectedLaneIndex(in: lanes)
        // A warning's mark on its task's lane, at the moment it happened.
        let marks = lanes == nil ? [:] : Dictionary(grouping: (warnings ?? model.warningList).filter { $0.task != 0 }, by: \.task)
        for row in 0..<min(rows, max(0, count - offset)) {
            let lane = offset + row
            let y = parts.lanes.y + row
            buffer.put(glyphs.vertical, x: cellsX - 1, y: y, style: Style(.dim))
            if let lanes {
                guard let record = model.ledger.task(lanes[lane]) else { continue }
                drawTaskLabel(record, selected: lane == selected, x: rect.x, y: y, width: labelWidth, into: &buffer)
                TaskLanePainter(glyphs: glyphs).paint(record, window: window, now: now, x: cellsX, y: y, into: &buffer)
                for warning in marks[record.id] ?? [] {
                    if let cell = window.cell(of: warning.time) { buffer.put(glyphs.warningMark, x: cellsX + cell, y: y, style: Style(.warning, .bold)) }
                }
            } else {
                let thread = lane < model.ledger.threads.count ? model.ledger.threads[lane] : nil
                drawThreadLabel(lane, thread, selected: lane == selected, x: rect.x, y: y, width: labelWidth, into: &buffer)
                if let thread {
                    let ledger = model.ledger
                    ThreadLanePainter(glyphs: glyphs, selected: model.selectedTask).paint(thread, window: window, now: now,
                        name: { ledger.task($0)?.name.terminalSafe ?? "#\($0)" }, x: cellsX, y: y, into: &buffer)
                }
            }
        }
        if count == 0 {
            let why = model.filter.isEmpty ? "waiting for the first task…" : "no lane matches \"\(model.filter.terminalSafe)\""
            buffer.write(why, x: cellsX + 1, y: parts.lanes.y, style: Style(.dim), limit: rect.maxX)
        } else if offset + rows < count, rows > 0 {
            let more = " \(glyphs.upDown) \(count - offset - rows) more "
            buffer.write(more, x: rect.maxX - TextWidth.columns(more), y: parts.lanes.maxY - 1, style: Style(.dim, .reverse))
        }

        if !parts.legend.isEmpty {
            let ledger = model.ledger
            Legend(glyphs: glyphs, mode: model.mode, window: window, seen: { ledger.hasSeen($0) },
                   unit: model.scenario.timeUnit)
                .render(in: parts.legend, into: &buffer)
        }
    }

    private func drawTaskLabel(_ record: TaskRecord, selected: Bool, x: Int, y: Int, width: Int, into buffer: inout ScreenBuffer) {
        let depth = model.depth(of: record.id, cap: 3)
        let marker = selected ? String(glyphs.selection) : " "
        let text = marker + String(repeating: " ", count: depth) + record.name.terminalSafe
        // Ended tasks, and Interleave's own (the knob supervisor), step back from the lesson.
        let machinery = MachineryTaskName.all.contains(record.name)
        var style = Style(record.state.isEnded || machinery ? .dim : .normal)
        if selected { style = Style(.selected, .reverse) }
        buffer.write(text.fitted(to: width, ellipsis: glyphs.ellipsis).padded(to: width), x: x, y: y, style: style)
    }

    private func drawThreadLabel(_ index: Int, _ thread: ThreadRecord?, selected: Bool, x: Int, y: Int, width: Int,
                                 into buffer: inout ScreenBuffer) {
        let marker = selected ? String(glyphs.selection) : " "
        let gone = index >= model.ledger.threadCount
        var text = marker + (thread?.name.map(\.terminalSafe) ?? "thread \(index)")
        if gone {
            text += " (gone)"
        } else if let current = thread?.current, let task = model.ledger.task(current) {
            // The task's name keeps its distinguishing end in the room left.
            let room = width - TextWidth.columns(text) - 1
            text += " " + task.name.terminalSafe.fittedKeepingEnd(to: room, ellipsis: glyphs.ellipsis)
        } else {
            text += " idle"
        }
        var style = Style(gone ? .dim : .normal)
        if selected { style = Style(.selected, .reverse) }
        buffer.write(text.fitted(to: width, ellipsis: glyphs.ellipsis).padded(to: width), x: x, y: y, style: style)
    }
}

extension Layout {
    /// The timeline's axis row, lanes, and legend row (kept only when there is room).
    static func timelineParts(of rect: Rect) -> (axis: Rect, lanes: Rect, legend: Rect) {
        var (axis, rest) = rect.splitTop(1)
        let (lanes, legend) = rest.splitBottom(rect.height >= 8 ? 1 : 0)
        rest = lanes
        return (axis, rest, legend)
    }
}
