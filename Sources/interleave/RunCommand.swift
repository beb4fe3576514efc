import ArgumentParser
import Dashboard
import Foundation
import TaskTrace
import Workloads

/// `interleave run SCENARIO`: the dashboard by default, or a plain-text run with `--headless`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a scenario in the dashboard, or headless.")

    @Argument(help: "Scenario to run (see `interleave list`).")
    var scenario: String = Catalog.defaultScenario.name

    @Option(parsing: .unconditional, help: "Executor worker threads, 1 to 64 (1 behaves like asyncio's event loop).",
            transform: { try OptionValue.threads($0) })
    var threads: Int = 1

    @OptionGroup var time: TimeOptions

    @Option(parsing: .unconditional, help: "Seed for the scenario's random values (0 to 2^64-1).",
            transform: { try OptionValue.seed($0) })
    var seed: UInt64 = 1

    @Option(name: .customLong("set"), help: "Set a knob before starting: --set knob=value (repeatable).")
    var settings: [String] = []

    @Option(parsing: .unconditional,
            help: "Stop after this many units of scenario time, 0.000001 to 1e9 (live scenarios run until stopped otherwise).",
            transform: { try OptionValue.duration($0) })
    var duration: Double?

    @OptionGroup var recording: RecordOptions

    @Flag(help: "Print the scenario's lines, wall time, a per-task summary and an ASCII timeline; no dashboard.")
    var headless = false

    @Flag(help: "Headless: print only the wall time (and --stats), not the lines, summary or timeline.")
    var quiet = false

    @Flag(help: "Headless: end with tasks, events, real seconds, rates and peak memory.")
    var stats = false

    @Flag(help: .hidden)
    var untraced = false

    @OptionGroup var warnings: WarningOptions

    func run() async throws {
        let chosen: Scenario
        let knobs: [String: Int]
        // `threads` is a knob in the dashboard, so `--set threads=N` means `--threads N`.
        var threads = self.threads
        var knobSettings: [String] = []
        for setting in settings {
            guard setting.hasPrefix("threads=") else { knobSettings.append(setting); continue }
            let text = String(setting.dropFirst("threads=".count))
            do {
                threads = try OptionValue.whole(text, option: "knob 'threads'", in: OptionValue.threadRange)
            } catch {
                throw ValidationError(error.description)
            }
        }
        do {
            chosen = try Catalog.scenario(named: scenario)
            knobs = try Catalog.parseSettings(knobSettings, for: chosen)
        } catch let error as ScenarioError {
            throw ValidationError(error.description)
        }
        guard headless else {
            let options = LiveRunOptions(scenarioName: chosen.name, threads: threads, time: time.mode, seed: seed,
                                         knobs: knobs, recordPath: recording.record, virtualPace: time.speed)
            let code = await RunCommand.runDashboard(options, warningThresholds: try warnings.thresholds())
            if code != 0 { throw ExitCode(code) }
            return
        }
        let code = await HeadlessRunner(
            scenario: chosen, threads: threads, time: time.mode, seed: seed, knobs: knobs,
            duration: duration.map(Ticks.from(units:)), recordPath: recording.record, quiet: quiet, stats: stats,
            tracing: !untraced, thresholds: try warnings.thresholds(), failOnWarnings: warnings.failOnWarnings
        ).run()
        if code != 0 { throw ExitCode(code) }
    }
}

extension RunCommand {
    /// The dashboard on the catalogue's scenarios, `options.scenarioName` first.
    @MainActor
    static func runDashboard(_ options: LiveRunOptions, warningThresholds: WarningThresholds) async -> Int32 {
        await DashboardApp.run(scenario: options.scenarioName, launcher: ScenarioLauncher(options: options),
                               warningThresholds: warningThresholds)
    }
}
