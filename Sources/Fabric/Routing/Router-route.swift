import InterlockCore

/// The digits of a destination index that D-mod-K reads along a path, in the order of OpenSM's
/// fat-tree engine (`PortGroups`): each up-hop between switches reads `r = d / w` (w the product of
/// the port-group counts before it) and takes port `r mod n` of the switch's ports in group order,
/// so group `r mod G` and, over parallel cables, cable `(r / G) mod c`; w then grows by G, the
/// distinct switches a destination can leave by. Each down-hop between switches reads again the
/// cable digit of the up-hop it mirrors (the last one not yet mirrored), `(d / (w·G)) mod n`, so
/// that the destinations a switch reached through one cable come down the same cable, as the
/// engine sets a down-going route to the port it went up by. Fixed storage: no allocation.
struct DModKDigits {
    let d: Int
    var divisor = 1
    var widths: (Int, Int, Int, Int, Int, Int, Int, Int) = (1, 1, 1, 1, 1, 1, 1, 1)
    var depth = 0

    init(_ d: Int) { self.d = d }

    private mutating func advance(_ n: Int) {
        let (w, overflow) = divisor.multipliedReportingOverflow(by: max(n, 1))
        divisor = overflow ? 1 : w
    }

    /// The first hop, from a multi-homed endpoint: a digit, nothing to mirror.
    mutating func first(_ n: Int) -> Int {
        let k = (d / divisor) % n
        advance(n)
        return k
    }

    /// An up-hop between switches over `n` ports in `groups` port groups (called for every one,
    /// one candidate included): the position of the port in group order.
    mutating func up(_ n: Int, groups: Int) -> Int {
        if depth < 8 {
            let (w, overflow) = divisor.multipliedReportingOverflow(by: max(groups, 1))
            withUnsafeMutableBytes(of: &widths) {
                $0.storeBytes(of: overflow ? 1 : w, toByteOffset: depth * 8, as: Int.self)
            }
        }
        depth += 1
        let k = (d / divisor) % max(n, 1)
        advance(groups)
        return k
    }

    /// A down-hop between switches (called for every one): the mirrored up-hop's digit.
    mutating func down(_ n: Int) -> Int {
        var w = 1
        if depth > 0 {
            depth -= 1
            if depth < 8 { w = withUnsafeBytes(of: widths) { $0.load(fromByteOffset: depth * 8, as: Int.self) } }
        }
        return (d / w) % max(n, 1)
    }

    /// The last hop, onto the destination's own cables.
    func last(_ n: Int) -> Int { d % n }
}

extension Router {
    /// The links one flow from endpoint `s` to endpoint `t` takes, appended to `path` after clearing
    /// it (capacity kept, so a reused buffer makes routing allocation-free). Returns false, with
    /// `path` empty, when `t` cannot be reached from `s` on this plane.
    ///
    /// ECMP: at each hop with n equal-cost next links, the flow takes link `mix(h ^ seed) mod n`,
    /// where h hashes the five-tuple (and the destination QP when the plane says so) and the seed
    /// hashes the switch's name: the same flow always takes the same path, different switches make
    /// independent choices. D-mod-K: the destination's index d (endpoints numbered leaf by leaf, in
    /// tree order) picks an up-link by the digit `(d / w)`, w the product of the port-group counts
    /// of the up-hops so far, taking the switches above in turn and their parallel cables after; a
    /// down-link among equal-cost ones by the cable digit of the up-hop it mirrors, the destination's
    /// own cables by `d mod n` (`DModKDigits`). All flows to one destination share a path, and
    /// consecutive destinations spread over the switches above each level, then over their cables.
    @discardableResult
    public func route(from s: DeviceID, to t: DeviceID, flow: ECMPKey, into path: inout [LinkID]) -> Bool {
        path.removeAll(keepingCapacity: true)
        guard s != t, graph.isAttached(s), graph.isAttached(t) else { return false }
        let ecmp = mode == .ecmp
        let flowHash = ecmp ? flow.hash(includingQP: hashesDestinationQP) : 0
        var digits = DModKDigits(Int(graph.destinationIndex[t]))
        let tables = self.tables
        let target = tables.target(t)
        // Each step lists its candidates twice at most (count, then fetch the chosen one) instead of
        // storing them: no buffer, so no allocation whatever the degree. One candidate: one pass.
        var n = 0
        var hop = Hop(node: 0, up: true, remaining: 0)
        var chosen: LinkID = -1
        tables.forEachFirstHop(from: s, to: target) { link, next in
            if n == 0 {
                chosen = link
                hop = next
            }
            n += 1
            return true
        }
        guard n > 0 else { return false }
        if n > 1 {
            let seed = HashMix.FNV1a(fabric.devices[Int(s)].name).value
            let k = ecmp ? Router.ecmpChoice(n, flowHash: flowHash, seed: seed) : digits.first(n)
            (chosen, hop) = Tables.candidate(k) { tables.forEachFirstHop(from: s, to: target, $0) }
        }
        path.append(chosen)
        guard
            tables.walk(
                from: hop, to: target, ecmp: ecmp, flowHash: flowHash, digits: &digits,
                { link, _ in
                    path.append(link)
                })
        else {
            path.removeAll(keepingCapacity: true)
            return false
        }
        return true
    }

    /// The ECMP choice among `n` equal-cost links: `splitMix64(flowHash ^ seed) mod n`.
    @inline(__always)
    static func ecmpChoice(_ n: Int, flowHash: UInt64, seed: UInt64) -> Int {
        n > 1 ? Int(HashMix.splitMix64(flowHash ^ seed) % UInt64(n)) : 0
    }

    /// The devices along a route: the source, every switch, the destination.
    public func devices(along path: [LinkID], from s: DeviceID) -> [DeviceID] {
        var out = [s]
        for l in path { out.append(fabric.links[Int(l)].other(out.last!)) }
        return out
    }
}
