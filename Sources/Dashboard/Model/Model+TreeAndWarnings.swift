import TraceModel

/// The task tree (`T`) and the warnings pane (`W`): their rows, and what their keys do.
extension Model {
    /// The tree's rows now (derived, never stored: a replay rebuilds them for free).
    public var treeRows: [TaskTree.Row] { TaskTree.rows(ledger, collapsed: treeCollapsed, now: newest) }

    /// Every warning so far; the whole run's once the source has ended.
    /// A replayed log that stops before the session's end (a bad line, no end record) is no
    /// finished run: tasks still going there may have finished after, so none is called
    /// unfinished.
    public var warningList: [TaskWarning] { warnings.report(final: sourceEnded && replay?.isCut != true) }

    mutating func openTree() {
        let rows = treeRows
        overlay = .tree(selection: selectedTask.flatMap { id in rows.firstIndex { $0.id == id } } ?? 0)
    }

    mutating func closeTreeAndWarnings() {
        switch overlay {
        case .tree, .warnings: overlay = .none
        default: break
        }
        treeCollapsed = []
    }

    mutating func treeKey(_ key: Key, selection: Int) {
        let rows = treeRows
        let index = min(max(0, selection), max(0, rows.count - 1))
        if let move = ListMove(overlayKey: key) {
            overlay = .tree(selection: move.index(from: index, count: rows.count, page: pageRows))
            return
        }
        switch key {
        case .escape, .char("q"), .char("T"): overlay = .none
        case .left, .char("h"):
            guard rows.indices.contains(index) else { return }
            let row = rows[index]
            if row.children > 0, !row.collapsed {
                treeCollapsed.insert(row.id)
            } else if let parent = rows[..<index].lastIndex(where: { $0.depth < row.depth }) {
                overlay = .tree(selection: parent)
            }
        case .right, .char("l"):
            if rows.indices.contains(index) { treeCollapsed.remove(rows[index].id) }
        case .char(" "):
            guard rows.indices.contains(index), rows[index].children > 0 else { return }
            let id = rows[index].id
            if treeCollapsed.contains(id) { treeCollapsed.remove(id) } else { treeCollapsed.insert(id) }
        case .enter:
            overlay = .none
            if rows.indices.contains(index) { select(task: rows[index].id) }
        default: break
        }
    }

    mutating func warningsKey(_ key: Key, selection: Int) {
        let list = warningList
        let index = min(max(0, selection), max(0, list.count - 1))
        if let move = ListMove(overlayKey: key) {
            overlay = .warnings(selection: move.index(from: index, count: list.count, page: pageRows))
            return
        }
        switch key {
        case .escape, .char("q"), .char("W"): overlay = .none
        case .enter:
            overlay = .none
            guard list.indices.contains(index) else { return }
            let warning = list[index]
            // The moment in the middle of the view, paused there.
            let span = window.end - window.start
            pausedAt = min(newest, max(0, warning.time) + span / 2)
            if warning.task != 0 { select(task: warning.task) }
        default: break
        }
    }

    /// Selects a task's lane in the task view, unhiding it if the fold or filter hid it.
    mutating func select(task id: TaskID) {
        guard ledger.task(id) != nil else { return }
        mode = .tasks
        selectedTask = id
        if taskLanes().lane(of: id) == nil {
            filter = ""
            foldFinished = false
        }
        keepSelectionVisible()
    }
}

extension ScenarioInfo {
    /// Real nanoseconds per tick of this session's time, for the warnings' thresholds:
    /// 1 in virtual time (see `Warnings`) and for a program, `1/speed` otherwise.
    public var warningScale: Double {
        guard !isProgram, case let .real(speed) = time, speed > 0 else { return 1 }
        return 1 / speed
    }
}
