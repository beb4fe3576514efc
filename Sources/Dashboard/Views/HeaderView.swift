import TaskTrace

/// Two rows: what runs and how (scenario, time, speed, threads, follow/pause, recording),
/// then how the tasks stand and how busy the event stream is.
struct HeaderView {
    var model: Model
    var glyphs: Glyphs

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let title = Style(.title, .reverse)
        buffer.fill(rect.row(0), style: title)
        let kind = model.scenario.isLive ? "live" : "seed"
        var right: [String] = []
        if let wall = model.wallTime, !model.scenario.isLive {
            right.append("finished \(glyphs.bullet) Wall time: \(Format.units(wall)) units")
        } else if model.sourceEnded {
            right.append("ended")
        }
        right.append(model.pausedAt == nil ? "following" : "PAUSED")
        right.append(model.recording ? "REC" : "not recording")
        // Pieces in order of importance: the later ones give way on a narrow screen.
        let pieces = [
            " Interleave \(glyphs.selection) \(model.scenario.name.terminalSafe) (\(kind))",
            "t \(Format.units(model.newest)) u",
            model.scenario.timeLabel == "virtual" ? "virtual time" : "speed \(model.scenario.timeLabel)",
            "threads \(model.ledger.threadCount)",
        ]
        var rightText = right.joined(separator: glyphs.separator) + " "
        while TextWidth.columns(rightText) > rect.width / 2, right.count > 1 {
            right.removeLast()
            rightText = right.joined(separator: glyphs.separator) + " "
        }
        let room = rect.width - TextWidth.columns(rightText) - 1
        var left = ""
        for piece in pieces {
            let next = left.isEmpty ? piece : left + glyphs.separator + piece
            if TextWidth.columns(next) > room { break }
            left = next
        }
        if left.isEmpty { left = pieces[0] }
        buffer.write(left, x: rect.x, y: rect.y, style: title, limit: rect.maxX)
        if TextWidth.columns(left) + TextWidth.columns(rightText) < rect.width {
            buffer.write(rightText, x: rect.maxX - TextWidth.columns(rightText), y: rect.y, style: title.with(.bold))
        }
        guard rect.height > 1 else { return }

        var running = 0, ready = 0, suspended = 0, ended = 0, compacted = 0
        for task in model.ledger.tasks {
            switch task.state {
            case .running: running += 1
            case .ready: ready += 1
            case .suspended: suspended += 1
            case .ended: ended += 1
            }
            compacted += task.compactedSegments
        }
        var x = rect.x + 1
        let y = rect.y + 1
        x += buffer.write("tasks \(model.ledger.tasks.count): ", x: x, y: y, style: Style(.label, .bold), limit: rect.maxX)
        for (n, label, role) in [(running, "running", Style.Role.running), (ready, "ready", .ready),
                                 (suspended, "suspended", .sleep), (ended, "ended", .completed)] {
            x += buffer.write("\(n) ", x: x, y: y, style: Style(role, .bold), limit: rect.maxX)
            x += buffer.write(label + "  ", x: x, y: y, style: .normal, limit: rect.maxX)
        }
        var stats = "\(Format.rate(model.rate.perSecond)) ev/s \(glyphs.bullet) \(Format.count(model.ledger.eventCount)) events"
        let dropped = model.ledger.droppedCount
        stats += " \(glyphs.bullet) dropped \(Format.count(dropped))"
        if compacted > 0 { stats += " \(glyphs.bullet) \(Format.count(compacted)) old segments compacted" }
        buffer.write(stats, x: x, y: y, style: Style(dropped > 0 ? .warning : .dim), limit: rect.maxX)
    }
}
