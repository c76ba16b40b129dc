import Benchmark
import Workloads

/// The 64-SU all-to-all, with PXN (33.5M flows, routed and judged) and without (268M rank pairs,
/// routed, streaming): wall clock, throughput and peak memory.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(120), maxIterations: 3)

    let setup = TrafficWorkloads.Setup()
    Benchmark("all-to-all PXN, 64 SU, routed and judged") { benchmark in
        for _ in benchmark.scaledIterations { Benchmark.blackHole(setup.run(pxn: true, threads: nil)) }
    }
    Benchmark("all-to-all without PXN, 64 SU, routed", configuration: .init(maxIterations: 1)) { benchmark in
        for _ in benchmark.scaledIterations { Benchmark.blackHole(setup.run(pxn: false, threads: nil, judged: false)) }
    }
}
