import Foundation
import Testing
import TaskTrace
@testable import Dashboard
@testable import interleave

/// A scenario run as the runner sees it: events the test feeds, and a record of what the
/// keys asked of it.
@MainActor
final class FakeControl: LiveControl {
    let info: ScenarioInfo
    let events: AsyncStream<[TaskEvent]>
    private let feed: AsyncStream<[TaskEvent]>.Continuation
    private(set) var nudges: [String] = []
    private(set) var frozen: [Bool] = []
    private(set) var steps = 0
    private(set) var taken = 0
    private(set) var stopped = false
    private(set) var recording: RecordingStatus?
    /// The frame ticks the runner took while the run was live: it reads the run's clock
    /// once a tick.
    private(set) var ticks = 0

    var now: Int64 {
        ticks += 1
        return 0
    }

    init(info: ScenarioInfo = Fixture.info) {
        self.info = info
        (events, feed) = AsyncStream.makeStream(of: [TaskEvent].self)
    }

    /// The run records `events`.
    func send(_ events: [TaskEvent]) { feed.yield(events) }

    /// The run ends: its stream closes.
    func end() { feed.finish() }

    func took(_ count: Int) { taken += count }

    func nudge(_ knob: KnobSpec, by steps: Int) -> String? {
        nudges.append("\(knob.name) \(steps > 0 ? "+" : "")\(steps)")
        return nil
    }

    func freeze(_ frozen: Bool) { self.frozen.append(frozen) }
    func step() { steps += 1 }

    func startRecording(preamble: [TaskEvent]) -> RecordingStatus {
        let status = RecordingStatus(file: "run.jsonl", eventsWritten: Int64(preamble.count), error: nil, active: true)
        recording = status
        return status
    }

    func stopRecording() -> RecordingStatus? {
        guard let status = recording, status.active else { return nil }
        recording = RecordingStatus(file: status.file, eventsWritten: status.eventsWritten, error: nil, active: false)
        return recording
    }

    func stop() {
        stopped = true
        feed.finish()
    }

    func stopAndFinishRecording() async { stop() }
}

/// Starts fresh `FakeControl`s and remembers them.
@MainActor
final class FakeLauncher: LiveLauncher {
    let catalog = [Fixture.info]
    private(set) var started: [FakeControl] = []

    func start(_ name: String) -> (any LiveControl)? {
        guard name == Fixture.info.name else { return nil }
        let control = FakeControl()
        started.append(control)
        return control
    }
}

/// The runner driven through the test backend: key → effect → source, and the frames
/// that come out.
@Suite @MainActor struct RunnerTests {
    /// A runner on a fresh scenario run (the fixture's events already sent), and the task
    /// running its loop.
    private func start(width: Int = 100, height: Int = 30, color: Bool = true)
        -> (TestBackend, DashboardRunner, FakeLauncher, Task<Void, Never>) {
        let backend = TestBackend(width: width, height: height, color: color)
        let launcher = FakeLauncher()
        let control = launcher.start(Fixture.info.name)!
        let runner = DashboardRunner(backend: backend, control: control, launcher: launcher,
                                     warningThresholds: WarningThresholds())
        (control as! FakeControl).send(Fixture.events)
        let loop = Task { await runner.run() }
        return (backend, runner, launcher, loop)
    }

    @Test func qQuitsAndStopsTheRun() async {
        let (backend, runner, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type("q")
        await backend.end(of: loop)
        #expect(runner.stoppedBySignal == nil)
        #expect(launcher.started[0].stopped)
        #expect(launcher.started[0].taken == Fixture.events.count, "every event handled is reported taken")
    }

    @Test func aSignalEndsTheRunWithItsNumber() async {
        let (backend, runner, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.signal(SIGTERM)
        await backend.end(of: loop)
        #expect(runner.stoppedBySignal == SIGTERM)
        #expect(launcher.started[0].stopped)
    }

    @Test func plusAndMinusReachTheLiveControlForTheSelectedKnob() async {
        let (backend, _, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type("+")
        backend.press(.tab)
        backend.type("+-")
        await backend.frame { $0.text.contains("consumer tasks 0…8") }
        backend.type("q")
        await backend.end(of: loop)
        #expect(launcher.started[0].nudges == ["threads +1", "consumers +1", "consumers -1"])
    }

    @Test func spaceFreezesTheWorldAndDotStepsIt() async {
        let (backend, _, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type(" ")
        await backend.frame(showing: "PAUSED")
        backend.type(".")
        backend.type(" ")
        await backend.frame(showing: "following")
        backend.type("q")
        await backend.end(of: loop)
        #expect(launcher.started[0].frozen == [true, false])
        #expect(launcher.started[0].steps == 1)
    }

    @Test func restartStartsAFreshRunAndStopsTheOld() async {
        let (backend, _, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type("r")
        await backend.frame(showing: "started crawl-tasks")
        #expect(launcher.started.count == 2)
        #expect(launcher.started[0].stopped)
        #expect(!backend.screen.contains("url_4"), "the old run's lanes are gone")
        launcher.started[1].send(Fixture.events)
        await backend.frame(showing: "url_4")
        backend.type("q")
        await backend.end(of: loop)
        #expect(launcher.started[1].stopped)
    }

    @Test func recordingTogglesThroughTheControl() async {
        let (backend, _, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type("R")
        await backend.frame(showing: "recording to run.jsonl")
        #expect(launcher.started[0].recording?.active == true)
        backend.type("R")
        await backend.frame(showing: "recording stopped: run.jsonl")
        #expect(launcher.started[0].recording?.active == false)
        backend.type("q")
        await backend.end(of: loop)
    }

    @Test func aResizeRedrawsAtTheNewSizeAndATinyWindowSaysSo() async {
        let (backend, _, _, loop) = start()
        await backend.frame(showing: "url_4")
        backend.resize(width: 60, height: 20)
        await backend.frame { $0.width == 60 && $0.height == 20 && $0.text.contains("url_4") }
        backend.resize(width: 20, height: 6)
        await backend.frame { $0.width == 20 && $0.text.contains("too small") }
        backend.resize(width: 100, height: 30)
        await backend.frame { $0.width == 100 && $0.text.contains("url_4") }
        backend.type("q")
        await backend.end(of: loop)
    }

    @Test func theTreeAndWarningsPanesOpenAndClose() async {
        let (backend, _, _, loop) = start()
        await backend.frame(showing: "url_4")
        backend.type("T")
        let tree = await backend.frame(showing: "task tree (Enter")
        backend.press(.escape)
        await backend.frame { !$0.text.contains("task tree (Enter") }
        backend.type("W")
        await backend.frame(showing: "warnings: ")
        backend.press(.escape)
        await backend.frame { !$0.text.contains("warnings: ") }
        backend.type("q")
        await backend.end(of: loop)
        if let tree { expectSnapshot(text: styledText(tree, rows: 3..<12), named: "runner-tree-styled") }
    }

    @Test func stateColoursAndTheSelectedKnobCarryTheirStyles() async {
        let (backend, _, _, loop) = start()
        await backend.frame(showing: "url_4")
        backend.press(.tab)
        let frame = await backend.frame { $0.text.contains("consumer tasks 0…8") }
        backend.type("q")
        await backend.end(of: loop)
        if let frame { expectSnapshot(text: styledText(frame), named: "runner-styled-100x30") }
    }

    @Test func monochromeShowsEmphasisByAttributesOnly() async {
        let (backend, _, _, loop) = start(color: false)
        let frame = await backend.frame(showing: "url_4")
        backend.type("q")
        await backend.end(of: loop)
        if let frame { expectSnapshot(text: styledText(frame, color: false), named: "runner-monochrome-100x30") }
    }

    /// Waits, frame by frame, until the runner asks for no other frame: nothing on screen
    /// moves by itself any more. False after `seconds` in all (a finished run's event rate
    /// may take some ten seconds to fade). (A test resumes after the runner's frame is done.)
    private func settle(_ runner: DashboardRunner, _ backend: TestBackend, within seconds: Double = 30) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while runner.isFrameScheduled {
            let left = (deadline - ContinuousClock.now) / .seconds(1)
            let drawn = backend.frames.count
            guard left > 0, await backend.frame(within: left, where: { _ in backend.frames.count > drawn }) != nil else {
                return false
            }
        }
        return true
    }

    /// Changes that come in while a tick is already on its way (the main actor busy past its
    /// due time) leave one chain of ticks, about 30 a second. (A stale tick once cleared
    /// the timer still pending, and each such change added a chain.)
    @Test func ticksStayAtTheFrameRateAfterChangesRaceThem() async throws {
        let (backend, _, launcher, loop) = start()
        await backend.frame(showing: "url_4")
        for _ in 0..<20 {
            // The main actor busy past the next tick's due time; a key comes in before that
            // tick is taken.
            let busy = ContinuousClock.now + .milliseconds(50)
            while ContinuousClock.now < busy {}
            backend.type("x")
            try await Task.sleep(for: .milliseconds(10))
        }
        let control = launcher.started[0], before = control.ticks, since = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        let perSecond = Double(control.ticks - before) / ((ContinuousClock.now - since) / .seconds(1))
        #expect(perSecond < 45, "one chain of ticks at about 30 a second")
        backend.type("q")
        await backend.end(of: loop)
    }

    @Test func aFinishedRunLeavesTheRunnerWaitingWithNoFrameAsked() async {
        let (backend, runner, launcher, loop) = start()
        launcher.started[0].end()
        await backend.frame(showing: "Wall time")
        #expect(await settle(runner, backend))
        backend.type("q")
        await backend.end(of: loop)
    }

    /// A status line shows for its seconds from when it is drawn, however long the
    /// dashboard was idle before it. (Its time once counted from the last tick, seconds
    /// back on an idle screen, so the tick that would draw it cleared it first.)
    @Test func aStatusAfterALongIdleIsShown() async throws {
        let (backend, runner, launcher, loop) = start()
        launcher.started[0].end()
        await backend.frame(showing: "Wall time")
        #expect(await settle(runner, backend))
        try await Task.sleep(for: .seconds(4.5))
        backend.type(".")
        await backend.frame(showing: "the scenario has ended: r restarts it")
        backend.type("q")
        await backend.end(of: loop)
    }

    @Test func aReplayPlaysToItsEndThenWaits() async throws {
        let log = try FixtureLog()
        defer { log.remove() }
        // A hundred times the recorded pace: the fixture's 4 units in 40 ms.
        let source = try ReplaySource(path: log.path, catalog: ScenarioInfo.catalog) { SessionClock.monotonicNanos() &* 100 }
        var state = ReplayState(file: log.path)
        state.start = source.firstTime
        let backend = TestBackend()
        let runner = DashboardRunner(backend: backend, source: source, replay: state, warningThresholds: WarningThresholds())
        let loop = Task { await runner.run() }
        // The end, and the log's length from its scan, which may finish after the replay
        // has ended: the runner keeps looking until it is done.
        await backend.frame { $0.text.contains("END") && $0.text.contains("url_4") && $0.text.contains("t 4 / 4 u") }
        #expect(await settle(runner, backend))
        backend.type("q")
        await backend.end(of: loop)
    }

    @Test func aTracedProgramsStreamArrivesAndCtrlCGoesToTheProgramFirst() async {
        let backend = TestBackend()
        let (events, feed) = AsyncStream.makeStream(of: [TaskEvent].self)
        let interrupts = PosixMutex(0)
        let stopped = PosixMutex(false)
        var info = ScenarioInfo(name: "a.out", summary: "a program", isLive: false, knobs: [], time: .real(speed: 1), seed: 0)
        info.isProgram = true
        let source = StreamSource(info: info, events: events, interrupt: {
            interrupts.withLock { $0 += 1; return $0 == 1 ? "sent SIGINT to the program" : nil }
        }, stop: { stopped.withLock { $0 = true } })
        let runner = DashboardRunner(backend: backend, source: source, replay: nil, warningThresholds: WarningThresholds())
        let loop = Task { await runner.run() }
        feed.yield(Fixture.events)
        await backend.frame(showing: "url_4")
        backend.press(.control("c"))
        await backend.frame(showing: "sent SIGINT to the program")
        feed.finish()
        backend.press(.control("c"))
        await backend.end(of: loop)
        #expect(interrupts.withLock { $0 } == 2)
        #expect(stopped.withLock { $0 })
        #expect(runner.stoppedBySignal == nil)
    }

    /// `replay --follow --wait` on a log that never appears: the dashboard closes as the
    /// headless follow ends, with its one line and status 2, not an empty screen until `q`.
    @Test func aFollowedLogThatNeverAppearsClosesTheDashboardWithItsError() async {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID()).jsonl").path
        let source = FollowSource(path: path, header: nil, catalog: [], waitForFile: .milliseconds(100))
        let backend = TestBackend()
        let runner = DashboardRunner(backend: backend, source: source, replay: ReplayState(file: path, follow: true),
                                     warningThresholds: WarningThresholds())
        let loop = Task { await runner.run() }
        await backend.end(of: loop)
        #expect(runner.failed)
        #expect(runner.exitMessage?.hasSuffix("no such file (waited 0.1 s for it)") == true, "\(runner.exitMessage ?? "nil")")
    }
}
