import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// The textbook k=4 fat-tree: 16 hosts, 2 per edge switch, 4 pods, 4 cores; (k/2)² = 4 equal-cost
/// paths between pods, k/2 = 2 inside a pod.
@Suite struct FatTreeTests {
    let fabric = Support.fatTree(4)
    let bytes = 1_000_000.0

    func load(_ r: SimulationResult, _ from: String, _ to: String) -> Double {
        let a = fabric.device(named: from)!
        let b = fabric.device(named: to)!
        return fabric.links(between: a, b).reduce(0) { acc, l in
            acc + r.loads.bytes[LinkLoads.index(l, upward: fabric.links[Int(l)].lower == a)]
        }
    }

    /// Hops and path count a pair of hosts must have, from where they sit.
    func expected(_ a: DeviceID, _ b: DeviceID) -> (hops: Int, paths: UInt64) {
        let ha = Int(fabric.devices[Int(a)].name.dropFirst(4).prefix(4))! - 1
        let hb = Int(fabric.devices[Int(b)].name.dropFirst(4).prefix(4))! - 1
        if ha / 2 == hb / 2 { return (2, 1) }
        if ha / 4 == hb / 4 { return (4, 2) }
        return (6, 4)
    }

    @Test func permutationPathCountsAndHops() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: all}\n", fabric)
        let flows = try Support.flows(fabric, placement, CollectiveOptions(collective: .permutation, size: bytes))
        #expect(flows.count == 16)
        #expect(Set(flows.map(\.destination)).count == 16)
        let router = Router(fabric: fabric, plane: .compute)
        for f in flows {
            let e = expected(f.source, f.destination)
            let count = router.count(from: f.source, to: f.destination)
            #expect(count.paths == e.paths)
            #expect(count.hops == e.hops)
        }
    }

    @Test(arguments: [RoutingChoice.ecmp, .dmodk, .fluid])
    func bytesAreConserved(routing: RoutingChoice) throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: all}\n", fabric)
        let flows = try Support.flows(fabric, placement, CollectiveOptions(collective: .permutation, size: bytes))
        let r = try Support.run(fabric, placement, .permutation, size: bytes, routing: routing)
        let byteHops = flows.reduce(0.0) { $0 + $1.bytes * Double(expected($1.source, $1.destination).hops) }
        #expect(r.statistics.byteHops == byteHops)
        #expect(abs(r.loads.bytes.reduce(0, +) - byteHops) < 1e-6)
    }

    @Test func fluidLoadsMatchPathEnumeration() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: all}\n", fabric)
        let flows = try Support.flows(fabric, placement, CollectiveOptions(collective: .permutation, size: bytes))
        let r = try Support.run(fabric, placement, .permutation, size: bytes, routing: .fluid)
        // Oracle: every enumerated path gets an equal share (k=4 has no parallel cables).
        let router = Router(fabric: fabric, plane: .compute)
        var oracle = [Double](repeating: 0, count: 2 * fabric.links.count)
        for f in flows {
            let paths = router.paths(from: f.source, to: f.destination, limit: 100)
            for p in paths {
                for (a, b) in zip(p, p.dropFirst()) {
                    let l = fabric.links(between: a, b)[0]
                    oracle[LinkLoads.index(l, upward: fabric.links[Int(l)].lower == a)] += f.bytes / Double(paths.count)
                }
            }
        }
        #expect(r.loads.bytes == oracle)
    }

    @Test func fluidSplitBetweenPodsByHand() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: 'host[0001,0016]'}\n", fabric)
        let r = try Support.run(fabric, placement, .permutation, size: bytes, routing: .fluid)
        let b = bytes
        #expect(load(r, "host0001-nic0", "edge-p0-0") == b)
        #expect(load(r, "edge-p0-0", "agg-p0-0") == b / 2)
        #expect(load(r, "edge-p0-0", "agg-p0-1") == b / 2)
        for (agg, core) in [
            ("agg-p0-0", "core-0"), ("agg-p0-0", "core-1"), ("agg-p0-1", "core-2"), ("agg-p0-1", "core-3"),
        ] {
            #expect(load(r, agg, core) == b / 4)
        }
        #expect(load(r, "core-0", "agg-p3-0") == b / 4)
        #expect(load(r, "agg-p3-0", "edge-p3-1") == b / 2)
        #expect(load(r, "edge-p3-1", "host0016-nic0") == b)
        // And the same back.
        #expect(load(r, "edge-p3-1", "agg-p3-1") == b / 2)
        #expect(load(r, "edge-p0-0", "host0001-nic0") == b)
    }

    @Test func failedCoreMovesLoadByHand() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: 'host[0001,0016]'}\n", fabric)
        let failures = try Failures.resolve(links: [], switches: ["core-0"], in: fabric)
        let r = try Support.run(fabric, placement, .permutation, size: bytes, routing: .fluid, failures: failures)
        // Three paths remain: via core-1 (agg-p0-0), core-2 and core-3 (agg-p0-1).
        let b = bytes
        #expect(load(r, "edge-p0-0", "agg-p0-0") == b / 3)
        #expect(load(r, "edge-p0-0", "agg-p0-1") == 2 * b / 3)
        #expect(load(r, "agg-p0-0", "core-0") == 0)
        #expect(load(r, "agg-p0-0", "core-1") == b / 3)
        #expect(load(r, "agg-p0-1", "core-2") == b / 3)
        #expect(load(r, "agg-p0-1", "core-3") == b / 3)
        #expect(load(r, "agg-p3-0", "edge-p3-1") == b / 3)
        #expect(load(r, "agg-p3-1", "edge-p3-1") == 2 * b / 3)
    }

    @Test func failedCoreCarriesNothingUnderECMP() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: all}\n", fabric)
        let failures = try Failures.resolve(links: [], switches: ["core-0"], in: fabric)
        let before = try Support.run(fabric, placement, .allToAll, size: bytes * 16, routing: .ecmp)
        let after = try Support.run(fabric, placement, .allToAll, size: bytes * 16, routing: .ecmp, failures: failures)
        let core0 = fabric.device(named: "core-0")!
        let coreLinks = fabric.incidentLinks(of: core0)
        #expect(coreLinks.contains { before.loads.bytes[2 * Int($0)] + before.loads.bytes[2 * Int($0) + 1] > 0 })
        #expect(coreLinks.allSatisfy { after.loads.bytes[2 * Int($0)] == 0 && after.loads.bytes[2 * Int($0) + 1] == 0 })
        #expect(after.statistics.unroutableFlows == 0)
        #expect(after.statistics.byteHops == before.statistics.byteHops)
    }

    @Test func failedLinkIsAvoided() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: 'host[0001,0016]'}\n", fabric)
        let edge = fabric.device(named: "edge-p0-0")!
        let agg = fabric.device(named: "agg-p0-0")!
        let link = Int(fabric.links(between: edge, agg)[0])
        let failures = try Failures.resolve(links: [link], switches: [], in: fabric)
        let r = try Support.run(fabric, placement, .permutation, size: bytes, routing: .fluid, failures: failures)
        #expect(load(r, "edge-p0-0", "agg-p0-1") == bytes)
        #expect(load(r, "agg-p0-1", "core-2") == bytes / 2)
        #expect(throws: InputError.self) { try Failures.resolve(links: [fabric.links.count], switches: [], in: fabric) }
        #expect(throws: InputError.self) { try Failures.resolve(links: [], switches: ["host0001"], in: fabric) }
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let placement = try Support.jobs("jobs:\n- {name: p, tenant: t, nodes: all}\n", fabric)
        let one = try Support.run(fabric, placement, .allToAll, size: 3e6, routing: .ecmp, qps: 3, threads: 1)
        let three = try Support.run(fabric, placement, .allToAll, size: 3e6, routing: .ecmp, qps: 3, threads: 3)
        #expect(one.loads.bytes == three.loads.bytes)
        #expect(one.loads.flows == three.loads.flows)
        #expect(one.statistics == three.statistics)
    }
}
