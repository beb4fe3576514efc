import TraceModel

/// `b`: the selection jumps to where the work is, so a learner finds it among many lanes.
extension Model {
    /// Selects the next running task after the selected one (wrapping), else the next
    /// ready one, else the live task most recently active, and scrolls it into view. In
    /// thread lanes: the next thread that is running a task.
    mutating func jumpToAction() {
        switch mode {
        case .threads:
            let count = threadLaneCount
            guard count > 0 else { return }
            for step in 1...count {
                let thread = (selectedThread + step) % count
                if ledger.threads.indices.contains(thread), ledger.threads[thread].current != nil {
                    selectedThread = thread
                    break
                }
            }
        case .tasks:
            let lanes = taskLanes()
            guard !lanes.isEmpty else { return }
            let from = selectedTask == nil ? -1 : selectedLaneIndex(in: lanes)
            var firstReady: TaskID?
            var latest: (id: TaskID, since: Int64)?
            for step in 1...lanes.count {
                let id = lanes[(from + step + lanes.count) % lanes.count]
                guard let record = ledger.task(id) else { continue }
                switch record.state {
                case .running:
                    selectedTask = id
                    keepSelectionVisible()
                    return
                case .ready:
                    if firstReady == nil { firstReady = id }
                case .suspended:
                    if latest == nil || record.stateSince > latest!.since { latest = (id, record.stateSince) }
                case .ended:
                    break
                }
            }
            guard let chosen = firstReady ?? latest?.id else { return }
            selectedTask = chosen
        }
        keepSelectionVisible()
    }
}
