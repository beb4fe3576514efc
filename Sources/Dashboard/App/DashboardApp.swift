#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TraceModel

/// The dashboard's entry point, called by the `interleave` CLI.
@MainActor
public enum DashboardApp {
    /// Runs the scenario named `scenario`, started by `launcher`, until the user quits;
    /// restores the terminal on every path. Returns the process exit code: 0 after `q`, 2
    /// when it cannot start, 128+N after signal N.
    public static func run(scenario: String, launcher: any LiveLauncher,
                           warningThresholds: WarningThresholds = WarningThresholds()) async -> Int32 {
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            complain("interleave: the dashboard needs a terminal, and this output is not one; use --headless to print the run instead")
            return 2
        }
        let catalog = launcher.catalog
        guard catalog.contains(where: { $0.name == scenario }) else {
            complain("interleave: unknown scenario '\(scenario)'; known: \(catalog.map(\.name).joined(separator: ", "))")
            return 2
        }
        let backend = NcursesBackend()
        do {
            try backend.start()
        } catch {
            complain("interleave: \(error)")
            return 2
        }
        guard let control = launcher.start(scenario) else {
            backend.stop()
            return 2
        }
        let runner = DashboardRunner(backend: backend, control: control, launcher: launcher,
                                     warningThresholds: warningThresholds)
        return await finish(runner, backend: backend)
    }

    /// Replays a session log in the dashboard (or follows it while it grows, with
    /// `options.follow`). Returns 0 after `q`, 2 when the log cannot be read (one line on
    /// stderr, the terminal untouched or restored; also a followed log that never appears
    /// within `--wait`), 128+N after signal N.
    public static func replay(_ options: ReplayOptions) async -> Int32 {
        // The log is checked first: a bad one says so even when this is not a terminal.
        let source: any EventSource
        var state = ReplayState(file: options.path, follow: options.follow)
        do {
            if options.follow {
                var header: SessionHeader?
                do {
                    header = try SessionLogReader(path: options.path).header
                } catch where error.kind == .emptyFile || error.kind == .noSuchFile {
                    header = nil  // not written yet: the follower waits for the file and its header
                }
                source = FollowSource(path: options.path, header: header, catalog: options.catalog, waitForFile: options.waitForFile)
            } else {
                let replay = try ReplaySource(path: options.path, catalog: options.catalog)
                state.start = replay.firstTime
                source = replay
            }
        } catch {
            complain("interleave: \(error)")
            return 2
        }
        guard isatty(STDOUT_FILENO) != 0, isatty(STDIN_FILENO) != 0 else {
            source.stop()
            complain("interleave: the dashboard needs a terminal, and this output is not one; use --headless to print the replay instead")
            return 2
        }
        return await present(source, replay: state, warningThresholds: options.warningThresholds)
    }

    /// True when both ends of the terminal are one: the dashboard can be drawn.
    nonisolated public static var hasTerminal: Bool { isatty(STDOUT_FILENO) != 0 && isatty(STDIN_FILENO) != 0 }

    /// Shows a traced program's events as they arrive (`interleave exec`); the finished
    /// session stays until `q`. Ctrl-C goes to `interrupt` first; `clock` is the program's
    /// time while it runs. Returns 0 after `q`, 2 when there is no terminal, 128+N after signal N.
    public static func watch(name: String, summary: String, events: AsyncStream<[TaskEvent]>,
                             interrupt: @escaping @Sendable () -> String?, stop: @escaping @Sendable () -> Void,
                             clock: @escaping @Sendable () -> Int64? = { nil },
                             warningThresholds: WarningThresholds = WarningThresholds()) async -> Int32 {
        var info = ScenarioInfo(name: name, summary: summary, isLive: false, knobs: [], time: .real(speed: 1), seed: 0)
        info.isProgram = true
        let source = StreamSource(info: info, events: events, interrupt: interrupt, stop: stop, clock: clock)
        return await present(source, replay: nil, warningThresholds: warningThresholds)
    }

    /// Draws `source` until the user quits, the terminal restored on every path.
    private static func present(_ source: any EventSource, replay: ReplayState?,
                                warningThresholds: WarningThresholds) async -> Int32 {
        let backend = NcursesBackend()
        do {
            try backend.start()
        } catch {
            source.stop()
            complain("interleave: \(error)")
            return 2
        }
        let runner = DashboardRunner(backend: backend, source: source, replay: replay,
                                     warningThresholds: warningThresholds)
        return await finish(runner, backend: backend)
    }

    /// Runs `runner` until the user quits, then gives the terminal back.
    private static func finish(_ runner: DashboardRunner, backend: NcursesBackend) async -> Int32 {
        await runner.run()
        backend.stop()
        if let line = runner.exitMessage { complain(line) }
        if let sig = runner.stoppedBySignal { return 128 + sig }
        return runner.failed ? 2 : 0
    }

    nonisolated private static func complain(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
