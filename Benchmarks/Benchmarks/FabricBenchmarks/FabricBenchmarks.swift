import Benchmark
import Fabric
import Workloads

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(5), maxIterations: 10)

    let fatTree = try! FabricGraph.generate(FabricWorkloads.fatTree64, name: "k64")
    let superPOD = try! FabricGraph.generate(FabricWorkloads.superPOD64, name: "su64")
    var workloads: [(String, Workload)] = [
        ("generate + validate k=64 fat-tree", FabricWorkloads.generateWorkload(FabricWorkloads.fatTree64, name: "k64")),
        (
            "generate + validate 64-SU DGX H100",
            FabricWorkloads.generateWorkload(FabricWorkloads.superPOD64, name: "su64")
        ),
        (
            "build routing tables k=64 fat-tree",
            Workload(name: "Router.init", unit: "routers") {
                blackHole(Router(fabric: fatTree, plane: .compute))
                return 1
            }
        ),
    ]
    let comparisons: [(String, Comparison)] = [
        ("count paths k=64", FabricWorkloads.countComparison(fatTree, title: "")),
        ("count paths 64-SU", FabricWorkloads.countComparison(superPOD, title: "")),
        ("route ECMP k=64", FabricWorkloads.routeComparison(fatTree, mode: .ecmp, title: "")),
        ("route D-mod-K 64-SU", FabricWorkloads.routeComparison(superPOD, mode: .dmodk, title: "")),
    ]
    for (name, comparison) in comparisons {
        workloads.append(("\(name): \(comparison.subject.name)", comparison.subject))
        workloads.append(("\(name): \(comparison.baseline.name)", comparison.baseline))
    }
    for (name, workload) in workloads {
        Benchmark(name) { (benchmark: Benchmark) -> Void in
            for _ in benchmark.scaledIterations { Benchmark.blackHole(workload.run()) }
        }
    }
}
