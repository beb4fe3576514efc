import TraceModel

/// Two rows: what runs and how (scenario, time, speed, threads, follow/pause, recording),
/// then how the tasks stand and how busy the event stream is.
struct HeaderView {
    var model: Model
    var glyphs: Glyphs
    /// `model.warningList`, when the caller has it already (nil: made here).
    var warnings: [TaskWarning]? = nil

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let title = Style(.title, .reverse)
        buffer.fill(rect.row(0), style: title)
        // (text, priority): on a narrow screen the lowest priorities give way first.
        var left: [(String, Int)]
        var right: [(String, Int)] = []
        /// The recording's label, and the shorter one without the file's name.
        var recording: (full: String, short: String)?
        if let replay = model.replay {
            left = [
                (" Interleave \(glyphs.selection) \(model.scenario.name.terminalSafe) (\(replay.follow ? "follow" : "replay"))", 0),
                (HeaderView.baseName(replay.file).terminalSafe, 3),
                ("t \(Format.units(model.newest))" + (replay.total.map { " / \(Format.units($0))" } ?? "") + " " + model.scenario.timeUnit, 2),
                (replay.follow ? "" : "\(Ticks.formatNumber(replay.speed))x", 4),
                ("threads \(model.ledger.threadCount)", 5),
            ].filter { !$0.0.isEmpty }
            if replay.follow {
                // The log's end record was read (its writer closed it), or following failed.
                let ended = model.sourceEnded || replay.error != nil
                right.append((ended ? "ended" : model.pausedAt == nil ? "following" : "PAUSED", 1))
            } else if model.sourceEnded || replay.error != nil {
                right.append(("END", 1))
            } else {
                right.append((replay.playing ? "PLAYING" : "PAUSED", 1))
            }
        } else {
            let program = model.scenario.isProgram
            let kind = program ? "program" : model.scenario.isLive ? "live" : "seed"
            left = [
                (" Interleave \(glyphs.selection) \(model.scenario.name.terminalSafe) (\(kind))", 0),
                ("t \(Format.units(model.newest)) \(model.scenario.timeUnit)", 2),
                (program ? "real time" : model.scenario.time == .virtual ? "virtual time" : "speed \(model.scenario.time.label)", 4),
                ("threads \(model.ledger.threadCount)", 5),
            ]
            if let wall = model.wallTime, !model.scenario.isLive {
                right.append(("Wall time: \(Format.units(wall)) \(program ? "s" : "units")", 1))
            } else if model.sourceEnded {
                right.append(("ended", 1))
            }
            right.append((model.worldFrozen || model.pausedAt != nil ? "PAUSED" : "following", 3))
            if let rec = model.recording, rec.active, rec.error == nil {
                recording = ("REC \(HeaderView.baseName(rec.file).terminalSafe) \(Format.count(rec.eventsWritten)) ev",
                             "REC \(Format.count(rec.eventsWritten)) ev")
                right.append((recording!.full, 2))
            } else if !program {
                // A traced program's recording (exec --record) is not the dashboard's to show.
                right.append(("not recording", 6))
            }
        }
        func joined(_ items: [(String, Int)]) -> String { items.map(\.0).joined(separator: glyphs.separator) }
        func fits() -> Bool { TextWidth.columns(joined(left)) + TextWidth.columns(joined(right)) + 2 <= rect.width }
        while !fits() {
            let all = left.map(\.1) + right.map(\.1)
            guard let worst = all.filter({ $0 > 0 }).max() else { break }
            // A recording's long file name gives way before the speed, the time and REC itself.
            if worst <= 4, let recording, let index = right.firstIndex(where: { $0.0 == recording.full }) {
                right[index].0 = recording.short
                continue
            }
            left.removeAll { $0.1 == worst }
            right.removeAll { $0.1 == worst }
        }
        buffer.write(joined(left), x: rect.x, y: rect.y, style: title, limit: rect.maxX)
        let rightText = joined(right) + " "
        if !right.isEmpty, TextWidth.columns(joined(left)) + TextWidth.columns(rightText) < rect.width {
            buffer.write(rightText, x: rect.maxX - TextWidth.columns(rightText), y: rect.y, style: title.with(.bold))
        }
        guard rect.height > 1 else { return }

        // Counted by the ledger as events arrive: no pass over the tasks each frame.
        let counts = model.ledger.stateCounts
        let compacted = model.ledger.compactedSegmentCount
        var x = rect.x + 1
        let y = rect.y + 1
        if let problem {
            // A failed recording or a bad log matters more than the counts: it goes first.
            buffer.write(problem.terminalSafe, x: x, y: y, style: Style(.warning, .bold), limit: rect.maxX)
            return
        }
        x += buffer.write("tasks \(model.ledger.taskCount): ", x: x, y: y, style: Style(.label, .bold), limit: rect.maxX)
        for (n, label, role) in [(counts.running, "running", Style.Role.running), (counts.ready, "ready", .ready),
                                 (counts.suspended, "suspended", .sleep), (counts.ended, "ended", .completed)] {
            x += buffer.write("\(n) ", x: x, y: y, style: Style(role, .bold), limit: rect.maxX)
            x += buffer.write(label + "  ", x: x, y: y, style: .normal, limit: rect.maxX)
        }
        let dropped = model.ledger.droppedCount
        // (text, priority): whole items give way on a narrow screen, never half a word;
        // dropped events are never hidden while there are any.
        var items: [(String, Int)] = [
            ("\(Format.rate(model.rate.perSecond)) ev/s", 2),
            ("\(Format.count(model.ledger.eventCount)) events", 1),
            ("dropped \(Format.count(dropped))", dropped > 0 ? 0 : 3),
        ]
        if compacted > 0 { items.append(("\(Format.count(compacted)) old segments compacted", 4)) }
        let separator = " \(glyphs.bullet) "
        func width(_ items: [(String, Int)]) -> Int { TextWidth.columns(items.map(\.0).joined(separator: separator)) }
        // The warning count: the longest form that leaves the dropped count room (on a screen
        // too narrow for both, the lanes' marks and the W pane still show the warnings).
        let warned = (warnings ?? model.warningList).count
        let essential = width(items.filter { $0.1 == 0 })
        let forms = ["\(warned) warning\(warned == 1 ? "" : "s") (W)  ", "\(warned) warn (W)  ", "\(warned)W  "]
        if warned > 0, let text = forms.first(where: { x + TextWidth.columns($0) + essential <= rect.maxX }) {
            x += buffer.write(text, x: x, y: y, style: Style(.warning, .bold), limit: rect.maxX)
        }
        while !items.isEmpty, x + width(items) > rect.maxX, let worst = items.map(\.1).max() {
            items.removeAll { $0.1 == worst }
        }
        buffer.write(items.map(\.0).joined(separator: separator), x: x, y: y, style: Style(dropped > 0 ? .warning : .dim),
                     limit: rect.maxX)
    }

    /// What went wrong with the recording or the replayed log, for the second row.
    var problem: String? {
        if let error = model.recording?.error { return "recording failed: \(error)" }
        if let replay = model.replay {
            if let error = replay.error { return "log error: \(error) (stopped at the last good event)" }
            if let warning = replay.warnings.first { return "warning: \(warning)" }
        }
        return nil
    }

    /// The last path component: `logs/run.jsonl` → `run.jsonl`.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
