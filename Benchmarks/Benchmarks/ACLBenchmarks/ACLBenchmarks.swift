import Benchmark
import FabricACL
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(3), maxIterations: 50)

    let g = ACLWorkloads.generated(rules: 10_000, headers: 100_000)
    Benchmark("compile 10k ACL rules") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(DecisionTreeClassifier(rules: g.rules)) }
    }
    let c = ACLWorkloads.comparison(title: "", rules: g.rules, headers: g.headers)
    Benchmark(
        "100k first-match lookups, 10k rules: \(c.subject.name)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(c.subject.run()) }
    }
    Benchmark("10k first-match lookups, 10k rules: \(c.baseline.name)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(c.baseline.run()) }
    }
}
