import Benchmark
import Foundation
import Workloads

// Writing 10-field CSV rows through `ByteWriter` to a file: one iteration writes 1M rows, so
// records per second = 1M × throughput (iterations/s). `make bench`'s ratio report puts the same
// work beside `cat` of the file.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10), maxIterations: 5)

    let records = 1_000_000
    let path = NSTemporaryDirectory() + "interlock-bench-csv-ordo.csv"
    Benchmark("CSV: 1M 10-field rows through ByteWriter to a file") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(OutputWorkloads.writeCSV(records: records, to: path)) }
    }
}
