#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TaskTrace
import Workloads

/// The loop that joins everything on the main actor: it drains events, reads keys,
/// notices resizes and signals, feeds them all to `update`, performs the effects, and
/// draws at most about 30 frames a second. The workload runs on the tracing executor's
/// own threads and never waits for any of this.
@MainActor
final class DashboardRunner {
    static let frameInterval: UInt64 = 33_000_000
    static let pollInterval: Duration = .milliseconds(8)

    private var model: Model
    private let backend: NcursesBackend
    private var source: any EventSource
    private let scenarios: [Scenario]
    private var options: DashboardOptions
    private var quitRequested = false
    private(set) var stoppedBySignal: Int32?

    init(backend: NcursesBackend, scenario: Scenario, scenarios: [Scenario], options: DashboardOptions) {
        self.backend = backend
        self.scenarios = scenarios
        self.options = options
        let size = backend.size
        source = LiveSource(scenario: scenario, options: options)
        model = Model(scenario: source.info, catalog: scenarios.map(\.name), width: size.width, height: size.height)
    }

    func run() async {
        let glyphs = backend.capabilities.unicode ? Glyphs.unicode : Glyphs.ascii
        let summaries = Dictionary(scenarios.map { ($0.name, $0.summary) }, uniquingKeysWith: { a, _ in a })
        var lastDraw: UInt64 = 0
        var dirty = true
        defer { source.stop() }
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
                send(.key(key))
                dirty = true
            }
            if quitRequested { break }
            let events = source.takeEvents()
            if !events.isEmpty {
                send(.events(events))
                dirty = true
            }
            if source.isFinished, !model.sourceEnded {
                send(.sourceEnded)
                dirty = true
            }
            let now = DashboardRunner.monotonicNanos()
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
            try? await Task.sleep(for: DashboardRunner.pollInterval)
        }
    }

    private func send(_ msg: Msg) {
        for effect in model.update(msg) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            quitRequested = true
        case .nudgeKnob, .nudgeThreads:
            if let answer = source.perform(effect) { send(.status(answer)) }
        case .restart:
            guard let scenario = scenarios.first(where: { $0.name == source.info.name }) ?? currentScenario else { return }
            replaceSource(with: scenario)
        case let .switchScenario(name):
            guard let scenario = scenarios.first(where: { $0.name == name }) else {
                send(.status("no scenario named \(name)"))
                return
            }
            replaceSource(with: scenario)
        case .toggleRecording:
            send(.status("recording arrives with the session log; run with --record for now"))
        }
    }

    /// The scenario the dashboard was started with, when it is not in the catalogue.
    var currentScenario: Scenario?

    private func replaceSource(with scenario: Scenario) {
        source.stop()
        options.scenarioName = scenario.name
        source = LiveSource(scenario: scenario, options: options)
        currentScenario = scenario
        send(.reset(source.info))
        send(.status("started \(scenario.name)"))
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
