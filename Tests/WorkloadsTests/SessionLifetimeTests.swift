import Testing
import TaskTrace
@testable import Workloads

/// A stopped run must leave nothing behind: its executor, bus, tasks and timers are freed.
/// A stopped executor once abandoned its queued and sleeping tasks, and they kept each
/// other alive for good (27 MiB per restart of a 5,000-page crawler).
@Suite struct SessionLifetimeTests {
    /// Stopped mid-run, as a dashboard restart does, the session is freed once it winds down.
    @Test(arguments: [
        ("crawler", ["concurrency": 500, "cpu": 0]),
        ("pipeline", [:]),
        ("chains", [:]),
        ("bounded-crawl", [:]),
        ("producer-consumer", [:]),
    ] as [(String, [String: Int])])
    func aRunStoppedMidwayIsFreed(name: String, knobs: [String: Int]) async throws {
        let scenario = try Catalog.scenario(named: name)
        weak var executor: TracingExecutor?
        weak var bus: EventBus?
        do {
            let run = ScenarioRun(scenario: scenario, threads: 2, time: .virtual, seed: 1, knobs: knobs)
            executor = run.session.executor
            bus = run.session.bus
            run.start()
            // Under way: some events in (a short seed scenario may end first: that is fine).
            var looks = 0
            while run.session.bus.recordedCount < 1_000, looks < 200 {
                try await Task.sleep(for: .milliseconds(1))
                looks += 1
            }
            run.stop()
            run.finish()
            #expect(await run.session.executor.woundDown(), "the workers never left")
        }
        // The worker threads let go of the executor just after they leave.
        var looks = 0
        while executor != nil || bus != nil, looks < 10_000 {
            try await Task.sleep(for: .milliseconds(1))
            looks += 1
        }
        #expect(executor == nil, "the executor outlived its session")
        #expect(bus == nil, "the bus outlived its session")
    }

    /// Stopped at once and in real time too (the dashboard's default).
    @Test func aRealTimeRunStoppedAtOnceIsFreed() async throws {
        let scenario = try Catalog.scenario(named: "crawler")
        weak var executor: TracingExecutor?
        do {
            let run = ScenarioRun(scenario: scenario, threads: 2, time: .real(speed: 1), seed: 1,
                                  knobs: ["concurrency": 200, "cpu": 0])
            executor = run.session.executor
            run.start()
            run.stop()
            run.finish()
            #expect(await run.session.executor.woundDown(), "the workers never left")
        }
        var looks = 0
        while executor != nil, looks < 10_000 {
            try await Task.sleep(for: .milliseconds(1))
            looks += 1
        }
        #expect(executor == nil, "the executor outlived its session")
    }
}
