import ArgumentParser
import TaskTrace
import Workloads

/// The `interleave` command: argument parsing and wiring only.
struct Interleave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interleave",
        abstract: "Watch Swift tasks interleave: a traced runtime and a live terminal timeline.",
        discussion: """
            Environment: INTERLEAVE_ASCII=1 draws the dashboard in ASCII only (for a terminal \
            or font that shows its box and block characters badly); NO_COLOR=1 draws it without \
            colour; INTERLEAVE_AGENT names the agent library `exec` loads.
            """,
        version: InterleaveVersion.current,
        subcommands: [RunCommand.self, ListCommand.self, ReplayCommand.self, ExportCommand.self, ExecCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

enum InterleaveVersion {
    static let current = "0.1.0"
}

/// Options that choose how time passes, shared by the commands that run scenarios.
struct TimeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Scenario units per real second, 0.001 to 10000 (1 = the tutorial's seconds).",
            transform: { try OptionValue.speed($0) })
    var speed: Double = 1

    @Flag(help: "Virtual time: jump to the next deadline whenever nothing can run (exact, instant).")
    var virtual = false

    var mode: TimeMode { virtual ? .virtual : .real(speed: speed) }
}
