// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Interleave",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TaskTrace", targets: ["TaskTrace"]),
        .executable(name: "interleave", targets: ["interleave"]),
        // For the benchmark suite (Benchmarks/, its own package) and other front ends.
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
        .target(
            name: "TaskTrace",
            dependencies: [
                "CLinuxShims",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(name: "Workloads", dependencies: ["TaskTrace"]),
        .target(
            name: "Dashboard", dependencies: ["TaskTrace", "Workloads", "CNcurses"]
        ),
        .executableTarget(
            name: "interleave",
            dependencies: [
                "TaskTrace", "Workloads", "Dashboard", "CLinuxShims",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TaskTraceTests", dependencies: ["TaskTrace"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "TaskTrace"]),
        .testTarget(
            name: "DashboardTests", dependencies: ["Dashboard", "Workloads", "TaskTrace"],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
