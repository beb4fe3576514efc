import TraceModel

/// The selected task's facts (Enter on a lane): name, parent, when it was created,
/// started and ended, time running / ready / suspended, suspensions by reason, outcome.
/// On thread lanes, the thread's facts instead.
struct DetailView {
    var model: Model
    var glyphs: Glyphs

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let rows = model.mode == .tasks ? taskRows() : threadRows()
        guard let rows else { return }
        let width = min(area.width, max(44, rows.map { TextWidth.columns($0.0) + TextWidth.columns($0.1) + 17 }.max() ?? 44))
        let height = min(area.height, rows.count + 2)
        let rect = Rect(x: area.maxX - width, y: area.y, width: width, height: height)
        let title = model.mode == .tasks ? "task detail (Esc closes)" : "thread detail (Esc closes)"
        let inner = Box(title: title, glyphs: glyphs).render(in: rect, into: &buffer)
        for (i, row) in rows.prefix(inner.height).enumerated() {
            let y = inner.y + i
            buffer.write(row.0, x: inner.x, y: y, style: Style(.label, .bold), limit: inner.maxX)
            buffer.write(row.1, x: inner.x + 14, y: y, style: .normal, limit: inner.maxX)
        }
    }

    private func taskRows() -> [(String, String)]? {
        let lanes = model.taskLanes()
        guard !lanes.isEmpty else { return nil }
        let id = lanes[min(model.selectedLaneIndex(in: lanes), lanes.count - 1)]
        guard let task = model.ledger.task(id) else { return nil }
        let now = model.newest
        let totals = task.totals(at: now)
        let life = max(1, (task.endedAt ?? now).saturatingSubtract(task.spawnedAt))
        let unit = model.scenario.timeUnit
        // Saturating: a log's times may run backwards, and a share then falls outside 0…100.
        func share(_ t: Int64) -> String {
            "\(Format.duration(t, unit: unit))  \(Int64(saturating: Double(t) * 100 / Double(life)))%"
        }
        func lastThread(_ index: Int) -> String {
            model.ledger.threads.indices.contains(index) ? model.ledger.threads[index].name.map(\.terminalSafe) ?? "thread \(index)" : "thread \(index)"
        }
        var rows: [(String, String)] = [
            ("name", task.name.terminalSafe),
            ("id", "#\(task.id)"),
            ("parent", task.parent == 0 ? "none (root)" : "#\(task.parent) \(model.ledger.task(task.parent)?.name.terminalSafe ?? "")"),
            ("state", describe(task.state)),
            ("created", "\(Format.units(task.spawnedAt)) \(unit)"),
            ("started", task.startedAt.map { "\(Format.units($0)) \(unit)" } ?? "not yet"),
            ("ended", task.endedAt.map { "\(Format.units($0)) \(unit)" } ?? "-"),
            ("running", share(totals.running)),
            ("ready", share(totals.ready)),
            ("suspended", share(totals.suspended)),
            ("slices", "\(task.slices)" + (task.lastThread.map { ", last on \(lastThread($0))" } ?? "")),
        ]
        let reasons = task.suspensions.sorted { $0.key < $1.key }
        if reasons.isEmpty {
            rows.append(("suspensions", "none"))
        } else {
            for (n, (category, count)) in reasons.enumerated() {
                rows.append((n == 0 ? "suspensions" : "", "\(Legend.name(category)) \(count)"))
            }
        }
        rows.append(("outcome", task.outcome.map(describe) ?? "still running"))
        if task.compactedSegments > 0 { rows.append(("history", "\(task.compactedSegments) oldest segments compacted")) }
        return rows
    }

    private func threadRows() -> [(String, String)]? {
        let index = model.selectedLaneIndex()
        guard index < model.threadLaneCount else { return nil }
        let thread = index < model.ledger.threads.count ? model.ledger.threads[index] : nil
        let now = model.newest
        var busy = thread?.busyTime ?? 0
        if let t = thread, t.current != nil { busy = busy.saturatingAdd(max(0, now.saturatingSubtract(t.since))) }
        let current = thread?.current.flatMap { model.ledger.task($0) }
        var seen: [TaskID: Int] = [:]
        for segment in thread?.history ?? [] { seen[segment.task, default: 0] += 1 }
        let top = seen.sorted { $0.value > $1.value }.prefix(5)
        var rows: [(String, String)] = [
            ("thread", "\(index)" + (index >= model.ledger.threadCount ? " (removed)" : "")),
            ("running now", current.map { "#\($0.id) \($0.name.terminalSafe)" } ?? "idle"),
            ("busy", "\(Format.duration(busy))  \(now > 0 ? Int64(saturating: Double(busy) * 100 / Double(now)) : 0)%"),
            ("slices kept", "\(thread?.history.count ?? 0)"),
        ]
        for (n, (task, count)) in top.enumerated() {
            rows.append((n == 0 ? "ran most" : "", "\(model.ledger.task(task)?.name.terminalSafe ?? "#\(task)")  \(count) slices"))
        }
        return rows
    }

    private func describe(_ state: TaskState) -> String {
        switch state {
        case .ready: "ready (waiting for a thread)"
        case let .running(thread): "running on thread \(thread)"
        case let .suspended(reason):
            if case let .awaitingTask(id) = reason {
                "suspended: awaiting #\(id) \(model.ledger.task(id)?.name.terminalSafe ?? "")"
            } else if case let .actorHop(actor) = reason {
                "suspended: hop \u{2192} \(actor.terminalSafe)"
            } else {
                "suspended: \(Legend.name(reason.category))"
            }
        case let .ended(outcome): "ended: " + describe(outcome)
        }
    }

    private func describe(_ outcome: TaskOutcome) -> String {
        switch outcome {
        case let .completed(value): value.isEmpty ? "completed" : "completed: \(value.terminalSafe)"
        case .cancelled: "cancelled"
        case let .failed(error): "failed: \(error.terminalSafe)"
        }
    }
}
