import Fabric
import InterlockCore

/// Generating, validating and routing fabrics: the k=64 fat-tree and the 64-SU rail-optimized
/// SuperPOD with its user networks, path counting and path picking per query.
public enum FabricWorkloads {
    public static let fatTree64 = GeneratorDescription.withUserNetworks(.fatTree(FatTreeParameters(k: 64)))
    public static let superPOD64 = GeneratorDescription.withUserNetworks(
        .rail(RailParameters(preset: .dgxH100, scalableUnits: 64)))

    /// The comparisons of the ratio report: generation, validation, path counting and path picking
    /// on the largest sizes.
    public static func comparisons() -> [Comparison] {
        let fatTree = try! FabricGraph.generate(fatTree64, name: "k64")
        let superPOD = try! FabricGraph.generate(superPOD64, name: "su64")
        return [
            Comparison(
                title: "generate + validate k=64 fat-tree (with user networks)",
                subject: generateWorkload(fatTree64, name: "k64"), baseline: naiveFatTreeWorkload(k: 64)),
            Comparison(
                title: "generate + validate 64-SU DGX H100 (with user networks)",
                subject: generateWorkload(superPOD64, name: "su64"),
                baseline: loadExpandedWorkload(superPOD64, name: "su64")),
            countComparison(fatTree, title: "count equal-cost paths, k=64 fat-tree"),
            countComparison(superPOD, title: "count equal-cost paths, 64-SU SuperPOD"),
            routeComparison(fatTree, mode: .ecmp, title: "pick a flow's path (ECMP), k=64 fat-tree"),
            routeComparison(superPOD, mode: .dmodk, title: "pick a flow's path (D-mod-K), 64-SU SuperPOD"),
        ]
    }

    /// Generates and validates (addresses checked unique) a fabric; items are links.
    public static func generateWorkload(_ d: GeneratorDescription, name: String) -> Workload {
        Workload(name: "Fabric.generate \(name)", unit: "links") {
            let f = try! FabricGraph.generate(d, name: name)
            return f.links.count
        }
    }

    /// Baseline for the fat-tree: a naive generator into a dictionary of adjacency lists keyed by
    /// name (the shape a first attempt, or NetworkX, takes), with the same checks.
    public static func naiveFatTreeWorkload(k: Int) -> Workload {
        Workload(name: "naive [String: [String]] generator", unit: "links") {
            var adjacency: [String: [String]] = [:]
            var links = 0
            func add(_ name: String) { precondition(adjacency.updateValue([], forKey: name) == nil, "duplicate") }
            func link(_ a: String, _ b: String) {
                precondition(adjacency[a] != nil && adjacency[b] != nil, "unknown node")
                adjacency[a]!.append(b)
                adjacency[b]!.append(a)
                links += 1
            }
            let half = k / 2
            for pod in 0..<k {
                for e in 0..<half {
                    add("edge-p\(pod)-\(e)")
                    add("agg-p\(pod)-\(e)")
                }
            }
            for c in 0..<half * half { add("core-\(c)") }
            for h in 0..<(k * k * k / 4) {
                let name = "host\(h + 1)"
                add(name)
                add(name + "-nic0")
                link(name + "-nic0", "edge-p\(h / (half * half))-\(h / half % half)")
            }
            for pod in 0..<k {
                for e in 0..<half { for a in 0..<half { link("edge-p\(pod)-\(e)", "agg-p\(pod)-\(a)") } }
                for a in 0..<half { for j in 0..<half { link("agg-p\(pod)-\(a)", "core-\(a * half + j)") } }
            }
            return links
        }
    }

    /// Baseline for the SuperPOD: reading the same fabric from its explicit YAML form.
    public static func loadExpandedWorkload(_ d: GeneratorDescription, name: String) -> Workload {
        let text = TopologyWriter.expanded(try! FabricGraph.generate(d, name: name))
        return Workload(name: "load explicit YAML (\(text.utf8.count / 1_000_000) MB)", unit: "links") {
            try! TopologyFile.load(text: text, file: "\(name).yaml").links.count
        }
    }

    /// Source/destination NIC pairs spread over the fabric, deterministic.
    public static func pairs(_ f: FabricGraph, count: Int) -> [(DeviceID, DeviceID)] {
        let nics = f.devices.indices.filter { f.devices[$0].kind == .nic }.map { DeviceID($0) }
        var state: UInt64 = 0x1234_5678
        func next() -> Int {
            state = HashMix.splitMix64(state)
            return Int(state % UInt64(nics.count))
        }
        return (0..<count).map { _ in
            let a = next()
            var b = next()
            if b == a { b = (b + 1) % nics.count }
            return (nics[a], nics[b])
        }
    }

    /// Path counting in closed form (up-closures) against breadth-first path counting over the
    /// whole plane per query; items are queries.
    public static func countComparison(_ f: FabricGraph, title: String, baselineQueries: Int = 200) -> Comparison {
        let graph = PlaneGraph(fabric: f, plane: .compute)
        let queries = pairs(f, count: 20_000)
        let baseline = BFSPathCounter(fabric: f, plane: .compute)
        let few = Array(queries.prefix(baselineQueries))
        return Comparison(
            title: title,
            subject: Workload(name: "PlaneGraph.count", unit: "queries") {
                let w = RouterWorkspace(graph: graph)
                var total: UInt64 = 0
                for (s, t) in queries { total &+= graph.count(from: s, to: t, workspace: w).linkPaths }
                blackHole(total)
                return queries.count
            },
            baseline: Workload(name: "BFS path counting", unit: "queries") {
                var total: UInt64 = 0
                for (s, t) in few { total &+= baseline.count(from: s, to: t) }
                blackHole(total)
                return few.count
            })
    }

    /// Picking one flow's path (ECMP or D-mod-K) against enumerating every equal-cost path and
    /// hashing to one; items are flows.
    public static func routeComparison(_ f: FabricGraph, mode: RoutingMode, title: String) -> Comparison {
        let router = Router(fabric: f, plane: .compute, mode: mode)
        let queries = pairs(f, count: 200_000)
        let few = Array(queries.prefix(500))
        return Comparison(
            title: title,
            subject: Workload(name: "Router.route (\(mode.rawValue))", unit: "flows") {
                var path: [LinkID] = []
                path.reserveCapacity(8)
                var total = 0
                for (i, (s, t)) in queries.enumerated() {
                    let flow = ECMPKey(
                        source: UInt32(s), destination: UInt32(t), sourcePort: UInt16(truncatingIfNeeded: 49152 + i),
                        destinationPort: 4791, proto: 17)
                    router.route(from: s, to: t, flow: flow, into: &path)
                    total &+= path.count
                }
                blackHole(total)
                return queries.count
            },
            baseline: Workload(name: "enumerate paths, hash one", unit: "flows") {
                var total = 0
                for (i, (s, t)) in few.enumerated() {
                    let all = router.paths(from: s, to: t, limit: Int.max)
                    let h = ECMPKey(
                        source: UInt32(s), destination: UInt32(t), sourcePort: UInt16(truncatingIfNeeded: 49152 + i),
                        destinationPort: 4791, proto: 17
                    ).hash(includingQP: false)
                    total &+= all.isEmpty ? 0 : all[Int(h % UInt64(all.count))].count
                }
                blackHole(total)
                return few.count
            })
    }
}

/// The textbook way to count shortest paths: breadth-first search from the source over the plane's
/// whole graph (switch-level adjacency built once), counting paths per node.
public struct BFSPathCounter: Sendable {
    let adjacency: [[Int32]]

    public init(fabric f: FabricGraph, plane: Plane) {
        var adjacency = [[Int32]](repeating: [], count: f.devices.count)
        for l in f.links where l.plane == plane {
            adjacency[Int(l.lower)].append(l.upper)
            adjacency[Int(l.upper)].append(l.lower)
        }
        self.adjacency = adjacency
    }

    /// Shortest paths from `s` to `t` counted by link (parallel cables separate); endpoints other
    /// than `s` and `t` are not crossed.
    public func count(from s: DeviceID, to t: DeviceID) -> UInt64 {
        var distance = [Int32](repeating: -1, count: adjacency.count)
        var paths = [UInt64](repeating: 0, count: adjacency.count)
        var queue = [Int32(s)]
        distance[Int(s)] = 0
        paths[Int(s)] = 1
        var head = 0
        while head < queue.count {
            let x = Int(queue[head])
            head += 1
            if x == Int(t) { break }
            if x != Int(s) && adjacency[x].count == 1 { continue }
            for y in adjacency[x] {
                if distance[Int(y)] < 0 {
                    distance[Int(y)] = distance[x] + 1
                    queue.append(y)
                }
                if distance[Int(y)] == distance[x] + 1 { paths[Int(y)] &+= paths[x] }
            }
        }
        return paths[Int(t)]
    }
}
