import Fabric
import Testing
@testable import Traffic

@Suite struct RingTests {
    static let gib = 1024.0 * 1024 * 1024

    @Test func ringAllReduceOnOneSULoadsEveryRailLinkEqually() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: big, tenant: t, nodes: all}\n", fabric)
        let r = try Support.run(fabric, placement, .allReduce, size: Self.gib)
        let byTier = Support.bytesByTier(r)
        // 2·255/256·S/8 on every host-leaf link direction; nothing above the leaves.
        let expected = 2 * 255.0 / 256 * Self.gib / 8
        #expect(byTier["host-leaf"]!.count == 2 * 256)
        #expect(byTier["host-leaf"]!.allSatisfy { $0 == expected })
        #expect(byTier["leaf-spine"]!.allSatisfy { $0 == 0 })
        #expect(r.statistics.flows == 32 * 8)
        #expect(r.statistics.spineCrossingBytes == 0)
        #expect(r.statistics.crossRailBytes == 0)
    }
}
