extension Router {
    /// The links one flow from endpoint `s` to endpoint `t` takes, appended to `path` after clearing
    /// it (capacity kept, so a reused buffer makes routing allocation-free). Returns false, with
    /// `path` empty, when `t` cannot be reached from `s` on this plane.
    ///
    /// ECMP: at each hop with n equal-cost next links, the flow takes link `mix(h ^ seed) mod n`,
    /// where h hashes the five-tuple (and the destination QP when the plane says so) and the seed
    /// hashes the switch's name: the same flow always takes the same path, different switches make
    /// independent choices. D-mod-K: the destination's index d (endpoints of the plane in device
    /// order, as LIDs) picks link `(d / w) mod n`, where w is the product of the choices' widths so
    /// far; all flows to one destination share a path, and consecutive destinations spread over the
    /// up-ports of each level.
    @discardableResult
    public func route(from s: DeviceID, to t: DeviceID, flow: FlowKey, into path: inout [LinkID]) -> Bool {
        path.removeAll(keepingCapacity: true)
        guard s != t, graph.isAttached(s), graph.isAttached(t) else { return false }
        let flowHash = mode == .ecmp ? flow.hash(includingQP: hashesDestinationQP) : 0
        let d = Int(graph.destinationIndex[t])
        var divisor = 1
        let tables = self.tables, target = tables.target(t), seeds = graph.seeds.base
        return withUnsafeTemporaryAllocation(of: (LinkID, Hop).self, capacity: graph.maxDegree) { candidates in
            var n = 0
            tables.forEachFirstHop(from: s, to: target) { link, next in candidates[n] = (link, next); n += 1; return true }
            var seed = n > 1 ? PlaneGraph.nameHash(fabric.devices[Int(s)].name) : 0
            func choose(_ n: Int) -> Int {
                guard n > 1 else { return 0 }
                if mode == .ecmp { return Int(FlowKey.mix(flowHash ^ seed) % UInt64(n)) }
                let k = (d / divisor) % n
                let (w, overflow) = divisor.multipliedReportingOverflow(by: n)
                divisor = overflow ? 1 : w
                return k
            }
            while n > 0 {
                let (link, hop) = candidates[choose(n)]
                path.append(link)
                if hop.node == Router.destinationNode { return true }
                seed = seeds[Int(hop.node)]
                n = 0
                if let range = tables.uniformUpLinks(hop, to: target) {
                    // Every up-link qualifies: choose among them without listing them.
                    n = 1
                    let k = choose(range.count)
                    candidates[0] = (tables.upLink[range.lowerBound + k],
                                     Hop(node: tables.upTo[range.lowerBound + k], up: true, remaining: hop.remaining - 1))
                    continue
                }
                tables.forEachNextHop(hop, to: target) { link, next in candidates[n] = (link, next); n += 1; return true }
            }
            path.removeAll(keepingCapacity: true)
            return false
        }
    }

    /// The devices along a route: the source, every switch, the destination.
    public func devices(along path: [LinkID], from s: DeviceID) -> [DeviceID] {
        var out = [s]
        for l in path { out.append(fabric.links[Int(l)].other(out.last!)) }
        return out
    }
}
