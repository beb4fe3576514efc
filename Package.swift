// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Interleave",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TaskTrace", targets: ["TaskTrace"]),
        // The events, the session-log format and the folds over events: all a viewer needs.
        .library(name: "TraceModel", targets: ["TraceModel"]),
        .executable(name: "interleave", targets: ["interleave"]),
        // For the benchmark suite (Benchmarks/, its own package) and other front ends.
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        // For the benchmark suite's stream profile (parse and translate an agent's stream).
        .library(name: "ProgramTrace", targets: ["ProgramTrace"]),
        // Loaded into a program traced by `interleave exec` (LD_PRELOAD); found beside the binary.
        .library(name: "InterleaveAgent", type: .dynamic, targets: ["InterleaveAgent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // prctl(2) for the executor's workers (timer slack), mallopt(3) for the executable,
        // the CPU's cycle counter and a thread-local slot for the recording path: what
        // Swift cannot do itself.
        .target(name: "CLinuxShims"),
        // The agent's stream format, read by the agent and by the Swift decoder.
        .target(name: "AgentWire"),
        // A thread's run-queue wait (/proc schedstat), read by the agent and the executor alike.
        .target(name: "SchedStat"),
        // The agent: C, since it runs inside someone else's program on the runtime's own
        // calling conventions (swiftcall, swiftasynccall) and must not load a Swift runtime.
        .target(
            name: "InterleaveAgent", dependencies: ["AgentWire", "SchedStat"],
            cSettings: [.unsafeFlags(["-fvisibility=default"])],
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread"), .unsafeFlags(["-Xlinker", "--as-needed"])]
        ),
        // The event vocabulary, the session-log format (header, writer's encoding, parser,
        // reader) and the pure folds over events (ledger, warnings, task tree, report):
        // what a viewer needs, no runtime.
        .target(
            name: "TraceModel",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(
            name: "TaskTrace",
            dependencies: [
                "TraceModel",
                "CLinuxShims",
                "SchedStat",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(name: "Workloads", dependencies: ["TaskTrace"]),
        // `interleave exec`: checks and starts a program with the agent, and turns the
        // agent's stream into task events.
        .target(name: "ProgramTrace", dependencies: ["TaskTrace", "AgentWire", "CLinuxShims"]),
        .target(
            name: "Dashboard",
            dependencies: ["TraceModel", "CNcurses", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .executableTarget(
            name: "interleave",
            dependencies: [
                "TaskTrace", "Workloads", "Dashboard", "CLinuxShims", "ProgramTrace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TaskTraceTests", dependencies: ["TaskTrace", "TraceModel", "SchedStat"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "TaskTrace"]),
        .testTarget(name: "ProgramTraceTests", dependencies: ["ProgramTrace", "TaskTrace", "AgentWire"],
                    exclude: ["Fixtures"]),
        .testTarget(
            // With the executable: its live control and catalogue are what the dashboard drives.
            name: "DashboardTests", dependencies: ["Dashboard", "Workloads", "TaskTrace", "interleave"],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
