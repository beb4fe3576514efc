import TraceModel

/// The slice a step (`.`) let through, watched until it ends so the status line can say
/// what ran and why it stopped.
public struct StepWatch: Sendable, Equatable {
    /// The task whose slice started, once it has (nil: still waiting for it).
    public var task: TaskID?
    public var thread = 0
    public var start: Int64 = 0
}

/// Space and `.` in a live run: freezing the world, not just the view. A source that
/// cannot freeze its world (a followed log, a program traced from outside) gets the old
/// view-only pause, and the footer says so.
extension Model {
    mutating func togglePause() -> [Effect] {
        guard scenario.canFreezeWorld, !sourceEnded else {
            pausedAt = pausedAt == nil ? newest : nil
            return []
        }
        worldFrozen.toggle()
        // The frozen world's newest time stands still, so the view may keep following it:
        // a step's slice then shows at the right edge.
        pausedAt = nil
        stepWatch = nil
        return [.freezeWorld(worldFrozen)]
    }

    mutating func stepSlice() -> [Effect] {
        guard scenario.canFreezeWorld else {
            _ = update(.status("this program cannot be paused: Space freezes the view only"))
            return []
        }
        guard !sourceEnded else {
            _ = update(.status("the scenario has ended: r restarts it"))
            return []
        }
        var effects: [Effect] = []
        if !worldFrozen {
            worldFrozen = true
            effects.append(.freezeWorld(true))
        }
        pausedAt = nil
        stepWatch = StepWatch()
        effects.append(.stepWorld)
        return effects
    }

    /// Follows the stepped slice: its start, then the suspension or outcome that ends it.
    mutating func watchStep(_ event: TaskEvent) {
        guard var watch = stepWatch else { return }
        if watch.task == nil {
            switch event.kind {
            case let .start(thread, _), let .resume(thread, _):
                watch.task = event.task
                watch.thread = thread
                watch.start = event.time
                stepWatch = watch
            default: break
            }
            return
        }
        guard event.task == watch.task else { return }
        switch event.kind {
        case .suspend, .complete, .cancel, .fail:
            stepWatch = nil
            guard let record = ledger.task(event.task) else { return }
            selectedTask = event.task
            if mode == .tasks { keepSelectionVisible() }
            // Frozen real time does not move while the slice runs: no duration to tell then.
            let took = event.time > watch.start ? " for \(Format.duration(event.time - watch.start))" : ""
            _ = update(.status("step: \(record.name.terminalSafe) ran\(took) at \(Format.units(watch.start)) u on thread \(watch.thread), then "
                + RunReport.describe(record.state) + " (. next slice, Space resume)"))
        default: break
        }
    }
}
