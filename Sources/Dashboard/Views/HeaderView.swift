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
        var left = " Interleave \(glyphs.selection) \(model.scenario.name.terminalSafe) (\(kind))"
        left += glyphs.separator + "t \(Format.units(model.newest)) u"
        left += glyphs.separator + (model.scenario.timeLabel == "virtual" ? "virtual time" : "speed \(model.scenario.timeLabel)")
        left += glyphs.separator + "threads \(model.ledger.threadCount)"
        var right: [String] = []
        if let wall = model.wallTime, !model.scenario.isLive {
            right.append("finished \(glyphs.bullet) Wall time: \(Format.units(wall)) units")
        } else if model.sourceEnded {
            right.append("ended")
        }
        right.append(model.pausedAt == nil ? "following" : "PAUSED")
        right.append(model.recording ? "REC" : "not recording")
        let rightText = right.joined(separator: glyphs.separator) + " "
        let rightWidth = TextWidth.columns(rightText)
        let leftWidth = buffer.write(left, x: rect.x, y: rect.y, style: title, limit: rect.maxX)
        if leftWidth + rightWidth + 1 <= rect.width {
            buffer.write(rightText, x: rect.maxX - rightWidth, y: rect.y, style: title.with(.bold))
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
