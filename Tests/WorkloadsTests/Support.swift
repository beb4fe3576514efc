import TaskTrace
@testable import Workloads

/// Runs a scenario in virtual time and returns every event it produced.
func runVirtual(
    _ name: String,
    threads: Int = 1,
    seed: UInt64 = 1,
    knobs: [String: Int] = [:],
    duration: Double? = nil,
    during: (@Sendable (ScenarioRun) -> Void)? = nil
) async throws -> [TaskEvent] {
    let scenario = try Catalog.scenario(named: name)
    let run = ScenarioRun(scenario: scenario, threads: threads, time: .virtual, seed: seed, knobs: knobs)
    let stream = run.session.bus.subscribe()
    let collector = Task { () -> [TaskEvent] in
        var all: [TaskEvent] = []
        for await batch in stream { all += batch }
        return all
    }
    during?(run)
    run.start(duration: duration.map(Ticks.from(units:)))
    await run.waitUntilFinished()
    run.finish()
    return await collector.value
}

extension [TaskEvent] {
    var messages: [String] {
        compactMap { if case let .message(text) = $0.kind { text } else { nil } }
    }

    var ledger: TaskLedger {
        var ledger = TaskLedger()
        ledger.apply(self)
        return ledger
    }

    /// Kinds of one task's lifecycle events (messages left out), by the task's name.
    func kinds(of name: String) -> [TaskEvent.Kind] {
        guard let id = ledger.tasks.first(where: { $0.name == name })?.id else { return [] }
        return filter { $0.task == id && $0.kind.tag != "message" && $0.kind.tag != "counter" }.map(\.kind)
    }
}

extension TaskLedger {
    func record(named name: String) -> TaskRecord? { tasks.first { $0.name == name } }
}
