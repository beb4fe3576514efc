#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TaskTrace
import Workloads

/// The dashboard's entry point, called by the `interleave` CLI.
public enum DashboardApp {
    /// Runs the dashboard until the user quits; restores the terminal on every path.
    /// Returns the process exit code: 0 after `q`, 2 when it cannot start, 128+N after signal N.
    public static func run(_ options: DashboardOptions) async -> Int32 {
        await run(options, scenarios: DashboardApp.catalog)
    }

    /// The scenarios `1`…`9` and the picker offer, in order.
    static var catalog: [Scenario] { Catalog.all }

    static func run(_ options: DashboardOptions, scenarios: [Scenario], extra: Scenario? = nil) async -> Int32 {
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            complain("interleave: the dashboard needs a terminal, and this output is not one; use --headless to print the run instead")
            return 2
        }
        guard let scenario = scenarios.first(where: { $0.name == options.scenarioName })
            ?? (extra?.name == options.scenarioName ? extra : nil) else {
            complain("interleave: unknown scenario '\(options.scenarioName)'; known: \(scenarios.map(\.name).joined(separator: ", "))")
            return 2
        }
        return await runOnMainActor(options, scenario: scenario, scenarios: scenarios)
    }

    @MainActor
    private static func runOnMainActor(_ options: DashboardOptions, scenario: Scenario, scenarios: [Scenario]) async -> Int32 {
        let backend = NcursesBackend()
        do {
            try backend.start()
        } catch {
            complain("interleave: \(error)")
            return 2
        }
        defer { backend.stop() }
        let runner = DashboardRunner(backend: backend, scenario: scenario, scenarios: scenarios, options: options)
        runner.currentScenario = scenario
        await runner.run()
        if let sig = runner.stoppedBySignal { return 128 + sig }
        return 0
    }

    private static func complain(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
