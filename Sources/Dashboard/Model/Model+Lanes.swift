import TaskTrace

/// Which lanes the timeline shows: derived from the ledger and the UI state on demand,
/// never stored, so a replay rebuilds them for free.
extension Model {
    public struct TaskLanes: Equatable {
        public var ids: [TaskID] = []
        /// Lanes hidden because their task ended before the window (fold is on).
        public var folded = 0
        /// Lanes hidden by the name filter.
        public var filtered = 0
    }

    public func taskLanes() -> TaskLanes {
        var lanes = TaskLanes()
        let window = self.window
        let needle = filter.lowercased()
        lanes.ids.reserveCapacity(min(ledger.tasks.count, 4_096))
        for task in ledger.tasks {
            if task.spawnedAt > window.end { continue }
            if foldFinished, let ended = task.endedAt, ended < window.start {
                lanes.folded += 1
                continue
            }
            if !needle.isEmpty, !task.name.lowercased().contains(needle) {
                lanes.filtered += 1
                continue
            }
            lanes.ids.append(task.id)
        }
        return lanes
    }

    /// Every thread the executor has had, even ones since removed.
    public var threadLaneCount: Int { max(ledger.threads.count, ledger.threadCount) }

    /// Lanes in the current mode.
    public var laneCount: Int { mode == .tasks ? taskLanes().ids.count : threadLaneCount }

    /// Index of the selected lane in the current mode (0 when nothing is selected).
    public func selectedLaneIndex(in ids: [TaskID]? = nil) -> Int {
        switch mode {
        case .threads:
            return min(selectedThread, max(0, threadLaneCount - 1))
        case .tasks:
            let ids = ids ?? taskLanes().ids
            guard let selected = selectedTask else { return 0 }
            if let i = ids.firstIndex(of: selected) { return i }
            // The selected task left the list (folded or filtered): keep the place.
            return ids.firstIndex { $0 > selected } ?? max(0, ids.count - 1)
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
