import Fabric
import InterlockCore
import Testing

@testable import Traffic

@Suite struct AllToAllTests {
    static let gib = 1024.0 * 1024 * 1024

    /// P nodes with P_su of them in each SU, R = 8 rails.
    func share(_ hostlist: String, units: Int, pxn: Bool) throws -> (share: Double, result: SimulationResult) {
        let fabric = Support.rail(units)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: '\(hostlist)'}\n", fabric)
        let r = try Support.run(fabric, placement, .allToAll, size: Self.gib, pxn: pxn)
        return (r.statistics.spineCrossingBytes / r.statistics.routedBytes, r)
    }

    @Test func spineCrossingShareWithoutPXN() throws {
        // 1 − (P_su−1)/((P−1)·R)
        let (a, _) = try share("dgx[0001-0064]", units: 2, pxn: false)
        #expect(abs(a - (1 - 31.0 / (63 * 8))) < 1e-12)
        let (b, _) = try share("dgx[0001-0016,0033-0048]", units: 2, pxn: false)
        #expect(abs(b - (1 - 15.0 / (31 * 8))) < 1e-12)
    }

    @Test func spineCrossingShareWithPXN() throws {
        // (P − P_su)/(P − 1)
        let (a, r) = try share("dgx[0001-0064]", units: 2, pxn: true)
        #expect(abs(a - 32.0 / 63) < 1e-12)
        #expect(r.statistics.crossRailBytes == 0)
        #expect(r.statistics.flows == 64 * 63 * 8)
        let (b, _) = try share("dgx[0001-0016,0033-0048]", units: 2, pxn: true)
        #expect(abs(b - 16.0 / 31) < 1e-12)
    }

    @Test func bytesAddUpWithAndWithoutPXN() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0008]'}\n", fabric)
        let n = 64.0
        for pxn in [false, true] {
            let r = try Support.run(fabric, placement, .allToAll, size: Self.gib, pxn: pxn)
            // (N − G)/N·S leaves each rank for other nodes; the rest stays in the node, plus PXN relays.
            #expect(r.statistics.bytes == n * (n - 8) / n * Self.gib)
            let relays = pxn ? n * 7.0 / 8 * (n - 8) / n * Self.gib : 0
            #expect(r.statistics.localBytes == n * 8 / n * Self.gib + relays)
            #expect(r.statistics.flows == (pxn ? 8 * 7 * 8 : 64 * 56))
        }
    }

    @Test func railOnlyFabricNeedsPXN() throws {
        let fabric = Support.rail(2, railOnly: true, transport: .roce)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004,0033-0036]'}\n", fabric)
        let without = try Support.run(fabric, placement, .allToAll, size: Self.gib)
        // Cross-rail pairs have no path: 7 of every 8 inter-node pairs.
        #expect(without.statistics.unroutableFlows == 64 * 56 * 7 / 8)
        let with = try Support.run(fabric, placement, .allToAll, size: Self.gib, pxn: true)
        #expect(with.statistics.unroutableFlows == 0)
    }
}

extension AllToAllTests {
    /// D-mod-K numbers destinations leaf by leaf and spreads a leaf's destinations over its
    /// up-links and over the parallel cables down to it: the rail-aligned all-to-all then loads
    /// every leaf-spine link equally and runs as fast as on a non-blocking fabric.
    @Test func dmodkCarriesThePXNAllToAllWithoutContention() throws {
        let (_, r) = try share("dgx[0001-0064]", units: 2, pxn: true)
        let a = TrafficAnalysis(r)
        #expect(abs(a.slowdown - 1) < 1e-9)
        #expect(a.imbalance.allSatisfy { abs($0.worst - 1) < 1e-9 })
        let spine = Support.bytesByTier(r)["leaf-spine"]!
        #expect(Set(spine).count == 1)
    }
}

extension AllToAllTests {
    /// Three tiers with two spine groups per rail (10 SUs of 8 nodes under 16-port switches): the
    /// same-rail traffic between the groups crosses the cores, and D-mod-K still loads every link
    /// evenly.
    @Test func dmodkIsContentionFreeThroughTheCores() throws {
        var p = RailParameters(preset: .dgxH100, scalableUnits: 10)
        p.nodesPerSU = 8
        p.switchRadix = 16
        let fabric = try FabricGraph.generate(GeneratorDescription(compute: .rail(p), networks: []), name: "three-tier")
        #expect(try RailLayout(p).tiers == 3 && RailLayout(p).groups == 16)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: all}\n", fabric)
        let r = try Support.run(fabric, placement, .allToAll, size: Self.gib, pxn: true)
        let a = TrafficAnalysis(r)
        #expect(r.statistics.flows == 80 * 79 * 8)
        #expect(abs(a.slowdown - 1) < 1e-9)
        #expect(a.imbalance.count == 2 && a.imbalance.allSatisfy { abs($0.worst - 1) < 1e-9 })
        #expect(a.tiers.first { $0.tier.description == "spine-core" }!.loaded > 0)
    }

    @Test func conversationsSumTheFlowMatrix() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        // Without PXN: one connection per pair of ranks on different nodes (32 · 24), each over
        // two QPs; every rank has its own NIC, so each connection is its own conversation.
        let options = CollectiveOptions(collective: .allToAll, size: Self.gib, qpsPerConnection: 2)
        let plain = try TrafficSimulator.conversations(fabric: fabric, placement: placement, collective: options)
        #expect(
            plain.count == 32 * 24
                && plain.allSatisfy { $0.flows == 2 && $0.key.port == 4791 && $0.key.plane == .compute })
        let run = try Support.run(fabric, placement, .allToAll, size: Self.gib, qps: 2)
        #expect(plain.reduce(0) { $0 + $1.bytes } == run.statistics.bytes && plain.count * 2 == run.statistics.flows)
        #expect(zip(plain, plain.dropFirst()).allSatisfy { $0.key < $1.key })
        // With PXN: one flow per (source node, destination node, rail): P(P−1)·8.
        let pxn = try TrafficSimulator.conversations(
            fabric: fabric, placement: placement,
            collective: CollectiveOptions(collective: .allToAll, size: Self.gib, pxn: true))
        #expect(pxn.count == 4 * 3 * 8 && pxn.allSatisfy { $0.flows == 1 })
    }
}
