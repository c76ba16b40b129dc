import Fabric
import InterlockCore
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

extension RingTests {
    @Test func ringAcrossTwoSUsCrossesTheSpineOnlyAtTheSUBoundaries() throws {
        let fabric = Support.rail(2)
        let placement = try Support.jobs("jobs:\n- {name: big, tenant: t, nodes: all}\n", fabric)
        let r = try Support.run(fabric, placement, .allReduce, size: Self.gib)
        let perRail = 2 * 511.0 / 512 * Self.gib / 8
        let byTier = Support.bytesByTier(r)
        #expect(byTier["host-leaf"]!.allSatisfy { $0 == perRail })
        // The ring crosses between SUs twice (dgx0032→dgx0033 and dgx0064→dgx0001), once per rail
        // channel, each crossing climbing one leaf-spine link and descending another.
        let spine = byTier["leaf-spine"]!
        #expect(spine.filter { $0 > 0 }.count == 2 * 8 * 2)
        #expect(spine.filter { $0 > 0 }.allSatisfy { $0 == perRail })
        #expect(r.statistics.spineCrossingBytes == 2 * 8 * perRail)
    }

    @Test func reduceScatterAndAllGatherSendHalfOfAllReduce() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0016]'}\n", fabric)
        for c in [Collective.reduceScatter, .allGather] {
            let r = try Support.run(fabric, placement, c, size: Self.gib)
            let loaded = Support.bytesByTier(r)["host-leaf"]!.filter { $0 > 0 }
            #expect(loaded.count == 2 * 16 * 8)
            #expect(loaded.allSatisfy { $0 == 127.0 / 128 * Self.gib / 8 })
        }
    }

    @Test func channelsSpreadOverQPs() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        let flows = try Support.flows(
            fabric, placement,
            CollectiveOptions(
                collective: .allReduce, size: Self.gib,
                channels: 16, qpsPerConnection: 4))
        // P nodes × C channels × QPs; every flow RoCEv2 to 4791 with a source port in 0xC000...
        #expect(flows.count == 4 * 16 * 4)
        #expect(
            flows.allSatisfy { $0.key.destinationPort == 4791 && $0.key.sourcePort >= 0xC000 && $0.key.proto == 17 })
        // Channel c leaves through NIC c mod 8 and stays on its rail.
        for f in flows {
            #expect(fabric.devices[Int(f.source)].rail == Int(f.channel) % 8)
            #expect(fabric.devices[Int(f.destination)].rail == Int(f.channel) % 8)
        }
        let total = flows.reduce(0) { $0 + $1.bytes }
        #expect(total == 4 * 2 * 31.0 / 32 * Self.gib)
        // The QPs of a connection differ in destination QP and (almost always) in source port.
        #expect(Set(flows.map(\.key.destinationQP)).count == flows.count)
    }

    @Test func channelsMustBeAMultipleOfTheRails() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n", fabric)
        #expect(throws: InputError.self) { try Support.run(fabric, placement, .allReduce, size: 1e6, channels: 12) }
        let half = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]', gpusPerNode: 4}\n", fabric)
        // Four GPUs use rails 0-3: 12 channels are a multiple of 4.
        let r = try Support.run(fabric, half, .allReduce, size: 1e6, channels: 12)
        #expect(r.statistics.flows == 4 * 12)
    }

    @Test func treeAllReduceMovesAsMuchAsTheRing() throws {
        let fabric = Support.rail(2)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0040]'}\n", fabric)
        let ring = try Support.run(fabric, placement, .allReduce, size: Self.gib)
        let tree = try Support.run(fabric, placement, .treeAllReduce, size: Self.gib)
        // 2(P−1)·S in all, as the ring; every edge of both trees in both directions on every channel.
        #expect(tree.statistics.bytes == 2 * 39 * Self.gib)
        // Flows carry whole bytes: 2·319/320·S/8 rounded, on 40 nodes × 8 channels.
        #expect(ring.statistics.bytes == 40 * 8 * (2 * 319.0 / 320 * Self.gib / 8).rounded())
        #expect(tree.statistics.flows == 2 * 2 * 39 * 8)
    }

    @Test(arguments: 1...40) func doubleBinaryTreesAreTreesWithDisjointInnerNodes(p: Int) {
        let t = DoubleBinaryTree(count: p)
        for k in 0..<2 {
            #expect(t.parents[k].filter { $0 < 0 }.count == 1)
            // Every position reaches the root without a cycle.
            for i in 0..<p {
                var at = i
                var steps = 0
                while let up = t.parent(of: at, tree: k) {
                    at = up
                    steps += 1
                    #expect(steps <= p)
                    if steps > p { break }
                }
            }
        }
        if p % 2 == 0 && p > 2 {
            let inner0 = Set(t.parents[0].filter { $0 >= 0 })
            let inner1 = Set(t.parents[1].filter { $0 >= 0 })
            #expect(inner0.isDisjoint(with: inner1))
        }
    }
}
