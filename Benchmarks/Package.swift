// swift-tools-version: 6.1
// Interlock's benchmarks: a package of its own, so that ordo-one/benchmark (and its ~2 minutes of
// build) stays out of the main package's default build. Run with `make bench`.
import PackageDescription

let package = Package(
    name: "InterlockBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Interlock", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Inputs and baselines shared by the ordo-one benchmarks and the ratio report.
        .target(
            name: "Workloads",
            dependencies: [.product(name: "InterlockLibraries", package: "Interlock")],
            path: "Benchmarks/Workloads"
        ),
        // Each figure beside its named baseline, measured in the same run.
        .executableTarget(
            name: "Ratios",
            dependencies: ["Workloads"],
            path: "Benchmarks/Ratios"
        ),
    ]
)

/// One ordo-one benchmark executable per area, all built the same way.
func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["Workloads", .product(name: "Benchmark", package: "benchmark")],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

package.targets += [
    benchmarkTarget("DocumentBenchmarks"),
    benchmarkTarget("FabricBenchmarks"),
    benchmarkTarget("ACLBenchmarks"),
    benchmarkTarget("CaptureBenchmarks"),
    benchmarkTarget("TrafficBenchmarks"),
    benchmarkTarget("OutputBenchmarks"),
]
