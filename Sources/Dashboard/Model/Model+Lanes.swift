import TraceModel

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
        // Following with fold on: when the lanes do not fit, the ended ones that ended
        // longest ago give way too, so the action stays on screen.
        let followsTheAction = pausedAt == nil && foldFinished
        var endedAt: [Int64] = []
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
            if followsTheAction { endedAt.append(tasks[i].state.isEnded ? tasks[i].endedAt ?? 0 : .max) }
        }
        if followsTheAction, ids.count > max(1, layout.lanes.height) {
            folded += Self.foldEarliestEnded(&ids, endedAt: endedAt, rows: max(1, layout.lanes.height))
        }
        return TaskLanes(index: .listed(ids), folded: folded, filtered: filtered)
    }

    /// Drops the lanes of the tasks that ended longest ago until `rows` lanes are left (or
    /// none that ended is): live tasks and those that ended most recently stay. Returns
    /// how many it dropped. `endedAt` is each lane's end time, `.max` for a live task.
    static func foldEarliestEnded(_ ids: inout [TaskID], endedAt: [Int64], rows: Int) -> Int {
        let live = endedAt.lazy.filter { $0 == .max }.count
        let room = max(0, rows - live)
        // The `room` latest end times, ascending: a small buffer, most ends rejected at once.
        var latest: [Int64] = []
        latest.reserveCapacity(room + 1)
        if room > 0 {
            for time in endedAt where time != .max {
                if latest.count == room, time <= latest[0] { continue }
                let at = latest.firstIndex { $0 > time } ?? latest.count
                latest.insert(time, at: at)
                if latest.count > room { latest.removeFirst() }
            }
        }
        let threshold = latest.first ?? .max
        // Ends after the threshold all stay; ends at it stay while there is room.
        var atThreshold = room - latest.filter { $0 > threshold }.count
        var kept: [TaskID] = []
        kept.reserveCapacity(min(ids.count, rows))
        for (id, time) in zip(ids, endedAt) {
            if time == .max || (time > threshold && time != .max) {
                kept.append(id)
            } else if time == threshold, atThreshold > 0 {
                atThreshold -= 1
                kept.append(id)
            }
        }
        let dropped = ids.count - kept.count
        ids = kept
        return dropped
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
