// swift-tools-version: 6.1
// Interleave's benchmark suite, a package of its own so that ordo-one's benchmark (and its
// malloc interposer) stay out of the main build and `swift test`.
// Run from the repository root: `swift package --package-path Benchmarks benchmark`.
import PackageDescription

let package = Package(
    name: "InterleaveBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Interleave", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "InterleaveBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TaskTrace", package: "Interleave"),
                .product(name: "Workloads", package: "Interleave"),
                .product(name: "Dashboard", package: "Interleave"),
            ],
            path: "Benchmarks/InterleaveBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The executor workloads in a plain loop, to profile with `perf`.
        .executableTarget(
            name: "ExecutorProfile",
            dependencies: [.product(name: "TaskTrace", package: "Interleave")],
            path: "Sources/ExecutorProfile"
        ),
        // `interleave exec --headless`'s work per record (parse, translate, both folds) over a
        // dumped agent stream, in a plain loop, for callgrind.
        .executableTarget(
            name: "StreamProfile",
            dependencies: [
                .product(name: "TaskTrace", package: "Interleave"),
                .product(name: "ProgramTrace", package: "Interleave"),
            ],
            path: "Sources/StreamProfile"
        ),
    ],
    swiftLanguageModes: [.v6]
)
