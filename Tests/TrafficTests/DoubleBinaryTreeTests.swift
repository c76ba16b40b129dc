import Fabric
import Testing

@testable import Traffic

/// NCCL's double binary tree (`src/graph/trees.cc`) written again from its description, by recursion
/// over blocks of ranks instead of bit arithmetic on each rank.
enum ReferenceTrees {
    /// Tree 0: rank 0 is the root; below it the ranks lo+1 ..< lo+size of a block (size a power of
    /// two, lo a multiple of it) form an in-order tree rooted at the middle lo + size/2, over the
    /// two half blocks. A middle at P or beyond does not exist: its block is its left half's tree.
    static func btree(_ p: Int) -> [Int] {
        var parent = [Int](repeating: -1, count: p)
        func build(_ lo: Int, _ size: Int) -> Int? {
            guard size > 1, lo + 1 < p else { return nil }
            let mid = lo + size / 2
            guard mid < p else { return build(lo, size / 2) }
            for child in [build(lo, size / 2), build(mid, size / 2)] {
                if let child { parent[child] = mid }
            }
            return mid
        }
        var size = 1
        while size < p { size *= 2 }
        if let top = build(0, size) { parent[top] = 0 }
        return parent
    }

    /// Tree 1: tree 0 relabelled, by rank r ↦ P−1−r when P is even and r ↦ r+1 mod P when P is odd.
    static func second(_ p: Int) -> [Int] {
        let relabel = { (r: Int) in p % 2 == 0 ? p - 1 - r : (r + 1) % p }
        var parent = [Int](repeating: -1, count: p)
        for (r, up) in btree(p).enumerated() where up >= 0 {
            parent[relabel(r)] = relabel(up)
        }
        return parent
    }
}

@Suite struct DoubleBinaryTreeTests {
    /// Why `parents` is not a tree spanning 0..<P rooted at `root`, or nil when it is one.
    static func treeDefect(_ parents: [Int], root: Int) -> String? {
        let p = parents.count
        let roots = parents.indices.filter { parents[$0] < 0 }
        guard roots == [root] else { return "roots \(roots)" }
        // P−1 edges (one per non-root rank), and every rank climbs to the root: connected and acyclic.
        for start in 0..<p {
            var at = start
            var steps = 0
            while parents[at] >= 0 {
                at = parents[at]
                steps += 1
                guard steps < p else { return "rank \(start) never reaches the root" }
            }
        }
        return nil
    }

    @Test func treesAreNCCLsForEveryRankCountUpTo2048() {
        var defects: [String] = []
        for p in 2...2048 {
            let t = DoubleBinaryTree(count: p)
            let built = t.parents.map { $0.map(Int.init) }
            let reference = [ReferenceTrees.btree(p), ReferenceTrees.second(p)]
            // NCCL's roots (ncclGetDtreeRoots): 0, then P−1 (mirror) or 1 (shift).
            let roots = [0, p % 2 == 0 ? p - 1 : 1]
            for k in 0..<2 {
                if let d = Self.treeDefect(built[k], root: roots[k]) { defects.append("P=\(p) tree \(k): \(d)") }
                if let d = Self.treeDefect(reference[k], root: roots[k]) {
                    defects.append("P=\(p) reference \(k): \(d)")
                }
                // Same parents for every rank: the same edges, oriented from the same root.
                if built[k] != reference[k] { defects.append("P=\(p) tree \(k) differs from the reference") }
            }
            // Rank 0 has a single child in tree 0.
            if built[0].filter({ $0 == 0 }).count != 1 { defects.append("P=\(p): root 0 has not one child") }
        }
        #expect(defects.isEmpty, "\(defects.prefix(10))")
    }

    @Test func fourteenRanksAsNCCLDrawsThem() {
        // The illustration over ncclGetBtree: 0 → 8; 8 → 4, 12; 4 → 2, 6; 12 → 10, 13 (14 is out of range).
        let expected: [Int32] = [-1, 2, 4, 2, 8, 6, 4, 6, 0, 10, 12, 10, 8, 12]
        #expect(DoubleBinaryTree(count: 14).parents[0] == expected)
        // 13 ranks: the second tree is the first shifted by one, rooted at 1 with child 9.
        let shifted = DoubleBinaryTree(count: 13).parents[1]
        #expect(shifted[1] == -1 && shifted[9] == 1 && shifted[0] == 9 && shifted[2] == 3)
    }

    @Test func treeAllReduceOn24NodesLoadsNICsByTreeDegree() throws {
        let fabric = Support.rail(1)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0024]'}\n", fabric)
        let s = 1024.0 * 1024 * 1024
        let r = try Support.run(fabric, placement, .treeAllReduce, size: s)
        // P = 24, even: tree 0 gives rank 0 one edge, every other even rank three (a parent and two
        // children), every odd rank one; tree 1 is its mirror, so rank i has 3 − 2·[i odd] + 1 + 2·[i odd]
        // edges, except ranks 0 and 23 whose share is the root's single edge: 1 + 1. An edge carries
        // S/(2C) per channel and direction, and channel c (8 of them) uses NIC c: 2 · S/16 or 4 · S/16.
        var expected: [String: Double] = [:]
        for node in 0..<24 {
            let edges = node == 0 || node == 23 ? 2.0 : 4.0
            let number = String(node + 1)
            let host = "dgx" + String(repeating: "0", count: 4 - number.count) + number
            for nic in 0..<8 { expected["\(host)-nic\(nic)"] = edges * s / 16 }
        }
        var seen: [String: Double] = [:]
        for (l, link) in fabric.links.enumerated() where link.plane == .compute && link.tier.description == "host-leaf"
        {
            let name = fabric.devices[Int(link.lower)].name
            let up = r.loads.bytes[2 * l]
            let down = r.loads.bytes[2 * l + 1]
            #expect(up == down)
            if up > 0 { seen[name] = up }
        }
        #expect(seen == expected)
        #expect(Support.bytesByTier(r)["leaf-spine"]!.allSatisfy { $0 == 0 })
    }

    @Test func treeAllReduceOn100NodesCrossesTheSpineOnTreeEdgesBetweenSUs() throws {
        let fabric = Support.rail(4)
        let placement = try Support.jobs("jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0100]'}\n", fabric)
        let s = 1024.0 * 1024 * 1024
        let r = try Support.run(fabric, placement, .treeAllReduce, size: s)
        // An SU holds 32 nodes; a tree edge between SUs climbs one leaf-spine link and descends another
        // in each direction on each of the 8 rail-aligned channels, with S/16 each time.
        let crossing = [ReferenceTrees.btree(100), ReferenceTrees.second(100)].map { tree in
            tree.indices.filter { tree[$0] >= 0 && tree[$0] / 32 != $0 / 32 }.count
        }.reduce(0, +)
        #expect(crossing > 0)
        #expect(r.statistics.spineCrossingBytes == Double(crossing) * 8 * 2 * s / 16)
        #expect(Support.bytesByTier(r)["leaf-spine"]!.reduce(0, +) == Double(crossing) * 8 * 2 * 2 * s / 16)
    }
}
