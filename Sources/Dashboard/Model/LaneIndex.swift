import TraceModel

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

/// The lane filter: names that contain the text, ignoring case, as `lowercased()` and
/// `contains` tell. ASCII names and text (what one types) are compared byte by byte, not
/// lowercased into a new string each: a frame may look at 100,000 names.
struct NameFilter {
    /// The text, lowercased, and its bytes when it is all ASCII.
    let text: String
    private let bytes: [UInt8]?

    init(_ filter: String) {
        text = filter.lowercased()
        bytes = text.utf8.allSatisfy(NameFilter.isPlain) ? Array(text.utf8) : nil
    }

    var isEmpty: Bool { text.isEmpty }

    func matches(_ name: String) -> Bool {
        if let needle = bytes, case let found?? = name.utf8.withContiguousStorageIfAvailable({ NameFilter.find(needle, in: $0) }) {
            return found
        }
        return name.lowercased().contains(text)
    }

    /// ASCII but a carriage return (which joins a line feed into one character).
    private static func isPlain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x0D }

    /// Whether `haystack` lowercased holds `needle`; nil when the name is not plain ASCII
    /// (its lowercase form is then another string's business).
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard haystack.allSatisfy(isPlain) else { return nil }
        guard needle.count <= haystack.count else { return false }
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
        for start in 0...(haystack.count - needle.count) {
            var j = 0
            while j < needle.count, lower(haystack[start + j]) == needle[j] { j += 1 }
            if j == needle.count { return true }
        }
        return false
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
