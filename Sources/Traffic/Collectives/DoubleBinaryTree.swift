/// Two binary trees over positions 0..<P whose inner nodes are (almost) disjoint, so that every
/// node sends and receives about as much in the two trees together (Sanders, Speck and Träff's
/// double binary tree, as NCCL builds its tree algorithm from it).
///
/// The first tree is the in-order binary tree on positions 1...P: a position's height is the
/// number of trailing zero bits of its number, leaves are the odd numbers, and the root is the
/// largest power of two not above P. The second is its mirror (position i ↦ P−1−i) when P is even,
/// which swaps leaves and inner nodes, and the first shifted by one position when P is odd.
struct DoubleBinaryTree: Sendable {
    /// `parents[t][i]`: the parent of position i in tree t, or -1 for the root.
    let parents: [[Int32]]

    init(count p: Int) {
        var first = [Int32](repeating: -1, count: p)
        var rootBit = 1
        while rootBit * 2 <= p { rootBit *= 2 }
        for i in 0..<p {
            // Numbers 1...P; climb while the parent number lies beyond P (a truncated subtree).
            var n = i + 1
            while true {
                let low = n & -n
                if low >= rootBit { break }
                let up = (n & (2 * low)) == 0 ? n + low : n - low
                if up <= p {
                    first[i] = Int32(up - 1)
                    break
                }
                n = up
            }
        }
        var second = [Int32](repeating: -1, count: p)
        for i in 0..<p {
            if p % 2 == 0 {
                // Mirror: position i plays the role of P−1−i.
                let parent = first[p - 1 - i]
                second[i] = parent < 0 ? -1 : Int32(p - 1) - parent
            } else {
                // Shift: position i plays the role of i−1 (mod P).
                let parent = first[(i + p - 1) % p]
                second[i] = parent < 0 ? -1 : (parent + 1) % Int32(p)
            }
        }
        parents = [first, second]
    }

    /// The parent of position `i` in tree `t` (0 or 1), or nil at the root.
    @inline(__always) func parent(of i: Int, tree t: Int) -> Int? {
        let v = parents[t][i]
        return v < 0 ? nil : Int(v)
    }
}
