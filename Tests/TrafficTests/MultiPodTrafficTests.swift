import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Routing and traffic through the top tier of multi-pod rail-optimized fabrics: D-mod-K balance,
/// and an all-to-all's bytes per tier and time in closed form on a small two-pod fabric.
@Suite struct MultiPodTrafficTests {
    static let gib = 1024.0 * 1024 * 1024

    /// `pods` pods of `units` SUs of 4 nodes with `rails` NICs (one GPU each), `radix`-port switches.
    static func small(pods: Int, units: Int, radix: Int, rails: Int = 2) -> FabricGraph {
        var p = RailParameters(preset: .dgxH100, scalableUnits: units)
        p.nodesPerSU = 4
        p.rails = rails
        p.gpusPerNode = rails
        p.switchRadix = radix
        p.pods = pods
        return try! FabricGraph.generate(GeneratorDescription(compute: .rail(p), networks: []), name: "pods\(pods)")
    }

    /// (pods, SUs per pod, radix, rails): two-tier pods under cores; three-tier pods under supercores
    /// with one and two spine groups per rail, four pods (two supercores per core), and 8 rails whose
    /// leaves reach their one spine over four cables.
    static let shapes = [(2, 2, 16, 2), (2, 4, 8, 2), (4, 4, 8, 2), (2, 8, 8, 2), (2, 2, 16, 8)]

    /// A non-PXN all-to-all over every GPU loads no link more than a NIC's own cable, and every link of
    /// a tier alike in each direction: every core and supercore up-port carries the same share.
    @Test(arguments: shapes)
    func dModKLoadsEveryUpPortOfEveryTierEqually(pods: Int, units: Int, radix: Int, rails: Int) {
        let fabric = Self.small(pods: pods, units: units, radix: radix, rails: rails)
        let loads = DModKBalanceTests.allToAllLoads(fabric)
        let gpus = pods * units * 4 * rails
        #expect(loads.max() == gpus - rails)
        var byTier: [String: (up: Set<Int>, down: Set<Int>)] = [:]
        for (l, link) in fabric.links.enumerated() {
            byTier[link.tier.description, default: ([], [])].up.insert(loads[2 * l])
            byTier[link.tier.description, default: ([], [])].down.insert(loads[2 * l + 1])
        }
        let top = fabric.links.last!.tier.description
        #expect(top == (units * rails <= radix / 2 ? "spine-core" : "core-supercore"))
        for (tier, sets) in byTier {
            #expect(sets.up.count == 1 && sets.down.count == 1, "\(tier): \(sets)")
        }
    }

    /// Two pods of 4 SUs (three tiers each, one spine group per rail and pod), 64 GPUs, 1 GiB: each GPU
    /// sends b = S/64 to every other. Per tier, the bytes going up are N·b times the destinations
    /// beyond that tier's reach: other nodes (host-leaf), beyond the leaf (its SU's other 3 nodes on
    /// the rail, or with PXN the SU's other nodes whole), beyond the spine group (the pod's other 15
    /// nodes on the rail, or with PXN the pod's), beyond the pod (N/2). The same under D-mod-K, ECMP
    /// and fluid (every shortest up-down path climbs the same tiers); D-mod-K and fluid meet the NIC
    /// bound, and the pods' bisection allows it.
    @Test(arguments: [false, true], [RoutingChoice.dmodk, .ecmp, .fluid])
    func allToAllBytesPerTierAndTime(pxn: Bool, routing: RoutingChoice) throws {
        let fabric = Self.small(pods: 2, units: 4, radix: 8)
        let placement = try Support.jobs("jobs:\n- {name: all, tenant: t, nodes: all}\n", fabric)
        let r = try Support.run(fabric, placement, .allToAll, size: Self.gib, routing: routing, pxn: pxn)
        let (n, g) = (64.0, 2.0)
        let b = Self.gib / n
        let beyondLeaf = pxn ? n - g - 3 * g : n - g - 3
        let beyondGroup = pxn ? n - g - 15 * g : n - g - 15
        let expected: [String: Double] = [
            "host-leaf": n * (n - g) * b, "leaf-spine": n * beyondLeaf * b, "spine-core": n * beyondGroup * b,
            "core-supercore": n * (n / 2) * b,
        ]
        let tiers = Support.bytesByTier(r)
        for (tier, bytes) in expected {
            let directions = try #require(tiers[tier])
            let up = stride(from: 0, to: directions.count, by: 2).reduce(0.0) { $0 + directions[$1] }
            let down = stride(from: 1, to: directions.count, by: 2).reduce(0.0) { $0 + directions[$1] }
            #expect(abs(up - bytes) <= 1e-9 * bytes, "\(tier) up: \(up) vs \(bytes)")
            #expect(abs(down - bytes) <= 1e-9 * bytes, "\(tier) down: \(down) vs \(bytes)")
        }
        let a = TrafficAnalysis(r)
        let nicTime = (n - g) * b / 50e9
        #expect(abs(a.idealTime - nicTime) <= 1e-12 * nicTime)
        if routing != .ecmp { #expect(abs(a.predictedTime - nicTime) <= 1e-9 * nicTime) }
        #expect(a.predictedTime >= a.idealTime)
        // Bisection: half the GPUs send b to each GPU of the other pod over the other half's 32
        // supercore cables (non-blocking: 32 × 400 Gb/s), which takes less than the NIC bound.
        let bisectionTime = (n / 2) * (n / 2) * b / ((n / 2) * 50e9)
        #expect(bisectionTime < nicTime)
    }

    /// The aggregated all-to-all (what `traffic simulate` takes at 131,072 GPUs) gives what routing each
    /// flow on its own gives through the supercores: loads, totals, figures and reports.
    @Test(arguments: [false, true])
    func aggregatedAllToAllEqualsPerFlowAcrossPods(pxn: Bool) throws {
        let fabric = Self.small(pods: 2, units: 2, radix: 16, rails: 8)
        let placement = try Support.jobs("jobs:\n- {name: all, tenant: t, nodes: all}\n", fabric)
        try AggregationTests.expectSame(fabric, placement, pxn: pxn, size: Self.gib, qps: 1, span: .job)
    }

    /// A ring all-reduce over two pods of 4 SUs (64 GPUs, 2 rail channels): every NIC link carries
    /// 2·63/64·S/2 each way; each channel crosses an SU boundary 8 times (dgx0004→dgx0005, …, and
    /// dgx0032→dgx0001), climbing one leaf-spine link and descending another, and a pod boundary twice
    /// (dgx0016→dgx0017, dgx0032→dgx0001), which alone climb to the cores and supercores.
    @Test func ringCrossesTheSupercoresOnlyAtThePodBoundaries() throws {
        let fabric = Self.small(pods: 2, units: 4, radix: 8)
        let placement = try Support.jobs("jobs:\n- {name: all, tenant: t, nodes: all}\n", fabric)
        let r = try Support.run(fabric, placement, .allReduce, size: Self.gib)
        let perRail = 2 * 63.0 / 64 * Self.gib / 2
        let byTier = Support.bytesByTier(r)
        #expect(byTier["host-leaf"]!.allSatisfy { $0 == perRail })
        for (tier, crossings) in [("leaf-spine", 8), ("spine-core", 2), ("core-supercore", 2)] {
            let loaded = byTier[tier]!.filter { $0 > 0 }
            #expect(loaded.count == crossings * 2 * 2, "\(tier)")
            #expect(loaded.allSatisfy { $0 == perRail }, "\(tier)")
        }
    }
}
