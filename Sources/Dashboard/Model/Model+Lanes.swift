import TaskTrace

/// Which lanes the timeline shows: derived from the ledger and the UI state on demand,
/// never stored, so a replay rebuilds them for free.
extension Model {
    /// The task lanes: tasks spawned by the window's end, less those that ended before its
    /// start (while fold is on) and those whose name the filter does not match. When none
    /// is hidden, which the ledger's counts tell without looking at each task, the lanes
    /// are the ledger's tasks as they are: no pass, no list.
    public func taskLanes() -> TaskLanes {
        let window = self.window
        let tasks = ledger.tasks
        // Every task was spawned at or before `now`; only ended tasks fold.
        let endedKept = ledger.stateCounts.ended - ledger.compactedTaskCount
        if filter.isEmpty, window.end >= ledger.now, !foldFinished || endedKept == 0 {
            return TaskLanes(index: .every(tasks), folded: 0, filtered: 0)
        }
        let filter = NameFilter(self.filter)
        var ids: [TaskID] = []
        var folded = 0, filtered = 0
        ids.reserveCapacity(tasks.count)
        for i in tasks.indices {
            if tasks[i].spawnedAt > window.end { continue }
            if foldFinished, tasks[i].state.isEnded, let ended = tasks[i].endedAt, ended < window.start {
                folded += 1
                continue
            }
            if !filter.isEmpty, !filter.matches(tasks[i].name) {
                filtered += 1
                continue
            }
            ids.append(tasks[i].id)
        }
        return TaskLanes(index: .listed(ids), folded: folded, filtered: filtered)
    }

    /// Every thread the executor has had, even ones since removed.
    public var threadLaneCount: Int { max(ledger.threads.count, ledger.threadCount) }

    /// Lanes in the current mode.
    public var laneCount: Int { mode == .tasks ? taskLanes().count : threadLaneCount }

    /// Index of the selected lane in the current mode (0 when nothing is selected); pass
    /// the task lanes when they are at hand.
    public func selectedLaneIndex(in lanes: TaskLanes? = nil) -> Int {
        switch mode {
        case .threads:
            return min(selectedThread, max(0, threadLaneCount - 1))
        case .tasks:
            guard let selected = selectedTask else { return 0 }
            // The selected task may have left the list (folded or filtered): keep the place.
            return (lanes ?? taskLanes()).place(of: selected)
        }
    }

    /// Nesting depth of a task under its parents (root tasks are 0), capped for display.
    public func depth(of id: TaskID, cap: Int = 4) -> Int {
        var depth = 0
        var current = ledger.task(id)?.parent ?? 0
        while current != 0, depth < cap, let parent = ledger.task(current) {
            depth += 1
            current = parent.parent
        }
        return depth
    }
}
