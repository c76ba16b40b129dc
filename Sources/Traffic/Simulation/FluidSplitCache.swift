import Fabric
import InterlockCore

/// Fluid splits (`Router.fluidSplit`) by the pair of switches the source and destination hang off,
/// so that `--routing fluid` costs one split per pair of leaves instead of one per pair of NICs.
///
/// Exact: an endpoint with one link into the plane enters the up-down DAG only through that link,
/// so every source under a switch has the same forward path counts from the switch on, and every
/// destination under a switch the same backward counts; the split of one pair is the split of any
/// other pair under the same switches with the two end links swapped, share for share and in the
/// same order (the flow's bytes are added in that order, so the sums are the same bit for bit).
/// Endpoints with several links (or none) are split pair by pair as before, the last pair memoized.
/// One per worker (it holds a workspace).
final class FluidSplitCache {
    /// One split: each link's share in the order the router reports them; `end` marks the source's
    /// link (1) and the destination's (2), which are swapped for the flow's own.
    struct Split {
        var entries: [(link: LinkID, upward: Bool, share: Double, end: UInt8)] = []
        /// The distinct directions of the entries that are not end links (a flow counts once on each).
        var directions: [Int] = []
        /// Links per path, on average over the paths (rounded).
        var hops = 0.0
    }

    private let router: Router
    private let workspace: RouterWorkspace
    /// By `switch(s) << 32 | switch(t)`; an empty split means no path.
    private var splits: [Int: Split] = [:]
    /// The last pair asked for (a switch-pair key, or the complement of a device-pair key), and its split.
    private var lastKey = Int.min
    private var last = Split()

    init(router: Router) {
        self.router = router
        workspace = RouterWorkspace(router: router)
    }

    /// Adds a flow of `b` bytes from `s` to `t` to `bytes` and `flows` (direction-indexed) as the
    /// fluid split spreads it; returns its average hop count, or nil when there is no path.
    @inline(__always)
    func load(
        from s: DeviceID, to t: DeviceID, bytes b: Double, into bytes: UnsafeMutablePointer<Double>,
        flows: UnsafeMutablePointer<UInt32>
    ) -> Double? {
        guard s != t else { return nil }
        let graph = router.graph
        guard let up = graph.soleUplink(of: s), let down = graph.soleUplink(of: t) else {
            let key = ~(Int(s) << 32 | Int(t))
            if key != lastKey {
                lastKey = key
                last = split(from: s, to: t, sourceLink: nil, destinationLink: nil)
            }
            return apply(last, bytes: b, source: 0, destination: 0, into: bytes, flows: flows)
        }
        let key = Int(up.switch) << 32 | Int(down.switch)
        if key != lastKey {
            lastKey = key
            if let known = splits[key] {
                last = known
            } else {
                last = split(from: s, to: t, sourceLink: up.link, destinationLink: down.link)
                splits[key] = last
            }
        }
        return apply(last, bytes: b, source: up.link, destination: down.link, into: bytes, flows: flows)
    }

    private func split(from s: DeviceID, to t: DeviceID, sourceLink: LinkID?, destinationLink: LinkID?) -> Split {
        var out = Split()
        var interior = Set<Int>()
        router.fluidSplit(from: s, to: t, workspace: workspace) { link, upward, share in
            let end: UInt8 = link == sourceLink ? 1 : link == destinationLink ? 2 : 0
            out.entries.append((link, upward, share, end))
            if end == 0 { interior.insert(LinkLoads.index(link, upward: upward)) }
            out.hops += share
        }
        out.hops = out.hops.rounded()
        out.directions = interior.sorted()
        return out
    }

    @inline(__always)
    private func apply(
        _ split: Split, bytes b: Double, source: LinkID, destination: LinkID,
        into bytes: UnsafeMutablePointer<Double>, flows: UnsafeMutablePointer<UInt32>
    ) -> Double? {
        guard !split.entries.isEmpty else { return nil }
        var ends: (source: Int?, destination: Int?) = (nil, nil)
        for e in split.entries {
            let index: Int
            switch e.end {
            case 1:
                index = LinkLoads.index(source, upward: e.upward)
                ends.source = index
            case 2:
                index = LinkLoads.index(destination, upward: e.upward)
                ends.destination = index
            default: index = LinkLoads.index(e.link, upward: e.upward)
            }
            bytes[index] += b * e.share
        }
        for index in split.directions { flows[index] &+= 1 }
        if let i = ends.source { flows[i] &+= 1 }
        if let i = ends.destination { flows[i] &+= 1 }
        return split.hops
    }
}
