/// NCCL's double binary tree over positions 0..<P (Sanders, Speck and Träff's two trees whose inner
/// nodes are (almost) disjoint, so every node sends and receives about as much in the two together),
/// built as NCCL builds it in `src/graph/trees.cc` (`ncclGetBtree`, `ncclGetDtree`, `ncclGetDtreeRoots`).
///
/// Tree 0 (`ncclGetBtree`) is the in-order binary tree on the ranks by their lowest set bit b:
/// rank r's parent is r + b when bit 2b of r is clear (a left child) and r − b when it is set (a
/// right child), that is (r xor b) or 2b. When that parent is P or beyond (a truncated right subtree), the parent is
/// r xor b instead, the rank with bit b flipped, which may be 0. Rank 0 is the root, with a single
/// child (the largest power of two below P); odd ranks are leaves.
///
/// Tree 1 (`ncclGetDtree`) is tree 0 mirrored (rank r plays the role of P−1−r) when P is even,
/// which turns tree 0's inner nodes (even) into leaves (odd), and tree 0 shifted by one rank (r plays
/// the role of r−1 mod P) when P is odd. Its root is P−1 when P is even and 1 when P is odd.
struct DoubleBinaryTree: Sendable {
    /// `parents[t][i]`: the parent of position i in tree t, or -1 for the root.
    let parents: [[Int32]]

    init(count p: Int) {
        let first = (0..<p).map { Int32(Self.btreeParent(of: $0, count: p)) }
        let second = (0..<p).map { i -> Int32 in
            if p % 2 == 0 {
                let parent = first[p - 1 - i]
                return parent < 0 ? -1 : Int32(p - 1) - parent
            }
            let parent = first[(i + p - 1) % p]
            return parent < 0 ? -1 : (parent + 1) % Int32(p)
        }
        parents = [first, second]
    }

    /// The parent of rank `r` in NCCL's binary tree over `p` ranks rooted at 0, or -1 for rank 0.
    private static func btreeParent(of r: Int, count p: Int) -> Int {
        guard r > 0 else { return -1 }
        let bit = r & -r
        let up = (r ^ bit) | (bit << 1)
        return up < p ? up : r ^ bit
    }

    /// The parent of position `i` in tree `t` (0 or 1), or nil at the root.
    @inline(__always) func parent(of i: Int, tree t: Int) -> Int? {
        let v = parents[t][i]
        return v < 0 ? nil : Int(v)
    }
}
