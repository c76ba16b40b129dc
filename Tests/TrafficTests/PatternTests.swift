import Fabric
import InterlockCore
import Testing

@testable import Traffic

@Suite struct PatternTests {
    let fabric = Support.rail(1)
    let gib = 1024.0 * 1024 * 1024

    func load(_ r: SimulationResult, _ from: String, _ to: String) -> Double {
        let a = fabric.device(named: from)!
        let b = fabric.device(named: to)!
        return fabric.links(between: a, b).reduce(0) {
            $0 + r.loads.bytes[LinkLoads.index($1, upward: fabric.links[Int($1)].lower == a)]
        }
    }

    @Test func incastConvergesOnTheReceiversLink() throws {
        let p = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0009]'}\n", fabric)
        let r = try Support.run(fabric, p, .incast, size: gib)
        #expect(r.statistics.flows == 8)
        #expect(load(r, "leaf-su1-r0", "dgx0001-nic0") == 8 * gib)
        let a = TrafficAnalysis(r)
        // The receiver's link needs 8 S; each sender's 1 S on a non-blocking fabric too (the
        // receiver's own link is an endpoint link): slowdown 1, time 8 S at 400 Gb/s.
        #expect(abs(a.predictedTime - 8 * gib * 8 / 400e9) < 1e-12)
        #expect(a.slowdown == 1)
    }

    @Test func storageReadsStripeOverTheServers() throws {
        let p = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        let r = try Support.run(fabric, p, .storageRead, size: 4 * gib)
        #expect(r.statistics.flows == 4 * 4)
        #expect(r.routingModes.map(\.plane) == [.storage])
        for n in 1...4 {
            let host = "dgx000\(n)"
            let leaf = fabric.devices[
                Int(
                    fabric.links[
                        Int(
                            fabric.incidentLinks(of: fabric.device(named: host)!).first {
                                fabric.links[Int($0)].plane == .storage
                            }!)
                    ].upper)
            ].name
            #expect(load(r, leaf, host) == 4 * gib)
        }
    }

    @Test func backgroundLoadRidesTheFrontEnd() throws {
        let p = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0005]'}\n", fabric)
        let r = try Support.run(fabric, p, .background, size: 4 * gib)
        #expect(r.statistics.flows == 5 * 4)
        #expect(r.statistics.bytes == 5 * 4 * gib)
        let flows = try Support.flows(fabric, p, CollectiveOptions(collective: .background, size: 4 * gib))
        #expect(flows.allSatisfy { $0.plane == .frontend && $0.key.proto == 6 && $0.key.destinationPort == 29500 })
        #expect(flows.allSatisfy { (32768...60999).contains($0.key.sourcePort) })
    }

    @Test func utilizationOverAGivenTime() throws {
        let p = try Support.jobs("jobs:\n- {name: a, tenant: t, nodes: 'dgx[0001-0002]'}\n", fabric)
        let r = try Support.run(fabric, p, .permutation, size: gib)
        // Each NIC sends S: at 400 Gb/s that takes S·8/400e9.
        let t = gib * 8 / 400e9
        let bottleneck = TrafficAnalysis(r)
        #expect(abs(bottleneck.predictedTime - t) < 1e-12)
        let twice = TrafficAnalysis(r, timeBase: .iteration(2 * t))
        #expect(abs(twice.tiers.first { $0.tier.description == "host-leaf" }!.maxUtilization - 0.5) < 1e-12)
        // At 200 Gb/s of algorithm bandwidth S takes twice as long: 50 %.
        let rate = TrafficAnalysis(r, timeBase: .rate(200e9))
        #expect(abs(rate.time - 2 * t) < 1e-12)
        // nccl-tests: sendrecv's bus bandwidth is its algorithm bandwidth.
        #expect(abs(bottleneck.busBandwidth - gib / t) < 1e-3)
    }

    @Test func jobsSharingLinksSlowEachOtherDown() throws {
        // Two jobs on the same nodes' other GPUs share nothing on a rail fabric; a permutation
        // over everything that crosses the spine shows imbalance figures.
        let p = try Support.jobs(
            """
            jobs:
            - {name: a, tenant: t, nodes: 'dgx[0001-0008]', gpusPerNode: 4}
            - {name: b, tenant: t, nodes: 'dgx[0001-0008]', gpusPerNode: 4}
            """, fabric)
        let r = try Support.run(fabric, p, .allToAll, size: gib)
        let a = TrafficAnalysis(r)
        #expect(a.communicators.count == 2)
        // Job a uses rails 0-3, job b rails 4-7: each alone on its links.
        #expect(a.communicators.allSatisfy { abs($0.slowdown - 1) < 1e-9 || $0.slowdown >= 1 })
        #expect(!a.imbalance.isEmpty)
        #expect(a.imbalance.allSatisfy { $0.worst >= 1 && $0.mean >= 1 && $0.worst >= $0.mean })
    }
}
