import Dashboard
import TaskTrace
import Workloads

/// A scenario running now on its own traced session, as the dashboard drives it: the
/// dashboard's `LiveControl` for `interleave run`. Key effects turn its knobs and its
/// executor's thread count; `R` records it.
@MainActor
final class ScenarioControl: LiveControl {
    let info: ScenarioInfo
    let events: AsyncStream<[TaskEvent]>
    private let run: ScenarioRun
    private let options: LiveRunOptions
    private var stopped = false
    /// The recording of this run, if one was started (it ends with the run at the latest).
    private(set) var recorder: Recorder?
    /// In virtual time, the scenario waits for the draw loop to take its events.
    private let reader: EventPacer.Reader?

    /// With `recordPath`, recording starts before the workload does, so the log has every event.
    init(scenario: Scenario, options: LiveRunOptions, recordPath: String? = nil) {
        self.options = options
        info = ScenarioInfo(scenario, time: options.time, seed: options.seed)
        run = ScenarioRun(scenario: scenario, threads: options.threads, time: options.time,
                          seed: options.seed, knobs: options.knobs)
        events = run.session.bus.subscribe(buffering: .unbounded)
        reader = run.pacer?.addReader()
        if options.time == .virtual { run.session.executor.paceVirtualTime(unitsPerSecond: options.virtualPace) }
        if let recordPath { recorder = Recorder(path: recordPath, run: run, time: options.time) }
        run.start()
        let run = self.run
        Task.detached {
            // A finite scenario ends by itself: close the session so its stream ends too.
            _ = await run.waitUntilFinished()
            run.finish()
        }
    }

    func took(_ count: Int) { reader?.took(count) }

    var now: Int64 { run.session.clock.now() }

    func nudge(_ knob: KnobSpec, by steps: Int) -> String? {
        switch knob.reads {
        case .knobEvents:
            if run.knobs.nudge(knob.name, by: steps) == nil { return "no knob named \(knob.name)" }
        case .threadCount:
            let current = run.session.executor.threadCount
            let next = knob.clamp(current + steps * knob.step)
            if next == current { return "threads stay at \(current) (\(knob.range.lowerBound)…\(knob.range.upperBound))" }
            run.setThreads(next)
        }
        return nil
    }

    func freeze(_ frozen: Bool) {
        if frozen { run.session.executor.freeze() } else { run.session.executor.thaw() }
    }

    func step() { run.session.executor.step() }

    func startRecording(preamble: [TaskEvent]) -> RecordingStatus {
        recorder?.stop()
        // A file recorded earlier in this session (or a minute ago) is never overwritten.
        let path = Recorder.unusedPath(options.recordPath ?? Recorder.defaultPath(scenario: info.name))
        let recorder = Recorder(path: path, run: run, time: options.time, preamble: preamble)
        self.recorder = recorder
        return recorder.status
    }

    func stopRecording() -> RecordingStatus? {
        guard let recorder, !recorder.closed else { return nil }
        recorder.stop()
        return recorder.status
    }

    var recording: RecordingStatus? { recorder?.status }

    /// Stops the workload and closes the bus, then lets the recording write what is still
    /// on its way and close its file.
    func stopAndFinishRecording() async {
        stop()
        await recorder?.finish()
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        // A frozen world would never wind down: its cancelled tasks must run to end.
        run.session.executor.thaw()
        run.stop()
        run.finish()
    }
}

/// Starts the catalogue's scenarios for the dashboard; with `--record`, the first run is
/// recorded from its launch.
@MainActor
final class ScenarioLauncher: LiveLauncher {
    private let scenarios: [Scenario]
    private var options: LiveRunOptions
    private var recordFirst: Bool

    init(scenarios: [Scenario] = Catalog.all, options: LiveRunOptions) {
        self.scenarios = scenarios
        self.options = options
        recordFirst = options.recordPath != nil
    }

    var catalog: [ScenarioInfo] { scenarios.map { ScenarioInfo($0, time: options.time, seed: options.seed) } }

    func start(_ name: String) -> (any LiveControl)? {
        guard let scenario = scenarios.first(where: { $0.name == name }) else { return nil }
        options.scenarioName = name
        defer { recordFirst = false }
        return ScenarioControl(scenario: scenario, options: options, recordPath: recordFirst ? options.recordPath : nil)
    }
}

extension ScenarioInfo {
    /// The catalogue as the dashboard describes it: a replayed log of one of these scenarios
    /// shows its summary and knobs.
    static var catalog: [ScenarioInfo] { Catalog.all.map { ScenarioInfo($0, time: .virtual, seed: 0) } }

    /// What the dashboard shows about a scenario run in this process.
    init(_ scenario: Scenario, time: TimeMode, seed: UInt64) {
        self.init(name: scenario.name, summary: scenario.summary, isLive: scenario.isLive,
                  knobs: scenario.knobs, time: time, seed: seed, canFreezeWorld: true,
                  threads: .threads(range: OptionValue.threadRange))
    }
}
