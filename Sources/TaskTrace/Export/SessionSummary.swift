import Foundation

/// What a session came to, per task and in total: the JSON `SummaryExporter` writes, and a
/// value a headless run can print. Every time is given in ticks (scenario nanoseconds) and
/// in units (tutorial seconds), so neither a script nor a person has to convert.
///
/// The JSON has one line per task, so `grep` works on it, and decodes with `JSONDecoder`
/// back to an equal `SessionSummary`.
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
        public var tasks = 0
        public var completed = 0
        public var cancelled = 0
        public var failed = 0
        /// Tasks still running, ready or suspended when the log ends.
        public var unfinished = 0
        public var events: Int64 = 0
        public var dropped: Int64 = 0
        public var slices = 0
        public var suspensions: [String: Int] = [:]
        public var running = Span(0)
        public var ready = Span(0)
        public var suspended = Span(0)
        public var threads = 1
        public var knobs: [String: Int64] = [:]
        public var counters: [String: Int64] = [:]

        /// Totals over every task of `ledger`.
        public init(ledger: TaskLedger) {
            self.init(ledger: ledger, tasks: ledger.tasks.lazy.map { TaskSummary($0, at: ledger.now) })
        }

        /// Totals over `tasks`, the summaries of `ledger`'s tasks when the caller has them.
        init(ledger: TaskLedger, tasks: some Sequence<TaskSummary>) {
            events = ledger.eventCount
            dropped = ledger.droppedCount
            threads = ledger.threadCount
            knobs = ledger.knobs
            counters = ledger.counters
            for task in tasks { add(task) }
        }

        mutating func add(_ task: TaskSummary) {
            tasks += 1
            switch task.outcome {
            case "completed": completed += 1
            case "cancelled": cancelled += 1
            case "failed": failed += 1
            default: unfinished += 1
            }
            slices += task.slices
            for (reason, count) in task.suspensions { suspensions[reason, default: 0] += count }
            running = Span(running.ticks.saturatingAdd(task.running.ticks))
            ready = Span(ready.ticks.saturatingAdd(task.ready.ticks))
            suspended = Span(suspended.ticks.saturatingAdd(task.suspended.ticks))
        }
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

        /// One task's figures as of `now` (an unfinished task's open stretch counts up to it).
        public init(_ record: TaskRecord, at now: Int64) {
            let (run, rdy, sus) = record.totals(at: now)
            id = record.id
            name = record.name
            parent = record.parent
            spawned = Span(record.spawnedAt)
            started = record.startedAt.map(Span.init)
            ended = record.endedAt.map(Span.init)
            switch record.state {
            case let .ended(.completed(value)): outcome = "completed"; detail = value
            case .ended(.cancelled): outcome = "cancelled"
            case let .ended(.failed(error)): outcome = "failed"; detail = error
            case .running: outcome = "running"
            case .ready: outcome = "ready"
            case .suspended: outcome = "suspended"
            }
            slices = record.slices
            suspensions = Dictionary(uniqueKeysWithValues: record.suspensions.map { ($0.key.rawValue, $0.value) })
            running = Span(run)
            ready = Span(rdy)
            suspended = Span(sus)
        }
    }

    /// The summary of what `ledger` has folded, as of its last event.
    public init(header: SessionHeader?, ledger: TaskLedger) {
        self.header = header
        wallTime = Span(ledger.rootEndedAt ?? ledger.now)
        lastEvent = Span(ledger.now)
        tasks = ledger.tasks.map { TaskSummary($0, at: ledger.now) }
        totals = Totals(ledger: ledger, tasks: tasks)
    }

    /// The summary as JSON, one task per line, ending in a newline. Control characters, DEL
    /// and C1 controls from task names and errors are escaped, so it is safe on a terminal.
    public func json() -> [UInt8] {
        var out: [UInt8] = []
        Self.appendJSON(header: header, wallTime: wallTime, lastEvent: lastEvent, totals: totals,
                        tasks: tasks, into: &out, flush: { (_) throws(Never) in })
        return out
    }

    /// Writes the JSON from parts, calling `flush` between tasks so a caller can stream a
    /// summary of a million tasks without holding them all.
    static func appendJSON<Failure: Error>(
        header: SessionHeader?, wallTime: Span, lastEvent: Span, totals: Totals,
        tasks: some Sequence<TaskSummary>, into out: inout [UInt8],
        flush: (inout [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        out.appendASCII("{\"interleave_summary\":1,\n\"header\":")
        if let header, let line = try? header.jsonLine() {
            out += line
        } else {
            out.appendASCII("null")
        }
        out.appendASCII(",\n\"wallTime\":")
        wallTime.appendJSON(to: &out)
        out.appendASCII(",\n\"lastEvent\":")
        lastEvent.appendJSON(to: &out)
        out.appendASCII(",\n\"totals\":")
        out += escapingDELAndC1(Array((try? encoder.encode(totals)) ?? Data("{}".utf8)))
        out.appendASCII(",\n\"tasks\":[")
        var first = true
        for task in tasks {
            out.appendASCII(first ? "\n" : ",\n")
            first = false
            task.appendJSON(to: &out)
            try flush(&out)
        }
        out.appendASCII("\n]}\n")
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

extension SessionSummary.Span {
    /// `{"ticks":1500000000,"units":1.5}`: units written exactly, as decimal ticks ÷ 10⁹.
    func appendJSON(to out: inout [UInt8]) {
        out.appendASCII("{\"ticks\":")
        out.appendInt(ticks)
        out.appendASCII(",\"units\":")
        out.appendDecimal(ticks, scale: 1_000_000_000)
        out.append(UInt8(ascii: "}"))
    }
}

extension SessionSummary.TaskSummary {
    func appendJSON(to out: inout [UInt8]) {
        out.appendASCII("{\"id\":")
        out.appendUInt(UInt64(id))
        out.appendASCII(",\"name\":")
        out.appendJSONString(name)
        out.appendASCII(",\"parent\":")
        out.appendUInt(UInt64(parent))
        out.appendASCII(",\"outcome\":")
        out.appendJSONString(outcome)
        if let detail {
            out.appendASCII(",\"detail\":")
            out.appendJSONString(detail)
        }
        out.appendASCII(",\"spawned\":")
        spawned.appendJSON(to: &out)
        if let started {
            out.appendASCII(",\"started\":")
            started.appendJSON(to: &out)
        }
        if let ended {
            out.appendASCII(",\"ended\":")
            ended.appendJSON(to: &out)
        }
        out.appendASCII(",\"slices\":")
        out.appendInt(Int64(slices))
        out.appendASCII(",\"suspensions\":{")
        for (n, reason) in suspensions.keys.sorted().enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.appendJSONString(reason)
            out.append(UInt8(ascii: ":"))
            out.appendInt(Int64(suspensions[reason]!))
        }
        out.appendASCII("},\"running\":")
        running.appendJSON(to: &out)
        out.appendASCII(",\"ready\":")
        ready.appendJSON(to: &out)
        out.appendASCII(",\"suspended\":")
        suspended.appendJSON(to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
