import Testing
import TaskTrace
@testable import Workloads

/// Knobs, back-pressure, ready-wait, threads and determinism, through real scenarios.
@Suite struct RuntimeBehaviourTests {
    @Test func turningTheConsumersKnobSpawnsAndCancelsConsumers() async throws {
        let events = try await runVirtual("pipeline", duration: 20) { run in
            run.session.at(Ticks.from(units: 5)) { run.knobs.set("consumers", to: 4) }
            run.session.at(Ticks.from(units: 10)) { run.knobs.set("consumers", to: 1) }
        }
        let ledger = events.ledger
        let consumers = ledger.tasks.filter { $0.name.hasPrefix("consumer_") }
        #expect(consumers.map(\.name) == ["consumer_1", "consumer_2", "consumer_3", "consumer_4"])
        #expect(consumers[2].spawnedAt == Ticks.from(units: 5))
        #expect(consumers[3].spawnedAt == Ticks.from(units: 5))
        // Shrinking to one cancels the newest three at 10 units.
        for consumer in consumers[1...] {
            #expect(consumer.outcome == .cancelled)
            #expect(consumer.endedAt == Ticks.from(units: 10))
        }
        #expect(events.contains { $0.kind == .knob(name: "consumers", value: 4) && $0.time == Ticks.from(units: 5) })
        // consumer_1 keeps working until the run is stopped.
        #expect(ledger.record(named: "consumer_1")?.endedAt == Ticks.from(units: 20))
    }

    @Test func aFullQueueSuspendsItsProducerWithQueuePut() async throws {
        let events = try await runVirtual(
            "pipeline", knobs: ["producers": 1, "consumers": 0, "capacity": 2, "produce": 0], duration: 3)
        let producer = try #require(events.ledger.record(named: "producer_1"))
        // Two puts fit, the third waits until the run is stopped.
        #expect(producer.suspensions[.queuePut] == 1)
        #expect(events.messages == ["producer_1 put a val: \(events.messages.first!.split(separator: " ").last!)",
                                    events.messages[1]])
        #expect(events.contains { $0.kind == .counter(name: "queue", value: 2) })
        #expect(producer.outcome == .cancelled)
    }

    @Test func anEmptyQueueSuspendsConsumersWithQueueGet() async throws {
        let events = try await runVirtual("pipeline", knobs: ["producers": 0, "consumers": 2], duration: 1)
        for name in ["consumer_1", "consumer_2"] {
            #expect(events.kinds(of: name).contains(.suspend(.queueGet)))
        }
    }

    @Test func theConcurrencyLimitMovesWhileRunning() async throws {
        let events = try await runVirtual("bounded-crawl", knobs: ["urls": 30, "limit": 1]) { run in
            run.session.at(Ticks.from(units: 3)) { run.knobs.set("limit", to: 6) }
        }
        var inFlight = 0, mostBefore = 0, mostAfter = 0
        for event in events {
            guard case let .message(line) = event.kind else { continue }
            inFlight += line.hasPrefix("crawling") ? 1 : -1
            if event.time < Ticks.from(units: 3) { mostBefore = max(mostBefore, inFlight) } else { mostAfter = max(mostAfter, inFlight) }
        }
        #expect(mostBefore == 1)
        #expect(mostAfter == 6)
        let waits = events.ledger.tasks.filter { $0.suspensions[.semaphore] != nil }
        #expect(!waits.isEmpty)
    }

    @Test func tasksOutnumberingThreadsWaitReady() async throws {
        // Chains' stages each compute 0.01 units; with many chains on one thread, stages
        // that finish sleeping together must wait for the thread.
        let events = try await runVirtual("chains", knobs: ["chains": 20, "work": 1, "cpu": 10], duration: 5)
        let waits = events.compactMap { event -> Int64? in
            if case let .resume(_, wait) = event.kind { wait } else { nil }
        }
        #expect(waits.contains { $0 >= Ticks.from(units: 0.01) })
        let ledger = events.ledger
        #expect(ledger.tasks.contains { $0.readyTime > 0 })
    }

    @Test func severalThreadsShareTheWorkWhenTasksCompute() async throws {
        let events = try await runVirtual("chains", threads: 4, knobs: ["chains": 8, "work": 1], duration: 3)
        let threads = Set(events.compactMap { event -> Int? in
            switch event.kind {
            case let .start(thread, _), let .resume(thread, _): thread
            default: nil
            }
        })
        #expect(threads.count > 1)
        #expect(threads.allSatisfy { (0..<4).contains($0) })
    }

    @Test func theSameSeedGivesTheSameEvents() async throws {
        let first = try await runVirtual("pipeline", seed: 42, knobs: ["consumers": 3], duration: 15)
        let second = try await runVirtual("pipeline", seed: 42, knobs: ["consumers": 3], duration: 15)
        #expect(first == second)
        #expect(first.count > 100)
        let other = try await runVirtual("producer-consumer", seed: 43)
        let again = try await runVirtual("producer-consumer", seed: 42)
        #expect(other.messages != again.messages)
    }

    @Test func everyTaskThatRanIsTracedFromSpawnToOutcome() async throws {
        // These two leave a task unfinished on purpose (the warning they show).
        for scenario in Catalog.all where !["leaked-continuation", "forgotten-task"].contains(scenario.name) {
            let events = try await runVirtual(scenario.name, duration: scenario.isLive ? 5 : nil)
            var spawned = Set<TaskID>(), ended = Set<TaskID>()
            for event in events where event.task != 0 {
                switch event.kind {
                case .spawn: spawned.insert(event.task)
                case .complete, .cancel, .fail: ended.insert(event.task)
                default: #expect(spawned.contains(event.task), "\(scenario.name): event before spawn")
                }
            }
            #expect(!spawned.isEmpty)
            #expect(ended == spawned, "\(scenario.name): every task ends with an outcome")
            #expect(events.ledger.tasks.allSatisfy { !$0.name.hasPrefix("task-") }, "\(scenario.name): unnamed task")
        }
    }

    @Test func badSettingsAreRejectedWithAClearLine() throws {
        let pipeline = try Catalog.scenario(named: "pipeline")
        #expect(throws: ScenarioError.unknownKnob("speed", scenario: "pipeline", known: pipeline.knobs.map(\.name))) {
            try Catalog.parseSettings(["speed=3"], for: pipeline)
        }
        #expect(throws: ScenarioError.badKnobValue(knob: "consumers", value: "x", range: 0...1_000)) {
            try Catalog.parseSettings(["consumers=x"], for: pipeline)
        }
        #expect(throws: ScenarioError.malformedSetting("consumers")) {
            try Catalog.parseSettings(["consumers"], for: pipeline)
        }
        #expect(try Catalog.parseSettings(["consumers=7"], for: pipeline) == ["consumers": 7])
        #expect(throws: ScenarioError.self) { try Catalog.scenario(named: "nope") }
    }
}
