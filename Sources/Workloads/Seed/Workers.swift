import TaskTrace

/// The tutorial's worker examples: awaited directly, run as tasks, and gathered with a
/// failure and a cancellation.
enum Workers {
    static func worker(_ name: String, units: Double, _ ctx: ScenarioContext) async throws {
        ctx.print("\(name) start")
        try await Trace.sleep(units: units)
        ctx.print("\(name) done")
    }

    static let awaited = Scenario(
        name: "workers-awaited",
        summary: "await worker_1 (1 unit) then worker_2 (2 units): 3 units",
        kind: .seed(expectedUnits: 3)
    ) { ctx in
        ctx.print("before await")
        try await worker("worker_1", units: 1, ctx)
        ctx.print("awaited worker_1")
        try await worker("worker_2", units: 2, ctx)
        ctx.print("awaited worker_2")
    }

    static let tasks = Scenario(
        name: "workers-tasks",
        summary: "both workers created as tasks first, then awaited: 2 units",
        kind: .seed(expectedUnits: 2)
    ) { ctx in
        let task1 = Trace.spawn("worker_1") { try await worker("worker_1", units: 1, ctx) }
        let task2 = Trace.spawn("worker_2") { try await worker("worker_2", units: 2, ctx) }
        ctx.print("before await")
        try await task1.value
        ctx.print("awaited worker_1")
        try await task2.value
        ctx.print("awaited worker_2")
    }

    /// Python's `ZeroDivisionError`, so the gathered outcome reads as the tutorial's does.
    struct ZeroDivisionError: Error, CustomStringConvertible {
        var description: String { "ZeroDivisionError('division by zero')" }
    }

    static let cancel = Scenario(
        name: "workers-cancel",
        summary: "one returns, one fails, one is cancelled; gathered with outcomes: 2 units",
        kind: .seed(expectedUnits: 2)
    ) { ctx in
        let task1 = Trace.spawn("worker_1") { () async throws -> Int in
            try await Trace.sleep(units: 1)
            return 1
        }
        let task2 = Trace.spawn("worker_2") { () async throws -> Int in
            try await Trace.sleep(units: 2)
            throw ZeroDivisionError()
        }
        let task3 = Trace.spawn("worker_3") { () async throws -> Int in
            try await Trace.sleep(units: 3)
            return 3
        }
        try await Trace.sleep(units: 2)
        task3.cancel()
        var outcomes: [String] = []
        for task in [task1, task2, task3] {
            outcomes.append(pythonRepr(await task.result))
        }
        ctx.print("[" + outcomes.joined(separator: ", ") + "]")
    }

    /// How `gather(..., return_exceptions=True)` prints each outcome.
    static func pythonRepr(_ result: Result<Int, any Error>) -> String {
        switch result {
        case let .success(value): String(value)
        case .failure(is CancellationError): "CancelledError()"
        case let .failure(error): String(describing: error)
        }
    }
}
