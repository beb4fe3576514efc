import Foundation

/// What a session came to, per task and in total: the JSON `SummaryExporter` writes, and a
/// value a headless run can print. Every time is given in ticks (scenario nanoseconds) and
/// in units (tutorial seconds), so neither a script nor a person has to convert.
public struct SessionSummary: Codable, Sendable, Equatable {
    /// Marks the file's kind and format: `{"interleave_summary":1,…}`.
    public var format = 1
    public var header: SessionHeader?
    /// When the first root task ended (the tutorial's "took N seconds"), or the last event's
    /// time if none did.
    public var wallTime: Span
    /// Time of the last event.
    public var lastEvent: Span
    public var totals: Totals
    public var tasks: [TaskSummary]

    enum CodingKeys: String, CodingKey {
        case format = "interleave_summary"
        case header, wallTime, lastEvent, totals, tasks
    }

    /// A time or duration in both scales.
    public struct Span: Codable, Sendable, Equatable {
        public var ticks: Int64
        public var units: Double

        public init(_ ticks: Int64) {
            self.ticks = ticks
            self.units = Ticks.units(ticks)
        }
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var tasks: Int
        public var completed: Int
        public var cancelled: Int
        public var failed: Int
        /// Tasks still running, ready or suspended when the log ends.
        public var unfinished: Int
        public var events: Int64
        public var dropped: Int64
        public var slices: Int
        public var suspensions: [String: Int]
        public var running: Span
        public var ready: Span
        public var suspended: Span
        public var threads: Int
        public var knobs: [String: Int64]
        public var counters: [String: Int64]
    }

    public struct TaskSummary: Codable, Sendable, Equatable {
        public var id: TaskID
        public var name: String
        public var parent: TaskID
        public var spawned: Span
        public var started: Span?
        public var ended: Span?
        /// `completed`, `cancelled`, `failed`, or `running` / `ready` / `suspended` if unfinished.
        public var outcome: String
        /// The value's description (completed) or the error's (failed).
        public var detail: String?
        public var slices: Int
        public var suspensions: [String: Int]
        public var running: Span
        public var ready: Span
        public var suspended: Span
    }

    /// The summary of what `ledger` has folded, as of its last event.
    public init(header: SessionHeader?, ledger: TaskLedger) {
        self.header = header
        let now = ledger.now
        wallTime = Span(ledger.rootEndedAt ?? now)
        lastEvent = Span(now)
        var totals = Totals(
            tasks: ledger.tasks.count, completed: 0, cancelled: 0, failed: 0, unfinished: 0,
            events: ledger.eventCount, dropped: ledger.droppedCount, slices: 0, suspensions: [:],
            running: Span(0), ready: Span(0), suspended: Span(0), threads: ledger.threadCount,
            knobs: ledger.knobs, counters: ledger.counters)
        var running: Int64 = 0, ready: Int64 = 0, suspended: Int64 = 0
        tasks = ledger.tasks.map { record in
            let (run, rdy, sus) = record.totals(at: now)
            running = Self.saturatingSum(running, run)
            ready = Self.saturatingSum(ready, rdy)
            suspended = Self.saturatingSum(suspended, sus)
            totals.slices += record.slices
            var suspensions: [String: Int] = [:]
            for (category, count) in record.suspensions {
                suspensions[category.rawValue] = count
                totals.suspensions[category.rawValue, default: 0] += count
            }
            let outcome: String
            var detail: String?
            switch record.state {
            case let .ended(.completed(value)):
                outcome = "completed"
                detail = value
                totals.completed += 1
            case .ended(.cancelled):
                outcome = "cancelled"
                totals.cancelled += 1
            case let .ended(.failed(error)):
                outcome = "failed"
                detail = error
                totals.failed += 1
            case .running:
                outcome = "running"
                totals.unfinished += 1
            case .ready:
                outcome = "ready"
                totals.unfinished += 1
            case .suspended:
                outcome = "suspended"
                totals.unfinished += 1
            }
            return TaskSummary(
                id: record.id, name: record.name, parent: record.parent, spawned: Span(record.spawnedAt),
                started: record.startedAt.map(Span.init), ended: record.endedAt.map(Span.init),
                outcome: outcome, detail: detail, slices: record.slices, suspensions: suspensions,
                running: Span(run), ready: Span(rdy), suspended: Span(sus))
        }
        totals.running = Span(running)
        totals.ready = Span(ready)
        totals.suspended = Span(suspended)
        self.totals = totals
    }

    private static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// The summary as JSON, with sorted keys, ending in a newline. Control characters, DEL
    /// and C1 controls from task names and errors are escaped, so it is safe on a terminal.
    public func json(pretty: Bool = true) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Self.escapingDELAndC1(Array(data)) + [0x0A]
    }

    /// `JSONEncoder` leaves DEL and U+0080–U+009F raw; some terminals obey the latter.
    /// Outside strings JSON is plain ASCII, so the bytes can only be inside strings.
    static func escapingDELAndC1(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let hex = Array("0123456789abcdef".utf8)
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x7F {
                out += Array("\\u007f".utf8)
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] >= 0x80, bytes[i + 1] < 0xA0 {
                out += Array("\\u00".utf8) + [hex[Int(bytes[i + 1] >> 4)], hex[Int(bytes[i + 1] & 0xF)]]
                i += 1
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
