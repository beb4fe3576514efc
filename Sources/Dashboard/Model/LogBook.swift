import DequeModule
import TraceModel

/// The lines the scenario printed, with their times and tasks; the oldest are dropped past
/// `limit` (and counted) so a long run's memory stays bounded.
public struct LogBook: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var time: Int64
        public var task: TaskID
        public var text: String
    }

    public private(set) var lines = Deque<Line>()
    public private(set) var dropped = 0
    public let limit: Int

    public init(limit: Int = 2_000) { self.limit = max(1, limit) }

    public mutating func append(_ line: Line) {
        lines.append(line)
        if lines.count > limit {
            lines.removeFirst()
            dropped += 1
        }
    }

    public var total: Int { dropped + lines.count }

    /// Lines kept that were printed at or before `time` (times never go back).
    public func count(upTo time: Int64) -> Int {
        var lo = 0, hi = lines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lines[mid].time <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
