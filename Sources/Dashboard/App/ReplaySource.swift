import TraceModel

/// How the CLI asks for a replay: which log, and whether to follow it as it grows.
public struct ReplayOptions: Sendable {
    public var path: String
    /// Tail the log like `tail -f`: new events appear as they are written.
    public var follow: Bool
    /// Following: how long a file that does not exist yet is waited for (nil: until quit).
    public var waitForFile: Duration?
    /// When behaviour is a warning.
    public var warningThresholds: WarningThresholds
    /// The scenarios a log may come from: a log of one of them shows its summary and knobs.
    public var catalog: [ScenarioInfo]

    public init(path: String, follow: Bool = false, waitForFile: Duration? = nil,
                warningThresholds: WarningThresholds = WarningThresholds(), catalog: [ScenarioInfo] = []) {
        self.path = path
        self.catalog = catalog
        self.follow = follow
        self.waitForFile = waitForFile
        self.warningThresholds = warningThresholds
    }
}

extension ScenarioInfo {
    /// What the dashboard shows about a recorded session: the catalogue's entry for its
    /// scenario when there is one, else what the log's header says.
    init(header: SessionHeader, catalog: [ScenarioInfo]) {
        if let known = catalog.first(where: { $0.name == header.scenario }) {
            self = known
            time = header.timeMode
            seed = header.seed ?? 0
            // A recording is replayed, not run: only the view can pause.
            canFreezeWorld = false
            // The recorded values, so the knob bar has them before (or after seeking back
            // past) the log's own knob events.
            knobs = known.knobs.map { spec in
                KnobSpec(spec.name, spec.summary, range: spec.range, default: header.knobs[spec.name] ?? spec.defaultValue,
                         step: spec.step)
            }
        } else {
            let knobs = header.knobs.keys.sorted().map { name in
                KnobSpec(name, "recorded knob", range: Int.min...Int.max, default: header.knobs[name] ?? 0)
            }
            self.init(name: header.scenario, summary: header.program.map { "a recording of \($0)" } ?? "recorded session",
                      isLive: false, knobs: knobs, time: header.timeMode, seed: header.seed ?? 0)
            isProgram = header.program != nil
        }
    }
}

/// Plays a session log back at its recorded pace (times `speed`), streaming it in batches so
/// memory stays bounded whatever the file's size. Seeking forward reads ahead; seeking back
/// reopens the log and reads it again from the start (the runner then sends `.rewind`), so the
/// model at time T after a seek is the model built by playing to T.
@MainActor
final class ReplaySource: EventSource {
    let info: ScenarioInfo
    let header: SessionHeader
    let path: String
    /// Most events handed out per `takeEvents()`, so a long seek never freezes the screen.
    let eventsPerTake: Int
    private let batchSize: Int

    private var reader: SessionLogReader
    private let now: () -> UInt64
    /// Events read but not yet handed out, from `pendingIndex` on.
    private var pending: [TaskEvent] = []
    private var pendingIndex = 0
    private var readerDone = false
    private var lastDelivered: Int64?
    /// Playback position, session ticks, as of `anchorWall`; while playing it moves on from
    /// there (computed from the anchor, so rounding never accumulates).
    private var anchor: Double
    private var anchorWall: UInt64
    /// Reading one event at a time after a corrupt line, to stop exactly before it.
    private var recovering = false
    private var playing = true
    private var speed: Double = 1
    /// Where a seek is heading while the events before it are read.
    private var seekTarget: Int64?
    private var stepsRequested = 0
    private var rewound = false
    private var endSent = false
    private var lastFacts: ReplayFacts?
    private var error: SessionLogError?
    private let scan: LogScan
    private(set) var firstTime: Int64 = 0

    /// Opens the log and reads its first batch, so a bad log fails here, before the screen
    /// is taken. `now` is the monotonic clock in nanoseconds (tests pass their own).
    init(path: String, catalog: [ScenarioInfo], eventsPerTake: Int = 50_000, batchSize: Int = 4096,
         now: @escaping () -> UInt64 = Monotonic.nanos) throws(SessionLogError) {
        self.path = path
        self.now = now
        self.eventsPerTake = max(1, eventsPerTake)
        self.batchSize = batchSize
        reader = try SessionLogReader(path: path, batchSize: batchSize)
        header = reader.header
        info = ScenarioInfo(header: header, catalog: catalog)
        do {
            if let batch = try reader.nextBatch() { pending = batch } else { readerDone = true }
        } catch {
            // A corrupt line in the first batch: play the good events before it, if any.
            guard let again = LogScan.reader(path: path, skipping: 0), let first = try? again.nextBatch(),
                  !first.isEmpty else { throw error }
            reader = again
            recovering = true
            pending = first
        }
        firstTime = pending.first?.time ?? 0
        anchor = Double(firstTime)
        anchorWall = now()
        scan = LogScan(path: path)
    }

    /// Session ticks per wall nanosecond at 1×: the recorded pace (virtual logs: 1 unit/s).
    private var ticksPerNano: Double {
        (header.time == .real ? (header.speed ?? 1) : 1) * Double(Ticks.perUnit) / 1e9
    }

    var facts: ReplayFacts? {
        // Stopped by a corrupt line: the log ends, for the replay, at the last good event.
        let total = error != nil && isFinished ? lastDelivered ?? firstTime : scan.lastTime
        // A log its writer never closed is said to be cut short from the start, not only
        // once playback reaches its end.
        var warnings = reader.warnings
        if let cut = scan.cutShort, !warnings.contains(cut) { warnings.append(cut) }
        return ReplayFacts(start: firstTime, total: total, warnings: warnings.map(\.description),
                           error: error?.description,
                           cutShort: warnings.contains(where: \.isCutShort))
    }

    /// The playback position now.
    private var position: Double {
        get {
            guard playing, seekTarget == nil, !isFinished else { return anchor }
            return anchor + Double(now() &- anchorWall) * ticksPerNano * speed
        }
        set {
            anchor = newValue
            anchorWall = now()
        }
    }

    func takeEvents() -> [TaskEvent] {
        let current = position
        var out: [TaskEvent] = []
        if stepsRequested > 0, seekTarget == nil {
            while stepsRequested > 0 {
                stepsRequested -= 1
                guard let event = nextEvent(upTo: .max) else { stepsRequested = 0; break }
                out.append(event)
                position = max(current, Double(event.time))
            }
            return out
        }
        let target = seekTarget ?? Int64(saturating: current)
        while out.count < eventsPerTake, let event = nextEvent(upTo: target) { out.append(event) }
        if let seek = seekTarget, out.count < eventsPerTake {
            seekTarget = nil
            position = Double(seek)
        }
        if readerDone, pendingIndex >= pending.count, let last = lastDelivered {
            position = min(current, Double(last))
        }
        return out
    }

    /// The next event if its time is at most `limit`, reading a batch when needed.
    private func nextEvent(upTo limit: Int64) -> TaskEvent? {
        if pendingIndex >= pending.count {
            guard !readerDone else { return nil }
            pending = []
            pendingIndex = 0
            do {
                if let batch = try reader.nextBatch() { pending = batch } else { readerDone = true }
            } catch {
                // The failing batch's good events were not returned: read them again one by one.
                if !recovering, let again = LogScan.reader(path: path, skipping: reader.eventsRead) {
                    recovering = true
                    reader = again
                    return nextEvent(upTo: limit)
                }
                self.error = error
                readerDone = true
            }
            if pending.isEmpty { readerDone = true; return nil }
        }
        let event = pending[pendingIndex]
        guard event.time <= limit else { return nil }
        pendingIndex += 1
        lastDelivered = event.time
        return event
    }

    var sessionTime: Int64? {
        if seekTarget != nil { return lastDelivered ?? firstTime }
        return Int64(saturating: position)
    }

    var isFinished: Bool { readerDone && pendingIndex >= pending.count }

    func takeRewind() -> Bool {
        defer { rewound = false }
        return rewound
    }

    /// Nothing is pushed: the frame clock paces the replay (`frame`).
    func start(_ send: @escaping @Sendable (Msg) -> Void) {}

    /// What is due at this frame: a rewind, the events up to the playback position, the
    /// end, and what is known about the log, when any of it is new.
    func frame() -> [Msg] {
        var out: [Msg] = []
        if takeRewind() {
            out.append(.rewind)
            endSent = false
        }
        let events = takeEvents()
        if !events.isEmpty { out.append(.events(events)) }
        if isFinished, !endSent {
            endSent = true
            out.append(.sourceEnded)
        }
        if let facts, facts != lastFacts {
            lastFacts = facts
            out.append(.replayFacts(facts))
        }
        return out
    }

    /// While playing, seeking or stepping, or while the log's length is still being found:
    /// the scan tells no one when it is done, so a tick must come to look (a replay that
    /// ended or paused first would otherwise never show its total).
    var isMoving: Bool {
        (playing && !isFinished) || seekTarget != nil || stepsRequested > 0 || rewound || !scan.isDone
            || lastFacts != facts
    }

    func perform(_ effect: Effect) -> String? {
        switch effect {
        case let .replayPlay(on):
            position = position
            playing = on
        case let .replaySpeed(x):
            position = position
            speed = x
        case .replayStep:
            stepsRequested += 1
        case let .replaySeek(target):
            stepsRequested = 0
            if Double(target) < position || (lastDelivered ?? .min) > target {
                do {
                    let fresh = try SessionLogReader(path: path, batchSize: batchSize)
                    reader = fresh
                } catch {
                    return "cannot reopen the log: \(error.description)"
                }
                pending = []
                pendingIndex = 0
                readerDone = false
                lastDelivered = nil
                error = nil
                recovering = false
                rewound = true
            }
            position = Double(target)
            seekTarget = target
        default:
            return "a replay cannot change the recorded workload"
        }
        return nil
    }

    func stop() { scan.cancel() }
}

/// Finds the log's last event time on a thread of its own (one streaming pass), so the
/// header can show position / total without holding up the replay.
final class LogScan: Sendable {
    private let state = PosixMutex<(last: Int64?, cancelled: Bool, cutShort: SessionLogWarning?, done: Bool)>(
        (nil, false, nil, false))

    init(path: String) {
        Task.detached(priority: .utility) { [self] in
            defer { state.withLock { $0.done = true } }
            guard var reader = try? SessionLogReader(path: path) else { return }
            var last: Int64?
            var recovering = false
            while !state.withLock({ $0.cancelled }) {
                do {
                    guard let batch = try reader.nextBatch() else { break }
                    if let t = batch.last?.time { last = max(last ?? t, t) }
                } catch {
                    guard !recovering, let again = LogScan.reader(path: path, skipping: reader.eventsRead) else { break }
                    recovering = true
                    reader = again
                }
            }
            let cutShort = reader.warnings.first(where: \.isCutShort)
            state.withLock {
                guard !$0.cancelled else { return }
                $0.last = last ?? 0
                $0.cutShort = cutShort
            }
        }
    }

    /// After a reader threw: a new reader of `path` that returns one event per batch, past
    /// the `good` events the first one returned, so reading stops exactly at the bad line.
    nonisolated static func reader(path: String, skipping good: Int64) -> SessionLogReader? {
        guard let reader = try? SessionLogReader(path: path, batchSize: 1) else { return nil }
        var skipped: Int64 = 0
        while skipped < good {
            guard let batch = try? reader.nextBatch(), !batch.isEmpty else { return nil }
            skipped += Int64(batch.count)
        }
        return reader
    }

    /// The last event's time, once the pass is done.
    var lastTime: Int64? { state.withLock { $0.last } }

    /// Once the pass is done: the warning that the log has no end record, if it has none.
    var cutShort: SessionLogWarning? { state.withLock { $0.cutShort } }

    /// True once the pass has ended: the end found, the log unreadable, or cancelled.
    var isDone: Bool { state.withLock { $0.done } }

    func cancel() { state.withLock { $0.cancelled = true } }
}
