extension Router.Tables {
    /// Walks a route on from `start` (a switch) to the target, handing each link to `emit` with
    /// whether it is crossed upward (from its lower end); false when the walk is stuck (no path).
    /// The choices are `Router.route`'s: by ECMP hash (`flowHash` and each switch's seed) or by the
    /// D-mod-K digits of the destination, `digits` holding those already read.
    @inline(__always)
    func walk(
        from start: Router.Hop, to target: Router.Target, ecmp: Bool, flowHash: UInt64,
        digits: inout DModKDigits, _ emit: (LinkID, _ upward: Bool) -> Void
    ) -> Bool {
        var hop = start
        while hop.node != Router.destinationNode {
            let seed = seeds[Int(hop.node)]
            let current = hop
            if let range = uniformUpLinks(current, to: target) {
                // Every up-link qualifies: choose among them without listing them.
                let e =
                    range.lowerBound
                    + (ecmp
                        ? Router.ecmpChoice(range.count, flowHash: flowHash, seed: seed)
                        : Int(
                            upPortOrder[
                                range.lowerBound
                                    + digits.up(range.count, groups: Int(upGroups[Int(current.node)]))]))
                emit(upLink[e], true)
                hop = Router.Hop(node: upTo[e], up: true, remaining: current.remaining - 1)
                continue
            }
            if let range = downLinks(current, to: target) {
                // The equal-cost down-links toward the destination's leaf, from the table.
                let e =
                    range.lowerBound
                    + (ecmp ? Router.ecmpChoice(range.count, flowHash: flowHash, seed: seed) : digits.down(range.count))
                emit(downLink[e], false)
                hop = Router.Hop(node: downTo[e], up: false, remaining: current.remaining - 1)
                continue
            }
            guard
                let (link, next) = listedHop(
                    current, to: target, ecmp: ecmp, flowHash: flowHash, seed: seed, digits: &digits)
            else { return false }
            emit(link, next.up)
            hop = next
        }
        return true
    }

    /// A hop the tables do not give as one range of links: lists the equal-cost next links of
    /// `current` (twice at most: count, then fetch the chosen one) and takes one by hash or by
    /// D-mod-K digit; nil when there is none.
    @inline(__always)
    private func listedHop(
        _ current: Router.Hop, to target: Router.Target, ecmp: Bool, flowHash: UInt64, seed: UInt64,
        digits: inout DModKDigits
    ) -> (link: LinkID, hop: Router.Hop)? {
        var chosen: LinkID = -1
        var hop = current
        var n = 0
        var climbs = 0
        forEachNextHop(current, to: target) { link, next in
            if n == 0 {
                chosen = link
                hop = next
            }
            n += 1
            if next.up { climbs += 1 }
            return true
        }
        guard n > 0 else { return nil }
        let k: Int
        if ecmp {
            k = Router.ecmpChoice(n, flowHash: flowHash, seed: seed)
        } else if current.remaining == 1 {
            k = digits.last(n)
        } else if climbs == 0 {
            k = digits.down(n)
        } else if climbs == n {
            k = digits.up(n, groups: n)
        } else {
            // Up and down both equal-cost (an irregular fabric): a digit, then the hop taken.
            k = (digits.d / digits.divisor) % n
        }
        if k > 0 { (chosen, hop) = Self.candidate(k) { forEachNextHop(current, to: target, $0) } }
        if !ecmp && climbs > 0 && climbs < n {
            if hop.up { _ = digits.up(n, groups: n) } else { _ = digits.down(n) }
        }
        return (chosen, hop)
    }

    /// The candidate at position `k` (from 0) of those `forEach` hands to its body, which stops
    /// there; `k` is below their number.
    @inline(__always)
    static func candidate(
        _ k: Int, _ forEach: ((LinkID, Router.Hop) -> Bool) -> Void
    ) -> (link: LinkID, hop: Router.Hop) {
        var chosen: LinkID = -1
        var hop = Router.Hop(node: 0, up: true, remaining: 0)
        var k = k
        forEach { link, next in
            if k == 0 {
                chosen = link
                hop = next
                return false
            }
            k -= 1
            return true
        }
        return (chosen, hop)
    }
}
