import TaskTrace

/// Task ids in ascending order, addressed by position. When no lane is hidden it is the
/// ledger's own task array, so a frame never lists 100,000 ids to show forty of them;
/// only a filter or a fold that hides some lanes makes it list the ids it keeps.
struct LaneIndex: Sendable {
    enum Storage: Sendable {
        /// Every task the ledger keeps (shared with the ledger, not copied).
        case every([TaskRecord])
        case listed([TaskID])
    }

    let storage: Storage

    static func every(_ tasks: [TaskRecord]) -> LaneIndex { LaneIndex(storage: .every(tasks)) }
    static func listed(_ ids: [TaskID]) -> LaneIndex { LaneIndex(storage: .listed(ids)) }

    var count: Int {
        switch storage {
        case let .every(tasks): tasks.count
        case let .listed(ids): ids.count
        }
    }

    subscript(lane: Int) -> TaskID {
        switch storage {
        case let .every(tasks): tasks[lane].id
        case let .listed(ids): ids[lane]
        }
    }

    /// The first lane whose id is `id` or higher (`count` if none): a binary search, ids
    /// being ascending.
    func firstLane(atOrAfter id: TaskID) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension Model {
    /// The task lanes the timeline shows, in id order, and how many are hidden and why.
    public struct TaskLanes: RandomAccessCollection, Sendable {
        let index: LaneIndex
        /// Lanes hidden because their task ended before the window (fold is on).
        public let folded: Int
        /// Lanes hidden by the name filter.
        public let filtered: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { index.count }
        public subscript(lane: Int) -> TaskID { index[lane] }

        /// The lane showing task `id`, if it is shown.
        public func lane(of id: TaskID) -> Int? {
            let lane = index.firstLane(atOrAfter: id)
            return lane < count && index[lane] == id ? lane : nil
        }

        /// The lane of `id`, or where it would be: the first lane of a higher id, else the
        /// last lane (0 when there are none).
        public func place(of id: TaskID) -> Int {
            let lane = index.firstLane(atOrAfter: id)
            return lane < count ? lane : Swift.max(0, count - 1)
        }
    }
}
