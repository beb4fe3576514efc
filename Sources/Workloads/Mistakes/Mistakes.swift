import Synchronization
import TaskTrace

/// Scenarios that each make one of the classic concurrency mistakes on purpose, so that the
/// warning it raises can be seen (`interleave list` shows them under a heading of their
/// own, each saying what to look for). `Trace.compute` stands for a synchronous call that
/// holds its thread (a `sleep`, a lock, blocking I/O): in virtual time it takes exactly its
/// units, so these scenarios warn the same way in virtual time as at speed 1.
enum Mistakes {
    static let blockingCall = Scenario(
        name: "blocking-call",
        summary: "a task parses for 0.5 units without suspending while a ticker waits: look for the blocking-call warning on 'parse' and the ticker's late ticks",
        kind: .seed(expectedUnits: 1)
    ) { ctx in
        let ticker = Trace.spawn("ticker") {
            for tick in 1...5 {
                try await Trace.sleep(units: 0.2)
                ctx.print("tick \(tick) at \(Ticks.format(Trace.now)) units")
            }
        }
        let parse = Trace.spawn("parse") {
            try await Trace.sleep(units: 0.1)
            // A synchronous call inside async code: nothing else runs on this thread.
            Trace.compute(units: 0.5)
            ctx.print("parsed")
        }
        try await parse.value
        try await ticker.value
    }

    static let starvedPool = Scenario(
        name: "starved-pool",
        summary: "six tasks each hold a thread for 0.3 units: look for the pool-starvation warning and the ready (=) lanes; with --threads 6 it is gone",
        kind: .seed(expectedUnits: nil)
    ) { ctx in
        let jobs = (1...6).map { n in
            Trace.spawn("hash_\(n)") {
                Trace.compute(units: 0.3)
                return n
            }
        }
        var total = 0
        for job in jobs { total += try await job.value }
        ctx.print("hashed \(total)")
    }

    static let leakedContinuation = Scenario(
        name: "leaked-continuation",
        summary: "a task waits on a callback that never comes, and the scenario ends without it: look for the leaked-continuation warning on 'waiter'",
        kind: .seed(expectedUnits: 1)
    ) { ctx in
        // The callback would resume it; nobody ever calls it. Kept, so the continuation is
        // never destroyed unresumed (which the runtime would report as misuse): the task
        // waits for as long as the process lives.
        let pending = Mutex<[CheckedContinuation<Void, Never>]>([])
        Trace.spawn("waiter") {
            ctx.print("waiting for the callback")
            await Trace.suspending(.continuation) {
                await withCheckedContinuation { continuation in
                    pending.withLock { $0.append(continuation) }
                }
            }
            ctx.print("never printed")
        }
        try await Trace.sleep(units: 1)
        ctx.print("done, with the waiter still waiting")
    }

    static let taskExplosion = Scenario(
        name: "task-explosion",
        summary: "1,200 tasks started at once, each sleeping 1 unit: look for the task-explosion warning (threshold 1,000)",
        kind: .seed(expectedUnits: 1)
    ) { ctx in
        let tasks = (1...1_200).map { n in Trace.spawn("request_\(n)") { try await Trace.sleep(units: 1) } }
        for task in tasks { try await task.value }
        ctx.print("\(tasks.count) requests done")
    }

    static let cancellationIgnored = Scenario(
        name: "cancel-ignored",
        summary: "a task cancelled at 0.2 units keeps working to 1 unit, never checking: look for the cancellation-ignored warning on 'stubborn'",
        kind: .seed(expectedUnits: 1)
    ) { ctx in
        let stubborn = Trace.spawn("stubborn") {
            // Small steps of work that yield, but never ask whether the task was cancelled.
            for _ in 0..<200 {
                Trace.compute(units: 0.005)
                await Trace.yield()
            }
            ctx.print("stubborn: all 200 steps done")
        }
        try await Trace.sleep(units: 0.2)
        ctx.print("cancelling stubborn")
        stubborn.cancel()
        _ = await stubborn.result
    }

    static let forgottenTask = Scenario(
        name: "forgotten-task",
        summary: "main starts a consumer of a queue nobody fills and returns without awaiting it: look for the never-finished warning on 'consumer'",
        kind: .seed(expectedUnits: 1)
    ) { ctx in
        let jobs = TracedQueue<Int>(name: "jobs")
        Trace.spawn("consumer") {
            ctx.print("consumer: waiting for a job")
            let job = try await jobs.get()
            ctx.print("consumer: got job \(job)")
        }
        // The producer that should fill the queue was never written.
        try await Trace.sleep(units: 1)
        ctx.print("main returns; the consumer still waits")
    }

    static let all = [blockingCall, starvedPool, leakedContinuation, forgottenTask, taskExplosion, cancellationIgnored]
}
