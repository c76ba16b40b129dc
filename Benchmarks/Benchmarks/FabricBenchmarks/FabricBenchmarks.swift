import Benchmark
import Fabric
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(5), maxIterations: 10)

    for (name, description) in [("k=64 fat-tree", FabricWorkloads.fatTree64), ("64-SU DGX H100", FabricWorkloads.superPOD64)] {
        let workload = FabricWorkloads.generateWorkload(description, name: name)
        Benchmark("generate + validate \(name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(workload.run()) }
        }
    }
    let fatTree = try! Fabric.generate(FabricWorkloads.fatTree64, name: "k64")
    let superPOD = try! Fabric.generate(FabricWorkloads.superPOD64, name: "su64")
    Benchmark("build routing tables k=64 fat-tree") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Router(fabric: fatTree, plane: .compute)) }
    }
    for (name, comparison) in [
        ("count paths k=64", FabricWorkloads.countComparison(fatTree, title: "")),
        ("count paths 64-SU", FabricWorkloads.countComparison(superPOD, title: "")),
        ("route ECMP k=64", FabricWorkloads.routeComparison(fatTree, mode: .ecmp, title: "")),
        ("route D-mod-K 64-SU", FabricWorkloads.routeComparison(superPOD, mode: .dmodk, title: "")),
    ] {
        for workload in [comparison.subject, comparison.baseline] {
            Benchmark("\(name): \(workload.name)") { benchmark in
                for _ in benchmark.scaledIterations { blackHole(workload.run()) }
            }
        }
    }
}
