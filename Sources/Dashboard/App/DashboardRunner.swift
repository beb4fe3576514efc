#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TraceModel

/// The loop that joins everything on the main actor. Everything that can change the screen
/// arrives as one message on one stream: a source's events and facts, the terminal's keys
/// and resizes, a signal, a frame tick. The runner feeds each to `update`, performs the
/// effects, and draws at most about 30 frames a second, and only when something changed.
/// An idle dashboard (a finished run, nothing on screen moving) waits and costs nothing.
/// The workload runs on the tracing executor's own threads and never waits for any of this.
@MainActor
final class DashboardRunner {
    /// The shortest time between two frames.
    static let frameInterval: Duration = .milliseconds(33)
    /// While nothing moves but the header's rate, a status line or a recording's count.
    static let slowFrameInterval: Duration = .milliseconds(500)

    /// Everything the runner waits for.
    enum Incoming: Sendable {
        /// From the source started `generation`-th (older ones' messages are dropped).
        case source(Msg, generation: Int)
        /// From the terminal: keys or a resize to read, or a signal.
        case terminal(TerminalEvent)
        /// Time to draw, if anything changed, and to let the clock move: the tick of the
        /// `serial`-th frame timer.
        case frame(serial: Int)
    }

    private var model: Model
    private let backend: any TerminalBackend
    private var source: any EventSource
    /// The scenario run in this process, when the source is one (nil for a replay, a
    /// follow, a traced program).
    private var control: (any LiveControl)?
    /// Starts scenario runs (restart, switch); nil when the dashboard only watches.
    private let launcher: (any LiveLauncher)?
    private let catalog: [ScenarioInfo]
    private var quitRequested = false
    private(set) var stoppedBySignal: Int32?
    /// The source failed with nothing to show (`Effect.fail`): the exit status is 2.
    private(set) var failed = false
    /// One line for stderr once the terminal is restored (a recording that failed).
    private(set) var exitMessage: String?
    private let messages: AsyncStream<Incoming>
    private let inbox: AsyncStream<Incoming>.Continuation
    private var generation = 0
    private let glyphs: Glyphs
    private let summaries: [String: String]
    /// Something changed since the last frame was drawn.
    private var dirty = true
    private var lastDraw: ContinuousClock.Instant?
    /// The frame asked for, when it is due, and its timer's number.
    private var frameTimer: (task: Task<Void, Never>, due: ContinuousClock.Instant, serial: Int)?
    private var timersStarted = 0

    /// A scenario run in this process, started by `launcher`.
    init(backend: any TerminalBackend, control: any LiveControl, launcher: any LiveLauncher,
         warningThresholds: WarningThresholds) {
        self.backend = backend
        self.launcher = launcher
        self.control = control
        catalog = launcher.catalog
        (messages, inbox) = AsyncStream.makeStream(of: Incoming.self)
        glyphs = backend.capabilities.unicode ? Glyphs.unicode : Glyphs.ascii
        summaries = Dictionary(catalog.map { ($0.name, $0.summary) }, uniquingKeysWith: { a, _ in a })
        let size = backend.size
        source = LiveSource(control)
        model = Model(scenario: source.info, catalog: catalog.map(\.name), width: size.width, height: size.height)
        model.warningThresholds = warningThresholds
    }

    /// A replay (or follow) of a session log, or a traced program's stream: `source` streams
    /// it, `replay` is the controls' state.
    init(backend: any TerminalBackend, source: any EventSource, replay: ReplayState?, warningThresholds: WarningThresholds) {
        self.backend = backend
        launcher = nil
        catalog = []
        self.source = source
        (messages, inbox) = AsyncStream.makeStream(of: Incoming.self)
        glyphs = backend.capabilities.unicode ? Glyphs.unicode : Glyphs.ascii
        summaries = [:]
        let size = backend.size
        model = Model(scenario: source.info, catalog: [], width: size.width, height: size.height)
        model.warningThresholds = warningThresholds
        model.replay = replay
    }

    /// Runs until `q`, a signal, or the stream's end; then stops the source.
    func run() async {
        let inbox = self.inbox
        backend.watch { inbox.yield(.terminal($0)) }
        startSource()
        changed()
        for await incoming in messages {
            handle(incoming)
            if quitRequested || stoppedBySignal != nil { break }
        }
        frameTimer?.task.cancel()
        inbox.finish()
        if let control {
            await control.stopAndFinishRecording()
            if let error = control.recording?.error { exitMessage = "interleave: recording failed: \(error)" }
        } else {
            source.stop()
        }
    }

    /// Handles one message; `run` does this for each in turn.
    func handle(_ incoming: Incoming) {
        switch incoming {
        case let .source(msg, generation):
            guard generation == self.generation else { return }
            send(msg)
            if case let .events(events) = msg { source.took(events.count) }
            changed()
        case .terminal(.signal(let sig)):
            stoppedBySignal = sig
        case .terminal(.input):
            readInput()
        case let .frame(serial):
            // A timer replaced by an earlier one may have fired already: its tick is stale.
            // Taken, it would forget the pending timer, which would then start a second
            // chain of ticks beside the one `frame()` asks for.
            guard serial == frameTimer?.serial else { return }
            frameTimer = nil
            frame()
        }
    }

    private func startSource() {
        generation += 1
        let generation = self.generation, inbox = self.inbox
        source.start { inbox.yield(.source($0, generation: generation)) }
    }

    private func readInput() {
        let input = backend.readInput()
        if input.resized {
            let size = backend.size
            send(.resize(width: size.width, height: size.height))
            backend.invalidate()
            changed()
        }
        for key in input.keys where !quitRequested {
            if key == .control("c"), let answer = source.interrupt() {
                send(.status(answer))
            } else {
                send(.key(key))
            }
            changed()
        }
    }

    /// Something on screen changed: draw it within a frame.
    private func changed() {
        dirty = true
        let due = lastDraw.map { $0 + DashboardRunner.frameInterval } ?? .now
        scheduleFrame(at: due)
    }

    /// A frame tick: what a replay has due, the clock, and a draw if anything changed. Asks
    /// for the next tick only while something on screen moves by itself.
    private func frame() {
        for msg in source.frame() {
            send(msg)
            dirty = true
        }
        if let status = control?.recording, status != model.recording {
            send(.recording(status))
            dirty = true
        }
        let before = (model.clock, model.status, model.rate)
        send(.tick(wall: Monotonic.nanos(), sessionTime: source.sessionTime))
        if before != (model.clock, model.status, model.rate) { dirty = true }
        if dirty { draw() }
        let now = ContinuousClock.now
        if source.isMoving {
            scheduleFrame(at: now + DashboardRunner.frameInterval)
        } else if model.status != nil || model.rate.perSecond >= 0.5 || control?.recording?.active == true {
            scheduleFrame(at: now + DashboardRunner.slowFrameInterval)
        }
    }

    /// Whether a frame tick is asked for (none while nothing on screen moves).
    var isFrameScheduled: Bool { frameTimer != nil }

    /// Asks for a frame tick at `due`, unless one is asked for by then already.
    private func scheduleFrame(at due: ContinuousClock.Instant) {
        if let timer = frameTimer {
            guard due < timer.due else { return }
            timer.task.cancel()
        }
        timersStarted += 1
        let inbox = self.inbox, serial = timersStarted
        let task = Task {
            try? await Task.sleep(until: due, clock: .continuous)
            if !Task.isCancelled { inbox.yield(.frame(serial: serial)) }
        }
        frameTimer = (task, due, serial)
    }

    private func draw() {
        var buffer = ScreenBuffer(width: model.screenWidth, height: model.screenHeight)
        DashboardView(model: model, glyphs: glyphs, summaries: summaries).render(into: &buffer)
        backend.draw(buffer)
        lastDraw = .now
        dirty = false
    }

    private func send(_ msg: Msg) {
        for effect in model.update(msg) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            quitRequested = true
        case let .fail(line):
            exitMessage = "interleave: " + line
            failed = true
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
        startSource()
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
