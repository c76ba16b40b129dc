import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Broadcast, reduce, gather, scatter, barrier and send-receive: bytes per NIC, NVLink bytes, time
/// and bus bandwidth in closed form (nccl-tests' factors: 1 for broadcast and reduce, (N−1)/N for
/// gather and scatter).
@Suite struct CollectiveKindsTests {
    static let gib = 1024.0 * 1024 * 1024

    /// Bytes each compute NIC sends up and receives down its link to the leaf.
    static func nicBytes(_ r: SimulationResult) -> [DeviceID: (sent: Double, received: Double)] {
        var out: [DeviceID: (sent: Double, received: Double)] = [:]
        for (l, link) in r.fabric.links.enumerated()
        where link.plane == .compute && link.tier.description == "host-leaf" {
            out[link.lower] = (r.loads.bytes[2 * l], r.loads.bytes[2 * l + 1])
        }
        return out
    }

    /// Bytes per second of a NIC's link.
    static func nicRate(_ fabric: FabricGraph) -> Double {
        fabric.links.first { $0.plane == .compute && $0.tier.description == "host-leaf" }!.gbps * 1e9 / 8
    }

    @Test func broadcastAndReduceCrossEveryNodeBoundaryButOne() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0016]'}\n", fabric)
        let nodes = placement.jobs[0].nodes
        let rate = Self.nicRate(fabric)
        for c in [Collective.broadcast, .reduce] {
            let r = try Support.run(fabric, placement, c, size: Self.gib)
            let nic = Self.nicBytes(r)
            // Each of the 8 channels carries S/8 from node i to node i + 1 on its rail: the chain
            // leaves out the hop into the root's node (broadcast) or out of it (reduce).
            for (i, node) in nodes.enumerated() {
                let sends = c == .broadcast ? i < nodes.count - 1 : i != 0
                let receives = c == .broadcast ? i != 0 : i != 1
                for slot in node.slots {
                    #expect(nic[slot.nic]!.sent == (sends ? Self.gib / 8 : 0), "\(c) node \(i) sends")
                    #expect(nic[slot.nic]!.received == (receives ? Self.gib / 8 : 0), "\(c) node \(i) receives")
                }
            }
            #expect(Support.bytesByTier(r)["leaf-spine"]!.allSatisfy { $0 == 0 })
            #expect(r.statistics.flows == 15 * 8)
            // N − P hops inside the nodes carry S each: every non-root rank receives (or sends) S.
            #expect(r.statistics.localBytes == (128 - 16) * Self.gib)
            #expect(r.statistics.bytes + r.statistics.localBytes == 127 * Self.gib)
            let a = TrafficAnalysis(r)
            #expect(a.predictedTime == Self.gib / 8 / rate)
            // busBw = algBw × 1: the 8 NICs' rate.
            #expect(abs(a.busBandwidth - 8 * rate) < 1e-6 * rate)
            #expect(a.busBandwidth == a.algorithmBandwidth)
        }
    }

    @Test func gatherAndScatterConvergeOnTheRootsNIC() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        let root = placement.jobs[0].nodes[0].slots[0].nic
        let rate = Self.nicRate(fabric)
        let n = 32.0
        for c in [Collective.gather, .scatter] {
            let r = try Support.run(fabric, placement, c, size: Self.gib)
            let nic = Self.nicBytes(r)
            // The 24 ranks of the other nodes send (receive) S/N each from their own NIC; the root's
            // 8 node-mates and the root itself copy over NVLink.
            let remote = 24 * Self.gib / n
            #expect(nic[root]! == (c == .scatter ? (remote, 0) : (0, remote)))
            for node in placement.jobs[0].nodes.dropFirst() {
                for slot in node.slots {
                    #expect(nic[slot.nic]! == (c == .gather ? (Self.gib / n, 0) : (0, Self.gib / n)))
                }
            }
            #expect(r.statistics.flows == 24)
            #expect(r.statistics.localBytes == 8 * Self.gib / n)
            // Ranks on rails 1-7 of the other nodes reach rail 0 over the spine.
            #expect(r.statistics.spineCrossingBytes == 21 * Self.gib / n)
            let a = TrafficAnalysis(r)
            #expect(a.predictedTime == remote / rate)
            #expect(abs(a.busBandwidth - Self.gib / (remote / rate) * (n - 1) / n) < 1e-6 * rate)
        }
    }

    @Test func aBarrierMovesNoByte() throws {
        let r = try Support.oneSU("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", .barrier)
        #expect(r.statistics.flows == 0 && r.statistics.bytes == 0 && r.statistics.localBytes == 0)
        let a = TrafficAnalysis(r)
        #expect(a.predictedTime == 0 && a.busBandwidth == 0 && a.completes)
    }

    @Test func sendReceiveGoesFromTheFirstRankToTheLast() throws {
        let fabric = Support.rail(1)
        let two = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0002]'}\n", fabric)
        let r = try Support.run(fabric, two, .sendReceive, size: Self.gib)
        // Rank 0 (rail 0) to rank 15 (rail 7 of the second node): one flow of S over the spine.
        #expect(r.statistics.flows == 1 && r.statistics.bytes == Self.gib)
        #expect(r.statistics.spineCrossingBytes == Self.gib)
        let nic = Self.nicBytes(r)
        #expect(nic[two.jobs[0].nodes[0].slots[0].nic]!.sent == Self.gib)
        #expect(nic[two.jobs[0].nodes[1].slots[7].nic]!.received == Self.gib)
        #expect(TrafficAnalysis(r).predictedTime == Self.gib / Self.nicRate(fabric))
        // Inside one node: S over NVLink, at one GPU's NVLink bandwidth.
        let one = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 1}\n", fabric)
        let local = try Support.run(fabric, one, .sendReceive, size: Self.gib)
        #expect(local.statistics.flows == 0 && local.statistics.localBytes == Self.gib)
        #expect(TrafficAnalysis(local).predictedTime == Self.gib / fabric.nvlinkBytesPerSecond!)
    }

    @Test func namesParse() {
        for c in [Collective.broadcast, .reduce, .gather, .scatter, .barrier, .sendReceive] {
            #expect(Collective(name: c.rawValue) == c)
        }
        #expect(Collective(name: "bcast") == .broadcast)
        #expect(Collective.sendReceive.busFactor(ranks: 8) == 1 && Collective.gather.busFactor(ranks: 8) == 7.0 / 8)
    }
}
