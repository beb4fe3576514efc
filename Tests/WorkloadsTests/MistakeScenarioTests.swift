import TaskTrace
import Testing
@testable import Workloads

/// The scenarios that make a mistake on purpose raise exactly their warning, and no other
/// scenario raises any. All in virtual time, where a scenario's timings are exact: one
/// thread, so a computing task holds the only one.
@Suite struct MistakeScenarioTests {
    static func warnings(_ name: String, threads: Int = 1, duration: Double? = nil) async throws -> [TaskWarning] {
        let events = try await runVirtual(name, threads: threads, duration: duration)
        var warnings = Warnings(time: .virtual)
        warnings.apply(events)
        return warnings.report(final: true)
    }

    @Test func aParseThatNeverSuspendsIsABlockingCall() async throws {
        let warnings = try await Self.warnings("blocking-call")
        // The ticker's 0.4 units of waiting for the only thread starve it as well.
        #expect(warnings == [
            TaskWarning(kind: .poolStarvation, task: 0, time: Ticks.from(units: 0.1),
                        evidence: "tasks waited ready while all 1 worker thread was busy for 400 ms of the run's 1.4 s (29%, threshold 20%)"),
            TaskWarning(kind: .blockingCall, task: 3, time: Ticks.from(units: 0.1),
                        evidence: "parse held thread T0 for 500 ms without suspending (threshold 10 ms)")])
        // On two threads the ticker has one of its own: only the blocking call remains.
        let two = try await Self.warnings("blocking-call", threads: 2)
        #expect(two.map(\.kind) == [.blockingCall])
    }

    @Test func sixComputingTasksOnOneThreadStarveThePool() async throws {
        let warnings = try await Self.warnings("starved-pool")
        // The root waits ready too, from the first hash's end to the last one's.
        #expect(warnings.filter { $0.kind == .poolStarvation }.map(\.evidence) == [
            "tasks waited ready while all 1 worker thread was busy for 1.8 s of the run's 1.8 s (100%, threshold 20%)"])
        #expect(warnings.filter { $0.kind == .blockingCall }.map(\.task) == [2, 3, 4, 5, 6, 7])
        // Two threads: three waves of two, the last four tasks ready for 0.3 and 0.6 units.
        let two = try await Self.warnings("starved-pool", threads: 2)
        #expect(two.filter { $0.kind == .poolStarvation }.map(\.evidence) == [
            "tasks waited ready while all 2 worker threads were busy for 900 ms of the run's 900 ms (100%, threshold 20%)"])
        // As many threads as tasks: nobody waits, and each task's own blocking call is all there is.
        let six = try await Self.warnings("starved-pool", threads: 6)
        #expect(six.map(\.kind) == Array(repeating: .blockingCall, count: 6))
    }

    @Test func aCallbackThatNeverComesLeaksItsContinuation() async throws {
        let warnings = try await Self.warnings("leaked-continuation")
        #expect(warnings == [TaskWarning(kind: .leakedContinuation, task: 2, time: 0,
                                         evidence: "waiter still waited on a continuation when the run ended, 1 s after it suspended: it was never resumed")])
    }

    @Test func aTaskMainNeverAwaitsNeverFinishes() async throws {
        let warnings = try await Self.warnings("forgotten-task")
        #expect(warnings == [TaskWarning(kind: .neverFinished, task: 2, time: 0,
                                         evidence: "consumer was still suspended (queue-get) when the run ended")])
    }

    @Test func twelveHundredTasksAtOnceAreAnExplosion() async throws {
        let warnings = try await Self.warnings("task-explosion")
        #expect(warnings == [TaskWarning(kind: .taskExplosion, task: 1_001, time: 0,
                                         evidence: "1001 tasks alive at once (threshold 1000)")])
    }

    @Test func aTaskThatNeverChecksForCancellationIgnoresIt() async throws {
        let warnings = try await Self.warnings("cancel-ignored")
        #expect(warnings == [TaskWarning(kind: .cancellationIgnored, task: 2, time: Ticks.from(units: 0.2),
                                         evidence: "stubborn kept going for 800 ms after it was cancelled (161 slices since; threshold 100 ms)")])
    }

    @Test func noOtherScenarioHasAWarning() async throws {
        let mistakes = Set(Catalog.mistakes.map(\.name))
        for scenario in Catalog.all where !mistakes.contains(scenario.name) {
            for threads in [1, 3] {
                let warnings = try await Self.warnings(scenario.name, threads: threads, duration: scenario.isLive ? 10 : nil)
                #expect(warnings.isEmpty, "\(scenario.name) on \(threads) threads: \(warnings)")
            }
        }
    }
}
