import TaskTrace

/// One run of a scenario on its own traced session: the object a front end (headless or
/// dashboard) drives. Subscribe to `session.bus` before `start` to see every event.
public final class ScenarioRun: Sendable {
    public let scenario: Scenario
    public let session: TraceSession
    public let knobs: KnobBoard
    public let seed: UInt64
    /// Virtual time only: holds time while the readers that joined it lag (see `EventPacer`).
    /// A reader that should pace the run adds itself when it subscribes.
    public let pacer: EventPacer?
    private let root = PosixMutex<TracedTask<Void>?>(nil)

    /// - Parameter recording: false runs the scenario untraced (no events), to measure
    ///   what tracing costs.
    public init(scenario: Scenario, threads: Int, time: TimeMode, seed: UInt64, knobs overrides: [String: Int] = [:],
                recording: Bool = true) {
        self.scenario = scenario
        self.seed = seed
        session = TraceSession(threads: threads, time: time, recording: recording)
        knobs = KnobBoard(specs: scenario.knobs, overrides: overrides, bus: session.bus)
        pacer = time == .virtual && recording ? EventPacer(bus: session.bus) : nil
        session.executor.paceVirtualTime(with: pacer)
    }

    /// Starts the scenario's root task. With `duration`, the root is cancelled when scenario
    /// time reaches it (how a live scenario ends headless).
    public func start(duration: Int64? = nil) {
        knobs.recordInitialValues()
        let context = ScenarioContext(knobs: knobs, random: SeededRandom(seed: seed), bus: session.bus)
        let body = scenario.body
        if let duration {
            session.executor.limitVirtualTime(to: duration)
            // Armed before the root exists: in virtual time the run could otherwise race
            // past the deadline before the timer is registered.
            session.at(duration) { [weak self] in self?.stop() }
        }
        root.withLock { root in
            // Spawned under the lock so the duration timer cannot miss it.
            root = session.start("main") { try await body(context) }
        }
    }

    /// Waits for the root task to end; returns how it ended.
    @discardableResult
    public func waitUntilFinished() async -> Result<Void, any Error> {
        guard let task = root.withLock({ $0 }) else { return .success(()) }
        return await task.task.result
    }

    /// Cancels the root task: a live scenario's tasks wind down and end cancelled.
    public func stop() {
        root.withLock { $0 }?.cancel()
    }

    public func setThreads(_ count: Int) { session.executor.setThreadCount(count) }

    /// Stops the executor and closes the event stream. Call once, after the run ends.
    public func finish() {
        pacer?.stop()
        session.finish()
    }
}
