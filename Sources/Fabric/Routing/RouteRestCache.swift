import InterlockCore

/// D-mod-K routes of flow aggregates with their shared part loaded once. A route from an endpoint
/// that hangs off one leaf climbs first by the leaf's up-port that the destination's index picks;
/// from the switch above on (the *rest*), the route depends on that switch, the links left and the
/// digits read so far (the leaf's port-group count) and the destination alone, not on the leaf. On
/// a Clos every leaf of a pod shares the rest toward a destination outside it, and on a fat-tree
/// it ends with the same core, aggregation and edge links whatever the pod.
///
/// So an aggregate loads the leaf's up-link at once and adds its bytes and flows to its
/// destination's pending sum; the sum is spread over the rest's links when an aggregate to the
/// same destination comes with another rest, and at `flush`. Bytes are whole numbers (exact in any
/// order) and flows are counted modulo 2^32 as the loads' `UInt32`s are, so the loads are those of
/// loading every route link by link. Cost: one link per aggregate, and a walk of the rest per
/// destination each time the rest changes (aggregates from the leaves of one pod in a row: once per
/// pod and destination).
///
/// Loads are direction-indexed, `2·link` crossed upward (from its lower end), `2·link + 1`
/// downward. One per thread and router; the router's plane routes by D-mod-K.
///
/// Invariant: for a destination index d with `key[d] >= 0`, `length[d]` is -1 (no path) or the
/// number of directions in `directions[d·maxHops ..< d·maxHops + length[d]]`, the rest keyed by
/// `key[d]`; `pendingBytes[d]` and `pendingFlows[d]` are what aggregates along it added since it
/// was last spread.
public final class RouteRestCache {
    /// How loading an aggregate went.
    public enum Outcome: Equatable {
        /// Loaded; the route has this many links (the source's own included).
        case loaded(links: Int)
        /// There is no route.
        case unroutable
        /// Not loaded: the route shares no rest (a source with several links into the plane, a
        /// destination under the source's leaf or a multi-homed one, a rest longer than the cache
        /// holds); route it on its own.
        case unshared
    }

    static let maxHops = 8
    /// Keeps the tables alive; never called (a call would copy it).
    private let router: Router
    private let tables: Router.Tables
    private let destinationIndex: UnsafeMutablePointer<Int32>
    private let bytes: UnsafeMutablePointer<Double>
    private let flows: UnsafeMutablePointer<UInt32>
    private let keyStorage: OwnedBuffer<Int64>
    private let lengthStorage: OwnedBuffer<Int8>
    private let directionStorage: OwnedBuffer<Int32>
    private let pendingBytesStorage: OwnedBuffer<Double>
    private let pendingFlowsStorage: OwnedBuffer<Int>
    @exclusivity(unchecked) private var rest: [Int32] = []
    /// Rests walked (the others were shared), for tests and benchmarks.
    @exclusivity(unchecked) public private(set) var walks = 0

    /// A cache for `router`'s plane loading into `bytes` and `flows` (direction-indexed, kept alive
    /// by the caller while the cache is used).
    public init(router: Router, bytes: UnsafeMutablePointer<Double>, flows: UnsafeMutablePointer<UInt32>) {
        self.router = router
        tables = router.tables
        destinationIndex = router.graph.destinationIndex.baseAddress
        self.bytes = bytes
        self.flows = flows
        let endpoints = Int(router.graph.destinationIndex.array.max() ?? -1) + 1
        keyStorage = OwnedBuffer(repeating: -1, count: endpoints)
        lengthStorage = OwnedBuffer(repeating: 0, count: endpoints)
        directionStorage = OwnedBuffer(repeating: 0, count: endpoints * RouteRestCache.maxHops)
        pendingBytesStorage = OwnedBuffer(zeroed: endpoints)
        pendingFlowsStorage = OwnedBuffer(zeroed: endpoints)
        rest.reserveCapacity(16)
    }

    /// Loads `n` flows of `b` bytes in all from endpoint `s` to endpoint `t` along their D-mod-K
    /// route (`Router.route(from:to:flow:into:)`), every link but the source's own: the first
    /// up-link now, the rest at the latest at `flush`.
    @inline(__always)
    public func load(from s: DeviceID, to t: DeviceID, bytes b: Double, flows n: Int) -> Outcome {
        let tables = self.tables
        guard s != t, tables.isAttached(s), tables.isAttached(t) else { return .unroutable }
        let a = Int(tables.attachStart[Int(s)])
        guard Int(tables.attachStart[Int(s) + 1]) == a + 1 else { return .unshared }
        let leaf = tables.attachTo[a]
        let target = tables.target(t)
        let remaining = tables.remaining(leaf, to: target, up: true)
        guard remaining != Int.max else { return .unroutable }
        guard let range = tables.uniformUpLinks(Router.Hop(node: leaf, up: true, remaining: remaining), to: target)
        else { return .unshared }
        let d = Int(destinationIndex[Int(t)])
        var digits = DModKDigits(d)
        let groups = tables.upGroups[Int(leaf)]
        let e =
            range.lowerBound + Int(tables.upPortOrder[range.lowerBound + digits.up(range.count, groups: Int(groups))])
        let above = tables.upTo[e]
        // What the rest depends on besides the destination: the switch, the links left (< 255) and
        // the digits read (the leaf's port-group count).
        let key = Int64(above) << 32 | Int64(groups) << 8 | Int64(remaining - 1)
        let keys = keyStorage.baseAddress
        let lengths = lengthStorage.baseAddress
        if keys[d] != key {
            spread(d)
            walks += 1
            rest.removeAll(keepingCapacity: true)
            let found = tables.walk(
                from: Router.Hop(node: above, up: true, remaining: remaining - 1), to: target, ecmp: false,
                flowHash: 0, digits: &digits
            ) { link, upward in rest.append(2 &* link &+ (upward ? 0 : 1)) }
            guard !found || rest.count <= RouteRestCache.maxHops else {
                keys[d] = -1
                return .unshared
            }
            keys[d] = key
            lengths[d] = found ? Int8(rest.count) : -1
            let row = directionStorage.baseAddress + d * RouteRestCache.maxHops
            for (i, direction) in rest.enumerated() { row[i] = direction }
        }
        let length = Int(lengths[d])
        guard length >= 0 else { return .unroutable }
        let up = 2 &* Int(tables.upLink[e])
        bytes[up] += b
        flows[up] &+= UInt32(truncatingIfNeeded: n)
        pendingBytesStorage.baseAddress[d] += b
        pendingFlowsStorage.baseAddress[d] &+= n
        return .loaded(links: 2 + length)
    }

    /// Spreads every destination's pending bytes and flows over its rest; after the last `load` of
    /// a run, before the loads are read.
    public func flush() {
        for d in 0..<keyStorage.count { spread(d) }
    }

    /// Spreads destination index `d`'s pending sums over its rest and clears them.
    @inline(__always)
    private func spread(_ d: Int) {
        let pendingBytes = pendingBytesStorage.baseAddress
        let pendingFlows = pendingFlowsStorage.baseAddress
        guard pendingFlows[d] != 0 || pendingBytes[d] != 0 else { return }
        let b = pendingBytes[d]
        let n = UInt32(truncatingIfNeeded: pendingFlows[d])
        let row = directionStorage.baseAddress + d * RouteRestCache.maxHops
        for i in 0..<Int(lengthStorage.baseAddress[d]) {
            let direction = Int(row[i])
            bytes[direction] += b
            flows[direction] &+= n
        }
        pendingBytes[d] = 0
        pendingFlows[d] = 0
    }
}
