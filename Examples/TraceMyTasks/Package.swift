// swift-tools-version: 6.1
import PackageDescription

// Traces a few of its own tasks into a session log that Interleave can replay:
//   swift run --package-path Examples/TraceMyTasks TraceMyTasks my-tasks.jsonl
//   interleave replay --follow my-tasks.jsonl        (in another terminal, while it runs)
let package = Package(
    name: "TraceMyTasks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Interleave", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "TraceMyTasks",
            dependencies: [.product(name: "TaskTrace", package: "Interleave")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
