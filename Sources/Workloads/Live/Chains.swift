import TaskTrace

/// Worker chains: N chains, each a loop of M stages where every stage is a task that
/// hands its result to the next. Chains and stages are knobs.
enum Chains {
    static let scenario = Scenario(
        name: "chains",
        summary: "N chains of M stages, each stage a task handing its result to the next",
        kind: .live,
        knobs: [
            KnobSpec("chains", "chains running side by side", range: 0...1_000, default: 3),
            KnobSpec("stages", "stages in each chain", range: 1...100, default: 3),
            KnobSpec("work", "mean stage time, tenths of a unit", range: 1...100, default: 5),
            KnobSpec("cpu", "CPU work per stage, thousandths of a unit", range: 0...1_000, default: 2),
        ]
    ) { ctx in
        let chains = TaskPool(prefix: "chain") { number in
            var round = 0
            while true {
                round += 1
                var value = number * 1000 + round
                for stage in 1...ctx.knobs["stages"] {
                    let mean = Double(ctx.knobs["work"]) / 10
                    let work = ctx.random.double(in: mean * 0.5...mean * 1.5)
                    let input = value
                    let cpu = Double(ctx.knobs["cpu"]) / 1000
                    let step = Trace.spawn("chain_\(number).stage_\(stage)") { () async throws -> Int in
                        try await Trace.sleep(units: work)
                        Trace.compute(units: cpu)
                        return input + stage
                    }
                    value = try await step.value
                }
                ctx.print("chain_\(number) round \(round) -> \(value)")
            }
        }
        do {
            try await ctx.knobs.reconcile { chains.resize(to: ctx.knobs["chains"]) }
        } catch {
            await chains.cancelAll()
            throw error
        }
    }
}
