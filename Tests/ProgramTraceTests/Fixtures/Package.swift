// swift-tools-version: 6.1
// Plain Swift programs that know nothing of Interleave, traced by the tests with
// `interleave exec` the way a user's own program would be. Built by the test suite.
import PackageDescription

let package = Package(
    name: "ExecFixtures",
    targets: [
        .executableTarget(name: "crawl-sequential"),
        .executableTarget(name: "crawl-tasks"),
        .executableTarget(name: "workers"),
        .executableTarget(name: "producer-consumer"),
        .executableTarget(name: "constructs"),
        .executableTarget(name: "exit-status"),
        .executableTarget(name: "stubborn"),
        .executableTarget(name: "spawns-child"),
        // Each makes one of the warnings happen on purpose.
        .executableTarget(name: "blocking-call"),
        .executableTarget(name: "leaked-continuation"),
        .executableTarget(name: "starved-pool"),
        .executableTarget(name: "actor-contention"),
        .executableTarget(name: "task-explosion"),
        .executableTarget(name: "never-finished"),
        .executableTarget(name: "ignores-cancel"),
        // For the overhead benchmarks.
        .executableTarget(name: "yield-loop"),
        .executableTarget(name: "pages"),
        // For the refusal: interposition cannot reach a runtime linked into the binary.
        .executableTarget(name: "static-stdlib", linkerSettings: [.unsafeFlags(["-static-stdlib"])]),
    ],
    swiftLanguageModes: [.v6]
)
