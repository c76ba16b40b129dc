import Benchmark
import Capture
import Workloads

// Throughput and memory of read + decode + track on classic pcaps of 64-byte frames over 64k flows:
// 2M packets (the figure) and 50M packets (peak RSS must match the 2M run: memory does
// not grow with capture length beyond the connection table).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10), maxIterations: 5)

    for packets in [2_000_000, 50_000_000] {
        let path = CaptureWorkloads.minimumFrameCapture(packets: packets, flows: 65_536)
        let workload = CaptureWorkloads.flows(path)
        // One iteration reads the whole file: packets per second = packets × throughput (iterations/s).
        let body: Benchmark.BenchmarkClosure = { benchmark in
            for _ in benchmark.scaledIterations { blackHole(workload.run()) }
        }
        Benchmark(
            "capture flows: \(packets / 1_000_000)M × 64 B, 64k flows",
            configuration: Benchmark.Configuration(maxIterations: packets > 10_000_000 ? 1 : 5), closure: body)
    }
}
