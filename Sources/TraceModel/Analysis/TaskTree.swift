/// Who started whom: the parent/child forest of a ledger's tasks, flattened depth-first
/// into rows (children in order of creation) with each task's state, lifetime and outcome.
/// The dashboard's tree panel draws these rows; tests compare their text.
///
/// A task whose parent is 0, or is no longer kept (compacted away), is a root.
public enum TaskTree {
    public struct Row: Sendable, Equatable {
        public var id: TaskID
        public var depth: Int
        public var name: String
        public var state: TaskState
        /// From creation to the end, or to `now` while it lives.
        public var lifetime: Int64
        public var children: Int
        public var collapsed: Bool
    }

    /// The rows, hiding the descendants of `collapsed` tasks.
    public static func rows(_ ledger: TaskLedger, collapsed: Set<TaskID> = [], now: Int64? = nil) -> [Row] {
        let now = now ?? ledger.now
        var children: [TaskID: [TaskID]] = [:]
        var roots: [TaskID] = []
        for task in ledger.tasks {
            if task.parent != 0, task.parent != task.id, ledger.task(task.parent) != nil {
                children[task.parent, default: []].append(task.id)
            } else {
                roots.append(task.id)
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(ledger.tasks.count)
        // Depth-first without recursion: a chain of thousands of tasks must not exhaust the stack.
        var stack: [(TaskID, Int)] = roots.reversed().map { ($0, 0) }
        while let (id, depth) = stack.popLast() {
            guard let task = ledger.task(id) else { continue }
            let kids = children[id] ?? []
            let folded = collapsed.contains(id)
            rows.append(Row(id: id, depth: depth, name: task.name, state: task.state,
                            lifetime: max(0, (task.endedAt ?? now) - task.spawnedAt), children: kids.count,
                            collapsed: folded && !kids.isEmpty))
            if !folded { stack += kids.reversed().map { ($0, depth + 1) } }
        }
        return rows
    }

    /// One line a row: `  crawl url_1  [2]  1.5 u  completed`, indented two spaces a level,
    /// `+` before a collapsed task with children. Terminal-safe.
    public static func text(_ rows: [Row], unitName: String = "u") -> String {
        rows.map { row in
            String(repeating: "  ", count: row.depth) + (row.collapsed ? "+ " : "") + row.name.terminalSafe
                + "  [\(row.id)]  \(Ticks.format(row.lifetime)) \(unitName)  " + RunReport.describe(row.state)
        }.joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
    }
}
