import InterlockCore

/// D-mod-K routes already computed, by destination: InfiniBand forwarding depends on the
/// destination alone (each switch's linear forwarding table maps a destination LID to a port), so
/// every flow that enters the fabric at the same leaf for the same destination takes the same
/// path from that leaf on. A cache holds, per destination, the last leaf routed from and the
/// links from it. One per thread and router.
///
/// Invariant: when `leaf[t] >= 0`, `length[t]` is -1 (no path from that leaf to t) or the number
/// of links in `links[t * maxHops ..< t * maxHops + length[t]]`, the route of `router` from switch
/// `leaf[t]` (a local index) to t.
public final class RouteCache {
    static let maxHops = 8
    let leaf: OwnedBuffer<Int32>
    let length: OwnedBuffer<Int8>
    let links: OwnedBuffer<LinkID>
    /// Lookups answered from the cache, for tests and benchmarks.
    @exclusivity(unchecked) public internal(set) var hits = 0

    /// An empty cache for `router`'s plane, sized for every device of the fabric.
    public init(router: Router) {
        let n = router.fabric.devices.count
        leaf = OwnedBuffer(repeating: -1, count: n)
        length = OwnedBuffer(repeating: 0, count: n)
        links = OwnedBuffer(repeating: 0, count: n * RouteCache.maxHops)
    }
}

extension Router {
    /// The route of one flow, as `route(from:to:flow:into:)` gives it, answered from `cache` when
    /// the plane routes by D-mod-K and the source hangs off one leaf that routed to `t` before.
    @discardableResult
    public func route(from s: DeviceID, to t: DeviceID, flow: ECMPKey, into path: inout [LinkID], cache: RouteCache)
        -> Bool
    {
        guard mode == .dmodk, s != t, graph.isAttached(s), graph.isAttached(t),
            graph.attachStart[Int(s) + 1] - graph.attachStart[Int(s)] == 1
        else {
            return route(from: s, to: t, flow: flow, into: &path)
        }
        let a = Int(graph.attachStart[Int(s)])
        let leaf = graph.attachTo[a]
        let ti = Int(t)
        if cache.leaf[ti] == leaf {
            cache.hits += 1
            path.removeAll(keepingCapacity: true)
            let n = Int(cache.length[ti])
            guard n >= 0 else { return false }
            path.append(graph.attachLink[a])
            let base = ti * RouteCache.maxHops
            for i in 0..<n { path.append(cache.links[base + i]) }
            return true
        }
        let found = route(from: s, to: t, flow: flow, into: &path)
        if !found {
            cache.leaf[ti] = leaf
            cache.length[ti] = -1
        } else if path.count - 1 <= RouteCache.maxHops {
            cache.leaf[ti] = leaf
            cache.length[ti] = Int8(path.count - 1)
            let base = ti * RouteCache.maxHops
            for i in 1..<path.count { cache.links[base + i - 1] = path[i] }
        }
        return found
    }
}
