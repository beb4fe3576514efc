import TraceModel

/// What the dashboard knows about the log it replays: the controls' state (owned by the
/// model, carried out by the source through effects) and the facts the source reports.
public struct ReplayState: Sendable, Equatable {
    /// The playback speeds `<` and `>` step through.
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16]

    /// The log's path as given (shown terminal-safe).
    public var file: String
    /// Tailing a growing log: no seeking or speed, the view follows the newest time.
    public var follow: Bool
    public var playing = true
    public var speedIndex = ReplayState.speeds.firstIndex(of: 1)!
    /// Session time of the log's first event: where `g` goes.
    public var start: Int64 = 0
    /// Session time of the log's last event, once the source has found it.
    public var total: Int64?
    /// The reader's warnings, one line each (an incomplete last line, clamped times).
    public var warnings: [String] = []
    /// Why the replay stopped early (a corrupt line), one line.
    public var error: String?
    /// The log has no end record (see `ReplayFacts.cutShort`).
    public var cutShort = false
    /// The log stops before the session's end (a corrupt line, or no end record): tasks
    /// still going there may have finished after it.
    public var isCut: Bool { error != nil || cutShort }
    /// Where the last seek asked to go, until the source's time gets there: keys pressed
    /// before the next frame count from it (three `→` jump three tenths).
    public var seekingTo: Int64?

    public init(file: String, follow: Bool = false) {
        self.file = file
        self.follow = follow
    }

    public var speed: Double { ReplayState.speeds[speedIndex] }
}

/// What the source reports about the log, sent as `Msg.replayFacts` when it changes.
public struct ReplayFacts: Sendable, Equatable {
    public var start: Int64
    public var total: Int64?
    public var warnings: [String]
    public var error: String?
    /// The log has no end record: its writer never closed it, so the session went on past
    /// its last event (as it may past a corrupt line, `error`).
    public var cutShort: Bool

    public init(start: Int64 = 0, total: Int64? = nil, warnings: [String] = [], error: String? = nil, cutShort: Bool = false) {
        self.start = start
        self.total = total
        self.warnings = warnings
        self.error = error
        self.cutShort = cutShort
    }
}

/// The recording indicator: the file, how many events reached it, and why it stopped.
public struct RecordingStatus: Sendable, Equatable {
    public var file: String
    public var eventsWritten: Int64
    /// Why recording failed (cannot create the file, disk full), one line.
    public var error: String?
    /// False once the writer was closed (after an error the file stays named).
    public var active: Bool

    public init(file: String, eventsWritten: Int64 = 0, error: String? = nil, active: Bool = true) {
        self.file = file
        self.eventsWritten = eventsWritten
        self.error = error
        self.active = active
    }
}

extension Model {
    /// Events that bring a replay of a recording started mid-run to where the run stood:
    /// the thread count, the knobs, and every task known so far (spawned, and ended if it
    /// has, or running, or suspended and why), all at the newest time seen. Empty before the
    /// first event.
    public func recordingPreamble() -> [TaskEvent] {
        guard ledger.eventCount > 0 else { return [] }
        // Stamped at the session's present (the clock), not at the last event seen: tasks
        // asleep since then were asleep all along, and the log starts now.
        let t = max(ledger.now, clock)
        var events: [TaskEvent] = []
        if ledger.threadCount > 0 { events.append(TaskEvent(time: t, task: 0, kind: .threads(count: ledger.threadCount))) }
        for name in ledger.knobs.keys.sorted() {
            events.append(TaskEvent(time: t, task: 0, kind: .knob(name: name, value: ledger.knobs[name]!)))
        }
        for task in ledger.tasks {
            events.append(TaskEvent(time: t, task: task.id, kind: .spawn(name: task.name, parent: task.parent)))
            let kind: TaskEvent.Kind? = switch task.state {
            case .ready: nil
            case let .running(thread): .start(thread: thread, readyWait: 0)
            case let .suspended(reason): .suspend(reason)
            case .ended(.completed(let result)): .complete(result: result)
            case .ended(.failed(let error)): .fail(error: error)
            case .ended(.cancelled): .cancel
            }
            if let kind { events.append(TaskEvent(time: t, task: task.id, kind: kind)) }
        }
        return events
    }
}
