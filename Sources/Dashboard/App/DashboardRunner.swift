#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TaskTrace

/// The loop that joins everything on the main actor: it drains events, reads keys,
/// notices resizes and signals, feeds them all to `update`, performs the effects, and
/// draws at most about 30 frames a second. The workload runs on the tracing executor's
/// own threads and never waits for any of this.
@MainActor
final class DashboardRunner {
    static let frameInterval: UInt64 = 33_000_000
    static let pollInterval: Duration = .milliseconds(8)
    /// The poll once nothing has happened for `quietAfter` (no key, event or resize): an
    /// idle dashboard then wakes 40 times a second instead of 125, and the next key is
    /// still answered within a frame.
    static let quietPollInterval: Duration = .milliseconds(25)
    static let quietAfter: UInt64 = 250_000_000

    /// How long the loop sleeps, `idle` nanoseconds after the last key, event or resize.
    static func poll(idleFor idle: UInt64) -> Duration {
        idle >= quietAfter ? quietPollInterval : pollInterval
    }

    private var model: Model
    private let backend: NcursesBackend
    private var source: any EventSource
    /// The scenario run in this process, when the source is one (nil for a replay, a
    /// follow, a traced program).
    private var control: (any LiveControl)?
    /// Starts scenario runs (restart, switch); nil when the dashboard only watches.
    private let launcher: (any LiveLauncher)?
    private let catalog: [ScenarioInfo]
    private var quitRequested = false
    private(set) var stoppedBySignal: Int32?
    /// One line for stderr once the terminal is restored (a recording that failed).
    private(set) var exitMessage: String?
    private var lastFacts: ReplayFacts?

    /// A scenario run in this process, started by `launcher`.
    init(backend: NcursesBackend, control: any LiveControl, launcher: any LiveLauncher,
         warningThresholds: WarningThresholds) {
        self.backend = backend
        self.launcher = launcher
        self.control = control
        catalog = launcher.catalog
        let size = backend.size
        source = LiveSource(control)
        model = Model(scenario: source.info, catalog: catalog.map(\.name), width: size.width, height: size.height)
        model.warningThresholds = warningThresholds
    }

    /// A replay (or follow) of a session log, or a traced program's stream: `source` streams
    /// it, `replay` is the controls' state.
    init(backend: NcursesBackend, source: any EventSource, replay: ReplayState?, warningThresholds: WarningThresholds) {
        self.backend = backend
        launcher = nil
        catalog = []
        self.source = source
        let size = backend.size
        model = Model(scenario: source.info, catalog: [], width: size.width, height: size.height)
        model.warningThresholds = warningThresholds
        model.replay = replay
    }

    func run() async {
        let glyphs = backend.capabilities.unicode ? Glyphs.unicode : Glyphs.ascii
        let summaries = Dictionary(catalog.map { ($0.name, $0.summary) }, uniquingKeysWith: { a, _ in a })
        var lastDraw: UInt64 = 0
        var lastActivity: UInt64 = 0
        var dirty = true
        while !quitRequested {
            if let sig = TerminalSignals.take() {
                stoppedBySignal = sig
                break
            }
            let input = backend.readInput()
            if input.resized {
                let size = backend.size
                send(.resize(width: size.width, height: size.height))
                backend.invalidate()
                dirty = true
            }
            for key in input.keys where !quitRequested {
                if key == .control("c"), let answer = source.interrupt() {
                    send(.status(answer))
                    dirty = true
                    continue
                }
                send(.key(key))
                dirty = true
            }
            if quitRequested { break }
            if source.info != model.scenario {
                send(.reset(source.info))
                dirty = true
            }
            if source.takeRewind() {
                send(.rewind)
                dirty = true
            }
            let events = source.takeEvents()
            if !events.isEmpty {
                send(.events(events))
                dirty = true
            }
            if source.isFinished, !model.sourceEnded {
                send(.sourceEnded)
                dirty = true
            }
            if let facts = source.facts, facts != lastFacts {
                lastFacts = facts
                send(.replayFacts(facts))
                dirty = true
            }
            if let status = control?.recording {
                if status != model.recording {
                    send(.recording(status))
                    dirty = true
                }
            }
            let now = SessionClock.monotonicNanos()
            if dirty { lastActivity = now }
            let clockBefore = model.clock
            send(.tick(wall: now, sessionTime: source.sessionTime))
            if model.clock != clockBefore { dirty = true }
            if (dirty && now &- lastDraw >= DashboardRunner.frameInterval) || now &- lastDraw >= 500_000_000 {
                var buffer = ScreenBuffer(width: model.screenWidth, height: model.screenHeight)
                DashboardView(model: model, glyphs: glyphs, summaries: summaries).render(into: &buffer)
                backend.draw(buffer)
                lastDraw = now
                dirty = false
            }
            try? await Task.sleep(for: DashboardRunner.poll(idleFor: now &- lastActivity))
        }
        if let control {
            await control.stopAndFinishRecording()
            if let error = control.recording?.error { exitMessage = "interleave: recording failed: \(error)" }
        } else {
            source.stop()
        }
    }

    private func send(_ msg: Msg) {
        for effect in model.update(msg) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            quitRequested = true
        case .nudgeKnob, .replayPlay, .replaySpeed, .replayStep, .replaySeek, .freezeWorld, .stepWorld:
            if let answer = source.perform(effect) { send(.status(answer)) }
        case .restart:
            replaceSource(with: source.info.name)
        case let .switchScenario(name):
            replaceSource(with: name)
        case .toggleRecording:
            toggleRecording()
        }
    }

    private func replaceSource(with name: String) {
        guard let launcher else { return }
        guard catalog.contains(where: { $0.name == name }) else {
            send(.status("no scenario named \(name)"))
            return
        }
        let stoppedRecording = stopRecording()
        if let error = control?.recording?.error { exitMessage = "interleave: recording failed: \(error)" }
        send(.recording(nil))
        source.stop()
        guard let next = launcher.start(name) else { return }
        control = next
        source = LiveSource(next)
        send(.reset(source.info))
        send(.status("started \(name)" + (stoppedRecording.map { "; \($0)" } ?? "")))
    }

    private func toggleRecording() {
        guard let control else {
            send(.status("a replay is not recorded"))
            return
        }
        if let line = stopRecording() {
            send(.status(line))
            return
        }
        let status = control.startRecording(preamble: model.recordingPreamble())
        send(.recording(status))
        if let error = status.error {
            exitMessage = "interleave: recording failed: \(error)"
            send(.status("recording failed: \(error)"))
        } else {
            send(.status("recording to \(status.file)"))
        }
    }

    /// Stops an active recording; returns the line that says so, nil when none was active.
    private func stopRecording() -> String? {
        guard let status = control?.stopRecording() else { return nil }
        send(.recording(nil))
        if let error = status.error {
            exitMessage = "interleave: recording failed: \(error)"
            return "recording stopped: \(error)"
        }
        return "recording stopped: \(status.file) (\(status.eventsWritten) events)"
    }
}
