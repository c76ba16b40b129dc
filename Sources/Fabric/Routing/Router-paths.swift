extension Router {
    /// The equal-cost paths from `s` to `t` as device sequences (source, switches, destination),
    /// distinct switch sequences only (parallel cables collapsed), at most `limit` of them, in a
    /// deterministic order (link ids at each hop).
    public func paths(from s: DeviceID, to t: DeviceID, limit: Int) -> [[DeviceID]] {
        guard s != t, graph.isAttached(s), graph.isAttached(t), limit > 0 else { return [] }
        let tables = self.tables
        let target = tables.target(t)
        var out: [[DeviceID]] = []
        var stack: [DeviceID] = [s]
        func walk(_ hop: Hop) {
            if out.count >= limit { return }
            if hop.node == Router.destinationNode {
                out.append(stack + [t])
                return
            }
            var seen: [Int32] = []
            stack.append(graph.switchDevice[hop.node])
            tables.forEachNextHop(hop, to: target) { _, next in
                if !seen.contains(next.node) {
                    seen.append(next.node)
                    walk(next)
                }
                return out.count < limit
            }
            stack.removeLast()
        }
        var seen: [Int32] = []
        tables.forEachFirstHop(from: s, to: target) { _, first in
            if !seen.contains(first.node) {
                seen.append(first.node)
                walk(first)
            }
            return out.count < limit
        }
        return out
    }

    /// The even ("fluid") split of one unit of traffic from `s` to `t` over all equal-cost link-level
    /// paths: calls `body(link, share)` with the fraction of paths that use each link (a link may be
    /// reported twice when both phases of a switch use it; add the shares). Returns false when there
    /// is no path.
    @discardableResult
    public func fluidSplit(
        from s: DeviceID, to t: DeviceID, workspace w: RouterWorkspace,
        _ body: (LinkID, Double) -> Void
    ) -> Bool {
        fluidSplit(from: s, to: t, workspace: w) { link, _, share in body(link, share) }
    }

    /// The fluid split with the direction each link is crossed in: `upward` is true when the paths
    /// cross it from its lower end to its upper end (a link is crossed one way only by the shortest
    /// up-down paths between two endpoints). Forward path counts from `s` and backward counts to `t`
    /// over the hop DAG: a link from state u to state v carries forward(u) · backward(v) / total.
    @discardableResult
    public func fluidSplit(
        from s: DeviceID, to t: DeviceID, workspace w: RouterWorkspace,
        _ body: (_ link: LinkID, _ upward: Bool, _ share: Double) -> Void
    ) -> Bool {
        guard s != t, graph.isAttached(s), graph.isAttached(t) else { return false }
        let tables = self.tables
        let target = tables.target(t)
        w.resetStates()
        let stamp = w.stateStamp[0]
        func key(_ h: Hop) -> Int { Int(h.node) * 2 + (h.up ? 1 : 0) }
        // States level by level (by remaining distance), with forward counts.
        var levels: [[Hop]] = [[]]
        tables.forEachFirstHop(from: s, to: target) { _, h in
            let k = key(h)
            if w.stateMarks[k] != stamp {
                w.stateMarks[k] = stamp
                w.forward[k] = 0
                w.backward[k] = 0
                levels[0].append(h)
            }
            w.forward[k] += 1
            return true
        }
        guard !levels[0].isEmpty else { return false }
        var total = 0.0
        while !levels[levels.count - 1].isEmpty {
            var next: [Hop] = []
            for h in levels[levels.count - 1] {
                let f = w.forward[key(h)]
                tables.forEachNextHop(h, to: target) { _, n in
                    if n.node == Router.destinationNode {
                        total += f
                        return true
                    }
                    let k = key(n)
                    if w.stateMarks[k] != stamp {
                        w.stateMarks[k] = stamp
                        w.forward[k] = 0
                        w.backward[k] = 0
                        next.append(n)
                    }
                    w.forward[k] += f
                    return true
                }
            }
            levels.append(next)
        }
        guard total > 0 else { return false }
        // Backward counts, deepest level first, emitting each link's share. A hop into a state still
        // going up crosses its link upward; a hop down (or onto the destination) crosses it downward.
        for level in levels.reversed() {
            for h in level {
                let f = w.forward[key(h)]
                var b = 0.0
                tables.forEachNextHop(h, to: target) { link, n in
                    let bn = n.node == Router.destinationNode ? 1 : w.backward[key(n)]
                    b += bn
                    body(link, n.node != Router.destinationNode && n.up, f * bn / total)
                    return true
                }
                w.backward[key(h)] = b
            }
        }
        tables.forEachFirstHop(from: s, to: target) { link, h in
            body(link, true, w.backward[key(h)] / total)
            return true
        }
        return true
    }
}
