import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Bytes between the GPUs of one node ride NVLink and are counted apart, for every collective.
@Suite struct NVLinkTests {
    static let gib = 1024.0 * 1024 * 1024

    @Test func ringAllReduceOnOneSUCountsEveryHopInsideTheNodes() throws {
        let r = try Support.oneSU("jobs:\n- {name: all, tenant: t, nodes: all}\n", .allReduce)
        // Each channel's ring has N − P hops between GPUs of one node, each carrying 2(N−1)/N·S / C:
        // (256 − 32) · 2·255/256 · 1 GiB over the 8 channels.
        #expect(r.statistics.localBytes == 479_157_288_960)
        #expect(r.statistics.localBytes == 224 * 2 * 255 / 256 * Self.gib)
        #expect(r.statistics.localFlows == 224 * 8)
        #expect(r.statistics.flows == 256)
    }

    @Test func reduceScatterAndAllGatherKeepHalfAsMuch() throws {
        for c in [Collective.reduceScatter, .allGather] {
            let r = try Support.oneSU("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0016]'}\n", c)
            #expect(r.statistics.localBytes == (128 - 16) * 127 / 128 * Self.gib)
        }
    }

    @Test func treeAllReduceChainsEachNodesGPUs() throws {
        let r = try Support.oneSU(
            "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0016]'}\n- {name: half, tenant: t, nodes: 'dgx[0017-0020]', gpusPerNode: 4}\n",
            .treeAllReduce)
        // Both trees cross each of a node's G − 1 chain hops up and down with half the data: 2(N − P)·S.
        #expect(r.communicators[0].statistics.localBytes == 2 * (128 - 16) * Self.gib)
        #expect(r.communicators[0].statistics.localFlows == 7 * 16 * 8 * 4)
        #expect(r.communicators[1].statistics.localBytes == 2 * (16 - 4) * Self.gib)
    }

    @Test func oneNodeAllReduceRunsAtTheNVLinkBandwidth() throws {
        let r = try Support.oneSU("jobs:\n- {name: one, tenant: t, nodes: 1}\n", .allReduce)
        // A ring of 8 GPUs closed inside the node: 8 hops of 2·7/8·S, on 8 channels.
        #expect(r.statistics.flows == 0)
        #expect(r.statistics.localBytes == 8 * 2 * 7 / 8 * Self.gib)
        #expect(r.statistics.localFlows == 8 * 8)
        let a = TrafficAnalysis(r)
        // Each GPU sends 2·7/8·S over its NVLink at 450 GB/s (DGX H100: 900 GB/s both ways).
        let t = 2 * 7 / 8 * Self.gib / 450e9
        #expect(abs(a.predictedTime - t) < 1e-15)
        #expect(a.idealTime == a.predictedTime)
        #expect(abs(a.busBandwidth - 450e9) < 1e-3)
        #expect(a.communicators[0].slowdown == 1)
    }

    @Test func fabricsWithoutAPresetHaveNoNVLinkTime() throws {
        let fabric = Support.fatTree(4, gpusPerHost: 4)
        let placement = try Support.jobs("jobs:\n- {name: one, tenant: t, nodes: 1}\n", fabric)
        let r = try Support.run(fabric, placement, .allReduce, size: Self.gib)
        #expect(r.statistics.localBytes == 4 * 2 * 3 / 4 * Self.gib)
        #expect(TrafficAnalysis(r).predictedTime == 0)
    }
}
