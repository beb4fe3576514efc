import Synchronization
import TaskTrace
import Workloads

/// How the CLI asks for a replay: which log, and whether to follow it as it grows.
public struct ReplayOptions: Sendable {
    public var path: String
    /// Tail the log like `tail -f`: new events appear as they are written.
    public var follow: Bool

    public init(path: String, follow: Bool = false) {
        self.path = path
        self.follow = follow
    }
}

extension ScenarioInfo {
    /// What the dashboard shows about a recorded session: the catalogue's entry for its
    /// scenario when there is one, else what the log's header says.
    init(header: SessionHeader, catalog: [Scenario]) {
        let timeLabel = header.timeMode.label
        if let scenario = catalog.first(where: { $0.name == header.scenario }) {
            self.init(scenario, time: header.timeMode, seed: header.seed ?? 0)
            self.timeLabel = timeLabel
        } else {
            let knobs = header.knobs.keys.sorted().map { name in
                KnobSpec(name, "recorded knob", range: Int.min...Int.max, default: header.knobs[name] ?? 0)
            }
            self.init(name: header.scenario, summary: "recorded session", isLive: false, knobs: knobs,
                      timeLabel: timeLabel, seed: header.seed ?? 0)
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

    private var reader: SessionLogReader
    private let now: () -> UInt64
    /// Events read but not yet handed out, from `pendingIndex` on.
    private var pending: [TaskEvent] = []
    private var pendingIndex = 0
    private var readerDone = false
    private var lastDelivered: Int64?
    /// Playback position, session ticks (fractional while playing).
    private var position: Double
    private var lastWall: UInt64
    private var playing = true
    private var speed: Double = 1
    /// Where a seek is heading while the events before it are read.
    private var seekTarget: Int64?
    private var stepsRequested = 0
    private var rewound = false
    private var error: SessionLogError?
    private let scan: LogScan
    private(set) var firstTime: Int64 = 0

    /// Opens the log and reads its first batch, so a bad log fails here, before the screen
    /// is taken. `now` is the monotonic clock in nanoseconds (tests pass their own).
    init(path: String, catalog: [Scenario], eventsPerTake: Int = 50_000,
         now: @escaping () -> UInt64 = DashboardRunner.monotonicNanos) throws(SessionLogError) {
        self.path = path
        self.now = now
        self.eventsPerTake = max(1, eventsPerTake)
        reader = try SessionLogReader(path: path)
        header = reader.header
        info = ScenarioInfo(header: header, catalog: catalog)
        if let batch = try reader.nextBatch() {
            pending = batch
        } else {
            readerDone = true
        }
        firstTime = pending.first?.time ?? 0
        position = Double(firstTime)
        lastWall = now()
        scan = LogScan(path: path)
    }

    /// Session ticks per wall nanosecond at 1×: the recorded pace (virtual logs: 1 unit/s).
    private var ticksPerNano: Double {
        (header.time == .real ? (header.speed ?? 1) : 1) * Double(Ticks.perUnit) / 1e9
    }

    var facts: ReplayFacts? {
        ReplayFacts(start: firstTime, total: scan.lastTime, warnings: reader.warnings.map(\.description),
                    error: error?.description)
    }

    func takeEvents() -> [TaskEvent] {
        let wall = now()
        if playing, seekTarget == nil, !isFinished {
            position += Double(wall &- lastWall) * ticksPerNano * speed
        }
        lastWall = wall
        var out: [TaskEvent] = []
        if stepsRequested > 0, seekTarget == nil {
            while stepsRequested > 0 {
                stepsRequested -= 1
                guard let event = nextEvent(upTo: .max) else { stepsRequested = 0; break }
                out.append(event)
                position = max(position, Double(event.time))
            }
            return out
        }
        let target = seekTarget ?? Int64(position)
        while out.count < eventsPerTake, let event = nextEvent(upTo: target) { out.append(event) }
        if let seek = seekTarget, out.count < eventsPerTake {
            seekTarget = nil
            position = Double(seek)
        }
        if readerDone, pendingIndex >= pending.count, let last = lastDelivered {
            position = min(position, Double(last))
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
        return Int64(position)
    }

    var isFinished: Bool { readerDone && pendingIndex >= pending.count }

    func takeRewind() -> Bool {
        defer { rewound = false }
        return rewound
    }

    func perform(_ effect: Effect) -> String? {
        switch effect {
        case let .replayPlay(on):
            playing = on
            lastWall = now()
        case let .replaySpeed(x):
            speed = x
        case .replayStep:
            stepsRequested += 1
        case let .replaySeek(target):
            stepsRequested = 0
            if Double(target) < position || (lastDelivered ?? .min) > target {
                do {
                    let fresh = try SessionLogReader(path: path)
                    reader = fresh
                } catch {
                    return "cannot reopen the log: \(error.description)"
                }
                pending = []
                pendingIndex = 0
                readerDone = false
                lastDelivered = nil
                error = nil
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
    private let state = Mutex<(last: Int64?, cancelled: Bool)>((nil, false))

    init(path: String) {
        Task.detached(priority: .utility) { [self] in
            guard let reader = try? SessionLogReader(path: path) else { return }
            var last: Int64?
            while !state.withLock({ $0.cancelled }), let batch = try? reader.nextBatch() {
                if let t = batch.last?.time { last = max(last ?? t, t) }
            }
            if !state.withLock({ $0.cancelled }) { state.withLock { $0.last = last ?? 0 } }
        }
    }

    /// The last event's time, once the pass is done.
    var lastTime: Int64? { state.withLock { $0.last } }

    func cancel() { state.withLock { $0.cancelled = true } }
}
