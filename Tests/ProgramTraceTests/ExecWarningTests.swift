import Foundation
import TaskTrace
import Testing

/// `interleave exec --headless` on plain Swift programs that each make one mistake on
/// purpose: the report's Warnings section names it, `--fail-on-warnings` exits 3, and a
/// replay of the recorded session reports the same warnings. The clean fixtures have none.
///
/// Timing margins: every blocking call here lasts 300 ms against a threshold of 10 ms. The
/// clean fixtures, the leaked continuation and the task never finished are judged at the
/// default threshold: a slice's run-queue wait (the time its thread waited for a CPU) is not
/// counted, so a loaded machine does not make blocking calls of them. Where a fixture's
/// point is another warning and it also holds a thread on purpose (a starved pool, a busy
/// actor, two thousand tasks made in one slice, a loop that ignores its cancellation), the
/// threshold is raised to keep to the warning under test.
@Suite(.serialized) struct ExecWarningTests {
    /// The report's warning lines (`kind at T seconds task N: evidence`), and the run's result.
    static func warnings(_ fixture: String, _ options: [String] = []) async throws -> (ExecSupport.Result, [String], String) {
        let program = try await ExecSupport.fixture(fixture)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("warn-\(fixture)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let result = try ExecSupport.run(ExecSupport.interleave,
                                         ["exec", "--headless", "--fail-on-warnings", "--record", log] + options + ["--", program])
        let replay = try ExecSupport.run(ExecSupport.interleave, ["replay", "--headless"] + options + [log])
        return (result, section(result.output), section(replay.output).joined(separator: "\n"))
    }

    /// The lines of the Warnings section, or `["No warnings"]`.
    static func section(_ output: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.contains("No warnings") { return ["No warnings"] }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Warnings (") }) else { return [] }
        return Array(lines[(start + 1)...].prefix { $0.hasPrefix("  ") })
    }

    static func kinds(_ lines: [String]) -> Set<String> {
        Set(lines.compactMap { line in line.range(of: " at ").map { String(line[..<$0.lowerBound]).trimmingCharacters(in: .whitespaces) } })
    }

    @Test func aSynchronousSleepInATaskIsABlockingCall() async throws {
        let (result, lines, replayed) = try await Self.warnings("blocking-call")
        #expect(result.status == 3, "\(result.errors)")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("blocking call at ") == true)
        #expect(lines.first?.contains("task 2: closure #1 in BlockingCall.main() held thread ") == true)
        #expect(replayed == lines.joined(separator: "\n"))
        // A threshold above the call's length: nothing to report, and the program's status.
        let (loose, none, _) = try await Self.warnings("blocking-call", ["--warn-blocking", "2s"])
        #expect(loose.status == 0)
        #expect(none == ["No warnings"])
    }

    @Test func aContinuationNeverResumedIsLeaked() async throws {
        let (result, lines, replayed) = try await Self.warnings("leaked-continuation")
        #expect(result.status == 3, "\(result.errors)")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("leaked continuation at ") == true)
        #expect(lines.first?.contains("task 2: closure #1 in LeakedContinuation.main() still waited on a continuation when the run ended") == true)
        #expect(replayed == lines.joined(separator: "\n"))
    }

    @Test func aTaskAsleepAtExitNeverFinished() async throws {
        let (result, lines, _) = try await Self.warnings("never-finished")
        #expect(result.status == 3, "\(result.errors)")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix("task 2: closure #1 in NeverFinished.main() was still suspended (sleep) when the run ended") == true)
    }

    @Test func blockingEveryThreadOfThePoolStarvesIt() async throws {
        let (result, lines, replayed) = try await Self.warnings("starved-pool", ["--warn-blocking", "100ms"])
        #expect(result.status == 3, "\(result.errors)")
        #expect(Self.kinds(lines).contains("pool starvation"), "\(lines)")
        #expect(lines.contains { $0.contains("tasks waited ready while all ") && $0.contains(" worker threads were busy for ") })
        // Every one of the 300 ms sleeps is a blocking call (three per pool thread).
        #expect(lines.filter { $0.contains("blocking call at ") }.count == ProcessInfo.processInfo.activeProcessorCount * 3)
        #expect(replayed == lines.joined(separator: "\n"))
        // The share asked for is not reached when it is set at 100%.
        let (_, strict, _) = try await Self.warnings("starved-pool", ["--warn-blocking", "1s", "--warn-starvation", "100"])
        #expect(strict == ["No warnings"])
    }

    @Test func callersQueuedBehindOneSlowActorAreContention() async throws {
        let (result, lines, replayed) = try await Self.warnings("actor-contention", ["--warn-blocking", "1s"])
        #expect(result.status == 3, "\(result.errors)")
        let contention = lines.filter { $0.contains("actor contention at ") }
        #expect(contention.count == 1, "\(lines)")
        #expect(contention.first?.contains(" hops to Ledger waited over 10 ms for it; longest ") == true)
        #expect(replayed == lines.joined(separator: "\n"))
    }

    @Test func twoThousandTasksAliveAtOnceAreAnExplosion() async throws {
        let (result, lines, _) = try await Self.warnings("task-explosion", ["--warn-blocking", "1s"])
        #expect(result.status == 3, "\(result.errors)")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix("task 1001: 1001 tasks alive at once (threshold 1000)") == true)
        let (_, none, _) = try await Self.warnings("task-explosion", ["--warn-blocking", "1s", "--warn-tasks", "5000"])
        #expect(none == ["No warnings"])
    }

    @Test func aTaskThatNeverChecksForCancellationIgnoresIt() async throws {
        let (result, lines, replayed) = try await Self.warnings("ignores-cancel", ["--warn-blocking", "1s"])
        #expect(result.status == 3, "\(result.errors)")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("cancellation ignored at ") == true)
        #expect(lines.first?.contains("task 2: closure #1 in IgnoresCancel.main() kept going for ") == true)
        #expect(replayed == lines.joined(separator: "\n"))
        let (_, none, _) = try await Self.warnings("ignores-cancel", ["--warn-blocking", "1s", "--warn-cancel", "5s"])
        #expect(none == ["No warnings"])
    }

    @Test(arguments: ["crawl-sequential", "crawl-tasks", "workers", "producer-consumer", "constructs"])
    func theCleanFixturesHaveNoWarnings(_ fixture: String) async throws {
        let (result, lines, replayed) = try await Self.warnings(fixture)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(lines == ["No warnings"])
        #expect(replayed == "No warnings")
    }

    @Test func aBadThresholdIsOneLineAndStatus2() throws {
        let result = try ExecSupport.run(ExecSupport.interleave, ["exec", "--headless", "--warn-blocking", "soon", "--", "/bin/true"])
        #expect(result.status == 2)
        #expect(result.errors == "interleave: --warn-blocking takes a duration above 0 such as 10ms, 0.5s or 250us, not 'soon'\n")
    }
}
