extension Router {
    /// A position on a path being built: a switch (local index) and whether the path may still go up.
    struct Hop {
        var node: Int32
        var up: Bool
        /// Links still to go to the destination.
        var remaining: Int
    }

    /// The end of a candidate hop: a next switch, or the destination itself (`node == -1`).
    static let destinationNode: Int32 = -1

    /// Calls `body(link, next)` for every equal-cost next hop from `hop` toward `t`, in link-id order
    /// (up-links first); stops early when `body` returns false.
    @inline(__always)
    func forEachNextHop(_ hop: Hop, to t: DeviceID, _ body: (LinkID, Hop) -> Bool) {
        let x = Int(hop.node)
        let want = hop.remaining - 1
        if hop.up {
            for e in Int(graph.upStart[x])..<Int(graph.upStart[x + 1]) {
                let y = graph.upTo[e]
                if remaining(y, to: t, up: true) == want, !body(graph.upLink[e], Hop(node: y, up: true, remaining: want)) { return }
            }
        }
        for e in Int(graph.downStart[x])..<Int(graph.downStart[x + 1]) {
            let y = graph.downTo[e]
            if y < 0 {
                if want == 0 && -1 - y == t, !body(graph.downLink[e], Hop(node: Router.destinationNode, up: false, remaining: 0)) { return }
            } else if remaining(y, to: t, up: false) == want, !body(graph.downLink[e], Hop(node: y, up: false, remaining: want)) {
                return
            }
        }
    }

    /// Calls `body(link, first)` for every equal-cost first hop from endpoint `s` toward `t`.
    @inline(__always)
    func forEachFirstHop(from s: DeviceID, to t: DeviceID, _ body: (LinkID, Hop) -> Bool) {
        var best = Int.max
        let range = Int(graph.attachStart[Int(s)])..<Int(graph.attachStart[Int(s) + 1])
        for a in range { best = min(best, remaining(graph.attachTo[a], to: t, up: true)) }
        guard best != Int.max else { return }
        for a in range where remaining(graph.attachTo[a], to: t, up: true) == best {
            if !body(graph.attachLink[a], Hop(node: graph.attachTo[a], up: true, remaining: best)) { return }
        }
    }
}
