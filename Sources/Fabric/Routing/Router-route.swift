extension Router {
    /// The links one flow from endpoint `s` to endpoint `t` takes, appended to `path` after clearing
    /// it (capacity kept, so a reused buffer makes routing allocation-free). Returns false, with
    /// `path` empty, when `t` cannot be reached from `s` on this plane.
    ///
    /// ECMP: at each hop with n equal-cost next links, the flow takes link `mix(h ^ seed) mod n`,
    /// where h hashes the five-tuple (and the destination QP when the plane says so) and the seed
    /// hashes the switch's name: the same flow always takes the same path, different switches make
    /// independent choices. D-mod-K: the destination's index d (endpoints numbered leaf by leaf) picks
    /// up-link `(d / w) mod n`, where w is the product of the up-choices' widths so far, and among
    /// equal-cost down-links (parallel cables, or several switches above the destination's leaf)
    /// link `d mod n`, as OpenSM's fat-tree engine spreads the destinations of a leaf over a port
    /// group; all flows to one destination share a path, and consecutive destinations spread over
    /// the up-ports of each level and the cables down to their leaf.
    @discardableResult
    public func route(from s: DeviceID, to t: DeviceID, flow: FlowKey, into path: inout [LinkID]) -> Bool {
        path.removeAll(keepingCapacity: true)
        guard s != t, graph.isAttached(s), graph.isAttached(t) else { return false }
        let flowHash = mode == .ecmp ? flow.hash(includingQP: hashesDestinationQP) : 0
        let d = Int(graph.destinationIndex[t])
        var divisor = 1
        let tables = self.tables, target = tables.target(t), seeds = graph.seeds.base
        var seed: UInt64 = 0
        func choose(_ n: Int, down: Bool = false) -> Int {
            guard n > 1 else { return 0 }
            if mode == .ecmp { return Int(FlowKey.mix(flowHash ^ seed) % UInt64(n)) }
            if down { return d % n }
            let k = (d / divisor) % n
            let (w, overflow) = divisor.multipliedReportingOverflow(by: n)
            divisor = overflow ? 1 : w
            return k
        }
        // Each step lists its candidates twice at most (count, then fetch the chosen one) instead of
        // storing them: no buffer, so no allocation whatever the degree. One candidate: one pass.
        var n = 0
        var hop = Hop(node: 0, up: true, remaining: 0)
        var chosen: LinkID = -1
        tables.forEachFirstHop(from: s, to: target) { link, next in
            if n == 0 { chosen = link; hop = next }
            n += 1
            return true
        }
        guard n > 0 else { return false }
        if n > 1 {
            seed = PlaneGraph.nameHash(fabric.devices[Int(s)].name)
            var k = choose(n)
            tables.forEachFirstHop(from: s, to: target) { link, next in
                if k == 0 { chosen = link; hop = next; return false }
                k -= 1
                return true
            }
        }
        path.append(chosen)
        while hop.node != Router.destinationNode {
            seed = seeds[Int(hop.node)]
            let current = hop
            if let range = tables.uniformUpLinks(current, to: target) {
                // Every up-link qualifies: choose among them without listing them.
                let e = range.lowerBound + choose(range.count)
                path.append(tables.upLink[e])
                hop = Hop(node: tables.upTo[e], up: true, remaining: current.remaining - 1)
                continue
            }
            if let range = tables.downLinks(current, to: target) {
                // The equal-cost down-links toward the destination's leaf, from the table.
                let e = range.lowerBound + choose(range.count, down: true)
                path.append(tables.downLink[e])
                hop = Hop(node: tables.downTo[e], up: false, remaining: current.remaining - 1)
                continue
            }
            n = 0
            var climbs = false
            tables.forEachNextHop(current, to: target) { link, next in
                if n == 0 { chosen = link; hop = next }
                n += 1
                climbs = climbs || next.up
                return true
            }
            guard n > 0 else { path.removeAll(keepingCapacity: true); return false }
            if n > 1 {
                var k = choose(n, down: !climbs)
                tables.forEachNextHop(current, to: target) { link, next in
                    if k == 0 { chosen = link; hop = next; return false }
                    k -= 1
                    return true
                }
            }
            path.append(chosen)
        }
        return true
    }

    /// The devices along a route: the source, every switch, the destination.
    public func devices(along path: [LinkID], from s: DeviceID) -> [DeviceID] {
        var out = [s]
        for l in path { out.append(fabric.links[Int(l)].other(out.last!)) }
        return out
    }
}
