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
        guard s != t, s >= 0, t >= 0, Int(s) < graph.localOf.count, Int(t) < graph.localOf.count, graph.isAttached(s), graph.isAttached(t) else { return false }
        let flowHash = mode == .ecmp ? flow.hash(includingQP: hashesDestinationQP) : 0
        let d = Int(graph.destinationIndex[Int(t)])
        var divisor = 1
        func choose(_ n: Int, seed: @autoclosure () -> UInt64) -> Int {
            guard n > 1 else { return 0 }
            if mode == .ecmp { return Int(FlowKey.mix(flowHash ^ seed()) % UInt64(n)) }
            let k = (d / divisor) % n
            divisor = divisor.multipliedReportingOverflow(by: n).overflow ? 1 : divisor * n
            return k
        }
        var n = 0
        forEachFirstHop(from: s, to: t) { _, _ in n += 1; return true }
        guard n > 0 else { return false }
        var k = choose(n, seed: PlaneGraph.nameHash(fabric.devices[Int(s)].name))
        var hop = Hop(node: 0, up: true, remaining: 0)
        forEachFirstHop(from: s, to: t) { link, next in
            if k == 0 { path.append(link); hop = next; return false }
            k -= 1
            return true
        }
        while hop.node != Router.destinationNode {
            n = 0
            forEachNextHop(hop, to: t) { _, _ in n += 1; return true }
            guard n > 0 else { path.removeAll(keepingCapacity: true); return false }
            k = choose(n, seed: graph.seeds[Int(hop.node)])
            let current = hop
            forEachNextHop(current, to: t) { link, next in
                if k == 0 { path.append(link); hop = next; return false }
                k -= 1
                return true
            }
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
