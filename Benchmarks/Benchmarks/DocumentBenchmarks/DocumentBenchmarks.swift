import Benchmark
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(3), maxIterations: 20)

    let json = DocumentWorkloads.jsonComparison(pods: 10_000)
    for workload in [json.subject, json.baseline] {
        Benchmark("parse 10k-pod JSON: \(workload.name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(workload.run()) }
        }
    }
    let yaml = DocumentWorkloads.yamlWorkload(pods: 10_000)
    Benchmark("parse 10k-pod YAML: \(yaml.name)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(yaml.run()) }
    }
}
