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
///
/// The bytes between switches are spread per pair of switches, not per flow: a flow adds its bytes
/// to its pair's pending sum (whole numbers: exact in any order), and `flush` multiplies each sum by
/// the shares once, so the loads do not depend on how the flows were grouped (one by one, or the
/// aggregates of `AllToAllAggregates`). The end links carry the whole flow (share 1: every path
/// crosses them) and are loaded at once. One per worker (it holds a workspace).
final class FluidSplitCache {
    /// One split: each link's share in the order the router reports them; `end` marks the source's
    /// link (1) and the destination's (2), which are swapped for the flow's own.
    struct Split {
        var entries: [(link: LinkID, upward: Bool, share: Double, end: UInt8)] = []
        /// The entries of the end links, in order.
        var ends: [(end: UInt8, upward: Bool, share: Double)] = []
        /// The distinct directions of the entries that are not end links (a flow counts once on each).
        var directions: [Int] = []
        /// Links per path, on average over the paths (rounded).
        var hops = 0.0
    }

    private let router: Router
    private let workspace: RouterWorkspace
    /// By `switch(s) << 32 | switch(t)`: the index of its split in `splits`.
    private var slots: [Int: Int] = [:]
    /// The splits of switch pairs (an empty one means no path), with the bytes and flows sent
    /// between them and not yet spread.
    private var splits: [Split] = []
    private var pendingBytes: [Double] = []
    private var pendingFlows: [Int] = []
    /// The last pair asked for (a switch-pair key, or the complement of a device-pair key), and its
    /// slot (-1 for a device pair, whose split is `last`).
    private var lastKey = Int.min
    private var lastSlot = -1
    private var last = Split()

    init(router: Router) {
        self.router = router
        workspace = RouterWorkspace(router: router)
    }

    /// Adds `n` flows (`count`) of `b` bytes in all from `s` to `t` to `bytes` and `flows` (direction-indexed)
    /// as the fluid split spreads them, the links between switches at the next `flush`, the source's
    /// own link only `withSourceLink`; returns their average hop count, or nil when there is no path.
    @inline(__always)
    func load(
        from s: DeviceID, to t: DeviceID, bytes b: Double, count n: Int = 1, withSourceLink: Bool = true,
        into bytes: UnsafeMutablePointer<Double>, flows: UnsafeMutablePointer<UInt32>
    ) -> Double? {
        guard s != t else { return nil }
        let graph = router.graph
        guard let up = graph.soleUplink(of: s), let down = graph.soleUplink(of: t) else {
            let key = ~(Int(s) << 32 | Int(t))
            if key != lastKey {
                lastKey = key
                lastSlot = -1
                last = split(from: s, to: t, sourceLink: nil, destinationLink: nil)
            }
            return apply(last, bytes: b, flows: n, into: bytes, flows: flows)
        }
        let key = Int(up.switch) << 32 | Int(down.switch)
        if key != lastKey {
            lastKey = key
            if let known = slots[key] {
                lastSlot = known
            } else {
                lastSlot = splits.count
                slots[key] = lastSlot
                splits.append(split(from: s, to: t, sourceLink: up.link, destinationLink: down.link))
                pendingBytes.append(0)
                pendingFlows.append(0)
            }
        }
        let split = splits[lastSlot]
        guard !split.entries.isEmpty else { return nil }
        var ends: (source: Int?, destination: Int?) = (nil, nil)
        for e in split.ends where e.end == 2 || withSourceLink {
            let index = LinkLoads.index(e.end == 1 ? up.link : down.link, upward: e.upward)
            bytes[index] += b * e.share
            if e.end == 1 { ends.source = index } else { ends.destination = index }
        }
        if let i = ends.source { flows[i] &+= UInt32(n) }
        if let i = ends.destination { flows[i] &+= UInt32(n) }
        pendingBytes[lastSlot] += b
        pendingFlows[lastSlot] += n
        return split.hops
    }

    /// Spreads the pending bytes and flows of every pair of switches, summed over `caches` (whole
    /// numbers: exact), over its links into `bytes` and `flows`, pairs in key order: the loads do not
    /// depend on which worker carried which flows, nor on their number. Clears what was pending.
    static func flush(
        _ caches: [FluidSplitCache], into bytes: UnsafeMutablePointer<Double>, flows: UnsafeMutablePointer<UInt32>
    ) {
        var pending: [Int: (bytes: Double, flows: Int, cache: Int, slot: Int)] = [:]
        for (c, cache) in caches.enumerated() {
            for (key, slot) in cache.slots where cache.pendingFlows[slot] != 0 {
                pending[key, default: (0, 0, c, slot)].bytes += cache.pendingBytes[slot]
                pending[key]!.flows += cache.pendingFlows[slot]
                cache.pendingBytes[slot] = 0
                cache.pendingFlows[slot] = 0
            }
        }
        for key in pending.keys.sorted() {
            let p = pending[key]!
            let split = caches[p.cache].splits[p.slot]
            for e in split.entries where e.end == 0 {
                bytes[LinkLoads.index(e.link, upward: e.upward)] += p.bytes * e.share
            }
            for index in split.directions { flows[index] &+= UInt32(truncatingIfNeeded: p.flows) }
        }
    }

    private func split(from s: DeviceID, to t: DeviceID, sourceLink: LinkID?, destinationLink: LinkID?) -> Split {
        var out = Split()
        var interior = Set<Int>()
        router.fluidSplit(from: s, to: t, workspace: workspace) { link, upward, share in
            let end: UInt8 = link == sourceLink ? 1 : link == destinationLink ? 2 : 0
            out.entries.append((link, upward, share, end))
            if end == 0 {
                interior.insert(LinkLoads.index(link, upward: upward))
            } else {
                out.ends.append((end, upward, share))
            }
            out.hops += share
        }
        out.hops = out.hops.rounded()
        out.directions = interior.sorted()
        return out
    }

    /// Loads a split of a pair of endpoints (not switches) at once, every link of it.
    @inline(__always)
    private func apply(
        _ split: Split, bytes b: Double, flows n: Int, into bytes: UnsafeMutablePointer<Double>,
        flows: UnsafeMutablePointer<UInt32>
    ) -> Double? {
        guard !split.entries.isEmpty else { return nil }
        for e in split.entries { bytes[LinkLoads.index(e.link, upward: e.upward)] += b * e.share }
        for index in split.directions { flows[index] &+= UInt32(n) }
        return split.hops
    }
}
