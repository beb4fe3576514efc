import TaskTrace

/// A reader's answer to the tutorial's closing question: a callback run when a task is done.
enum Callback {
    static let scenario = Scenario(
        name: "callback",
        summary: "a done-callback on a finished task: 2 units",
        kind: .seed(expectedUnits: 2)
    ) { ctx in
        let task1 = Trace.spawn("sleep") { () async throws -> String in
            ctx.print("func sleep is start")
            try await Trace.sleep(units: 1)
            ctx.print("func sleep is over")
            return "stop"
        }
        let task2 = Trace.spawn("continue_sleep") {
            ctx.print("i wanna to sleep again")
            try await Trace.sleep(units: 2)
        }
        _ = await task1.result
        _ = await task2.result
        // `add_done_callback`: the callback runs as its own step once the task is done.
        let callback = Trace.spawn("callback") {
            ctx.print("Callback: \(try await task1.value)")
        }
        _ = await callback.result
    }
}
