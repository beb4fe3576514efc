import ArgumentParser
import Foundation
import TaskTrace

/// The warnings' options, shared by `run`, `replay` and `exec`: their thresholds (in real
/// time, whatever the speed) and whether a warning fails the command.
struct WarningOptions: ParsableArguments {
    @Flag(help: "Headless: exit with status 3 when the run has any warning (for CI).")
    var failOnWarnings = false

    @Option(name: .customLong("warn-blocking"),
            help: "A slice holding its thread longer than this, less the time its thread waited for a CPU, is a blocking call (real time: 10ms, 0.5s, 250us; a bare number is ms; default 10ms).")
    var blocking: String?

    @Option(name: .customLong("warn-continuation"),
            help: "A continuation waited on longer than this is reported as leaked (real time; default 10s).")
    var continuation: String?

    @Option(name: .customLong("warn-contention"),
            help: "A hop to an actor waiting longer than this counts as contention (real time; default 10ms).")
    var contention: String?

    @Option(name: .customLong("warn-cancel"),
            help: "A task still going this long after it was cancelled ignored it (real time; default 100ms).")
    var cancellation: String?

    @Option(name: .customLong("warn-starvation"), parsing: .unconditional,
            help: "Percent of the run with tasks ready while every worker is busy that is pool starvation (default 20).")
    var starvation: Double?

    @Option(name: .customLong("warn-tasks"), parsing: .unconditional,
            help: "More tasks alive at once than this is a task explosion (default 1000).")
    var explosion: Int?

    func validate() throws {
        _ = try thresholds()
    }

    /// The thresholds asked for, or a one-line error.
    /// The run's exit status: a clean run that found warnings exits 3 with --fail-on-warnings.
    func exitStatus(_ code: Int32, warningsFound found: Int) -> Int32 {
        code == 0 && found > 0 && failOnWarnings ? 3 : code
    }

    func thresholds() throws -> WarningThresholds {
        var t = WarningThresholds()
        func duration(_ text: String?, _ flag: String) throws -> Int64? {
            guard let text else { return nil }
            guard let value = WarningThresholds.parseDuration(text) else {
                throw ValidationError("--\(flag) takes a duration above 0 such as 10ms, 0.5s or 250us, not '\(text)'")
            }
            return value
        }
        if let value = try duration(blocking, "warn-blocking") { t.blockingCall = value }
        if let value = try duration(continuation, "warn-continuation") { t.continuationWait = value }
        if let value = try duration(contention, "warn-contention") { t.contentionWait = value }
        if let value = try duration(cancellation, "warn-cancel") { t.cancellation = value }
        if let starvation {
            guard starvation > 0, starvation <= 100 else {
                throw ValidationError("--warn-starvation takes a percentage above 0 and at most 100, not \(starvation)")
            }
            t.starvationShare = starvation / 100
        }
        if let explosion {
            guard (1...10_000_000).contains(explosion) else {
                throw ValidationError("--warn-tasks takes a whole number from 1 to 10000000, not \(explosion)")
            }
            t.explosion = explosion
        }
        return t
    }
}
