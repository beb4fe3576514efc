import TaskTrace
import Workloads

/// A scenario running now on its own traced session. Its events flow bus → inbox; key
/// effects turn its knobs and its executor's thread count.
@MainActor
final class LiveSource: EventSource {
    let info: ScenarioInfo
    private let run: ScenarioRun
    private let inbox = EventInbox()
    private var stopped = false
    private let time: TimeMode
    /// The recording of this run, if one was started (it ends with the run at the latest).
    private(set) var recorder: Recorder?
    /// In virtual time, the scenario waits for the draw loop to take its events.
    private let reader: EventPacer.Reader?

    /// With `recordPath`, recording starts before the workload does, so the log has every event.
    init(scenario: Scenario, options: DashboardOptions, recordPath: String? = nil) {
        time = options.time
        info = ScenarioInfo(scenario, time: options.time, seed: options.seed)
        run = ScenarioRun(scenario: scenario, threads: options.threads, time: options.time,
                          seed: options.seed, knobs: options.knobs)
        let stream = run.session.bus.subscribe(buffering: .unbounded)
        reader = run.pacer?.addReader()
        if options.time == .virtual { run.session.executor.paceVirtualTime(unitsPerSecond: options.virtualPace) }
        let inbox = self.inbox
        Task.detached {
            for await batch in stream { inbox.append(batch) }
            inbox.finish()
        }
        if let recordPath { recorder = Recorder(path: recordPath, run: run, time: options.time) }
        run.start()
        let run = self.run
        Task.detached {
            // A finite scenario ends by itself: close the session so its stream ends too.
            _ = await run.waitUntilFinished()
            run.finish()
        }
    }

    func takeEvents() -> [TaskEvent] {
        let events = inbox.take()
        reader?.took(events.count)
        return events
    }

    var sessionTime: Int64? { inbox.isFinished ? nil : run.session.clock.now() }

    var isFinished: Bool { inbox.isFinished }

    func perform(_ effect: Effect) -> String? {
        guard !isFinished else { return "the scenario has ended: r restarts it" }
        switch effect {
        case let .nudgeKnob(name, steps):
            if run.knobs.nudge(name, by: steps) == nil { return "no knob named \(name)" }
        case let .freezeWorld(frozen):
            if frozen { run.session.executor.freeze() } else { run.session.executor.thaw() }
        case .stepWorld:
            run.session.executor.step()
        case let .nudgeThreads(steps):
            let current = run.session.executor.threadCount
            let next = max(1, min(64, current + steps))
            if next == current { return "threads stay at \(current) (1…64)" }
            run.setThreads(next)
        default:
            break
        }
        return nil
    }

    /// Starts recording from now on (a file that cannot be created shows as the status's error).
    func startRecording(to path: String, preamble: [TaskEvent]) {
        recorder?.stop()
        recorder = Recorder(path: path, run: run, time: time, preamble: preamble)
    }

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
