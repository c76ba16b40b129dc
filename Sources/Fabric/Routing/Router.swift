import InterlockCore

/// The adjacency of one plane, as up-down routing sees it (see `Router`): enough to count paths
/// without the per-leaf distance tables that choosing next hops needs.
///
/// Storage (flat arrays, local switch indices 0..<S of this plane's usable switches):
/// - `up*`/`down*`: CSR adjacency of each switch toward higher / lower levels, in link-id order;
///   `downTo` holds a local switch index, or `-1 - deviceID` for an endpoint.
/// - `attach*`: CSR of each endpoint's links into the plane (indexed by device id).
/// Invariant: every stored link is in the plane and neither it nor its ends failed.
public struct PlaneGraph: Sendable {
    /// The fabric the plane belongs to.
    public let fabric: FabricGraph
    /// The plane this adjacency covers.
    public let plane: Plane
    let switchCount: Int
    let switchDevice: OwnedBuffer<DeviceID>
    let seeds: OwnedBuffer<UInt64>
    let upStart: OwnedBuffer<Int32>, upLink: OwnedBuffer<LinkID>, upTo: OwnedBuffer<Int32>
    let downStart: OwnedBuffer<Int32>, downLink: OwnedBuffer<LinkID>, downTo: OwnedBuffer<Int32>
    let attachStart: OwnedBuffer<Int32>, attachLink: OwnedBuffer<LinkID>, attachTo: OwnedBuffer<Int32>
    /// Leaf index of each switch (a leaf has an endpoint below it), -1 for others; and the leaves.
    let leafOf: OwnedBuffer<Int32>
    let leaves: [Int32]
    /// D-mod-K destination index of each endpoint, -1 for others: endpoints numbered leaf by leaf, the
    /// leaves in tree order (leaves under the same switches together), as Zahavi's D-mod-K numbers
    /// the end ports of a tree so that each level's up-port is one digit of the index. On a
    /// rail-optimized fabric, where a node's NICs sit under different leaves and a rail's leaves
    /// under their own spines, device order would space the destinations of one leaf (and the
    /// leaves of one spine group) eight apart, and D-mod-K would crowd them onto an eighth of the
    /// up-links.
    let destinationIndex: OwnedBuffer<Int32>
    /// D-mod-K's view of each switch's up-links as OpenSM's fat-tree engine sees them: the up-links
    /// to one neighbour form a port group, `upGroups[x]` the number of groups of switch x, and
    /// `upPortOrder[upStart[x] + k]` the offset in x's up list of its k-th port in the order
    /// consecutive destinations take them: the first cable of every group (groups in link order),
    /// then the second cable of every group, and so on (`PortGroups`).
    let upGroups: OwnedBuffer<Int32>
    let upPortOrder: OwnedBuffer<Int32>

    /// The plane without the failed links and devices (a failed switch takes its links with it).
    public init(fabric: FabricGraph, plane: Plane, failedLinks: Set<LinkID> = [], failedDevices: Set<DeviceID> = []) {
        self.fabric = fabric
        self.plane = plane
        let devices = fabric.devices
        var localOf = [Int32](repeating: -1, count: devices.count)
        var switchDevice: [DeviceID] = []
        for (i, d) in devices.enumerated()
        where d.kind == .switch && d.plane == plane && !failedDevices.contains(DeviceID(i)) {
            localOf[i] = Int32(switchDevice.count)
            switchDevice.append(DeviceID(i))
        }
        let s = switchDevice.count
        switchCount = s
        self.switchDevice = OwnedBuffer(switchDevice)
        seeds = OwnedBuffer(switchDevice.map { HashMix.FNV1a(devices[Int($0)].name).value })

        // Classify each usable link once.
        var up = [[(LinkID, Int32)]](repeating: [], count: s)
        var down = [[(LinkID, Int32)]](repeating: [], count: s)
        var attach = [Int: [(LinkID, Int32)]]()
        var isLeaf = [Bool](repeating: false, count: s)
        for (i, l) in fabric.links.enumerated() where l.plane == plane {
            let id = LinkID(i)
            if failedLinks.contains(id) || failedDevices.contains(l.lower) || failedDevices.contains(l.upper) {
                continue
            }
            let lo = localOf[Int(l.lower)]
            let hi = localOf[Int(l.upper)]
            if lo < 0 {
                // FabricEndpoint to switch.
                attach[Int(l.lower), default: []].append((id, hi))
                down[Int(hi)].append((id, -1 - l.lower))
                isLeaf[Int(hi)] = true
            } else if devices[Int(l.lower)].level < devices[Int(l.upper)].level {
                up[Int(lo)].append((id, hi))
                down[Int(hi)].append((id, lo))
            }
        }
        func flatten(_ rows: [[(LinkID, Int32)]]) -> (OwnedBuffer<Int32>, OwnedBuffer<LinkID>, OwnedBuffer<Int32>) {
            var start: [Int32] = [0]
            var links: [LinkID] = []
            var to: [Int32] = []
            for row in rows {
                for (l, t) in row {
                    links.append(l)
                    to.append(t)
                }
                start.append(Int32(links.count))
            }
            return (OwnedBuffer(start), OwnedBuffer(links), OwnedBuffer(to))
        }
        (upStart, upLink, upTo) = flatten(up)
        let groups = up.map { PortGroups(neighbours: $0.map(\.1)) }
        upGroups = OwnedBuffer(groups.map { Int32($0.count) })
        upPortOrder = OwnedBuffer(groups.flatMap(\.order))
        (downStart, downLink, downTo) = flatten(down)
        var attachRows = [[(LinkID, Int32)]](repeating: [], count: devices.count)
        var destinationIndex = [Int32](repeating: -1, count: devices.count)
        // Leaves in tree order: those under the same switches (a pod, a rail's spine group) together,
        // groups in the order of their switches, leaves by index inside a group.
        var leafRank = [Int](repeating: Int.max, count: s)
        let leafOrder = (0..<s).filter { isLeaf[$0] }.map { x in (x, up[x].map(\.1).sorted()) }
            .sorted { a, b in a.1 != b.1 ? a.1.lexicographicallyPrecedes(b.1) : a.0 < b.0 }
        for (rank, leaf) in leafOrder.enumerated() { leafRank[leaf.0] = rank }
        var next: Int32 = 0
        let leafMajor = attach.map {
            (device: $0.key, row: $0.value, leaf: $0.value.map { leafRank[Int($0.1)] }.min()!)
        }
        .sorted { ($0.leaf, $0.device) < ($1.leaf, $1.device) }
        for (device, row, _) in leafMajor {
            attachRows[device] = row
            destinationIndex[device] = next
            next += 1
        }
        (attachStart, attachLink, attachTo) = flatten(attachRows)
        self.destinationIndex = OwnedBuffer(destinationIndex)
        var leafOf = [Int32](repeating: -1, count: s)
        var leaves: [Int32] = []
        for x in 0..<s where isLeaf[x] {
            leafOf[x] = Int32(leaves.count)
            leaves.append(Int32(x))
        }
        self.leafOf = OwnedBuffer(leafOf)
        self.leaves = leaves
    }

    /// Whether `device` is an endpoint with at least one usable link into this plane.
    public func isAttached(_ device: DeviceID) -> Bool {
        device >= 0 && Int(device) < destinationIndex.count && attachStart[Int(device) + 1] > attachStart[Int(device)]
    }

}

/// Routing on one plane: equal-cost up-down paths between endpoints, their number, and the single
/// path a flow takes under ECMP or D-mod-K. Built once per plane (after removing failed elements),
/// then queried millions of times without allocating.
///
/// Paths are the shortest *valley-free* (up-down) paths: from the source endpoint up through
/// switches of increasing level (edge/leaf 1, aggregation/spine 2, core 3) to an apex, then down to
/// the destination. On a Clos these are exactly the equal-cost shortest paths. Links between switches
/// of the same level (peer links) carry no routed traffic.
///
/// Storage: `dDown[leaf * S + x]` is the number of links from switch x down to leaf switch `leaf`
/// (255 when the leaf is not below x); `dUp[leaf * S + x]` the links of the shortest up-down path
/// from x to that leaf. `upUniform[x]` is true when, for every leaf not below x, all of x's up-links
/// lead equally far (true of every switch of a Clos): a flow then picks among them without
/// checking each. `downRanges[leaf * S + x]` packs the equal-cost down-links from x toward a leaf
/// below it when they are consecutive in x's down list (`DownRange`), so that a flow descending
/// (or turning down at its apex) picks among them without testing every down-link of x.
/// Invariant: every value is exact for `graph` (failures already removed).
public struct Router: Sendable {
    /// The plane's adjacency, failures removed.
    public let graph: PlaneGraph
    /// How a flow's single path is chosen: by its ECMP hash, or D-mod-K by destination.
    public let mode: RoutingMode
    /// Whether ECMP hashes the RoCE destination QP.
    public let hashesDestinationQP: Bool
    let dDown: OwnedBuffer<UInt8>, dUp: OwnedBuffer<UInt8>
    let upUniform: OwnedBuffer<Bool>
    let downRanges: OwnedBuffer<UInt16>

    static let unreachable: UInt8 = 255

    /// Builds the routing of `plane`, without the failed links and devices; `mode` defaults to the
    /// plane's routing.
    public init(
        fabric: FabricGraph, plane: Plane, mode: RoutingMode? = nil,
        failedLinks: Set<LinkID> = [], failedDevices: Set<DeviceID> = []
    ) {
        self.init(
            graph: PlaneGraph(fabric: fabric, plane: plane, failedLinks: failedLinks, failedDevices: failedDevices),
            mode: mode)
    }

    /// Builds the routing over an existing adjacency; `mode` defaults to the plane's routing.
    public init(graph: PlaneGraph, mode: RoutingMode? = nil) {
        self.init(graph: graph, mode: mode, downRanges: true)
    }

    /// `downRanges: false` leaves the down-range table empty, so that every hop lists its
    /// candidates: the reference the tests compare the table against.
    init(graph: PlaneGraph, mode: RoutingMode?, downRanges useTable: Bool) {
        self.graph = graph
        let settings = graph.fabric.settings(of: graph.plane)
        self.mode = mode ?? settings.routing
        hashesDestinationQP = settings.hashesDestinationQP
        let (down, up, uniform) = Router.distanceTables(
            leaves: graph.leaves, switchCount: graph.switchCount,
            levels: graph.switchDevice.array.map { graph.fabric.devices[Int($0)].level },
            upStart: graph.upStart.array, upTo: graph.upTo.array)
        dDown = OwnedBuffer(down)
        dUp = OwnedBuffer(up)
        upUniform = OwnedBuffer(uniform)
        downRanges = OwnedBuffer(
            useTable
                ? Router.downRangeTable(graph: graph, dDown: down, dUp: up)
                : [UInt16](repeating: 0, count: graph.leaves.count * graph.switchCount))
    }

    /// The fabric routed on.
    public var fabric: FabricGraph { graph.fabric }
    /// The plane routed on.
    public var plane: Plane { graph.plane }

    /// `dDown` by breadth-first search from each leaf along up-links; `dUp` by a pass from the top
    /// level down: `dUp[x] = min(dDown[x], 1 + min over up-neighbours y of dUp[y])`; and whether
    /// each switch's up-neighbours are always equally far.
    static func distanceTables(
        leaves: [Int32], switchCount s: Int, levels: [Int], upStart: [Int32],
        upTo: [Int32]
    ) -> ([UInt8], [UInt8], [Bool]) {
        var uniform = [Bool](repeating: true, count: s)
        var dDown = [UInt8](repeating: unreachable, count: leaves.count * s)
        var dUp = [UInt8](repeating: unreachable, count: leaves.count * s)
        let topDown = (0..<s).sorted { levels[$0] > levels[$1] }
        var queue = [Int32](repeating: 0, count: s)
        dDown.withUnsafeMutableBufferPointer { down in
            dUp.withUnsafeMutableBufferPointer { upTable in
                for (leafIndex, leaf) in leaves.enumerated() {
                    let base = leafIndex * s
                    down[base + Int(leaf)] = 0
                    queue[0] = leaf
                    var head = 0
                    var tail = 1
                    while head < tail {
                        let x = Int(queue[head])
                        head += 1
                        let d = down[base + x] + 1
                        for e in Int(upStart[x])..<Int(upStart[x + 1]) {
                            let y = Int(upTo[e])
                            if down[base + y] == unreachable {
                                down[base + y] = d
                                queue[tail] = Int32(y)
                                tail += 1
                            }
                        }
                    }
                    for x in topDown {
                        var best = down[base + x]
                        var lowest = unreachable
                        var highest: UInt8 = 0
                        for e in Int(upStart[x])..<Int(upStart[x + 1]) {
                            let v = upTable[base + Int(upTo[e])]
                            lowest = min(lowest, v)
                            highest = max(highest, v)
                            if v < unreachable - 1 && v + 1 < best { best = v + 1 }
                        }
                        upTable[base + x] = best
                        if down[base + x] == unreachable && lowest != highest { uniform[x] = false }
                    }
                }
            }
        }
        return (dDown, dUp, uniform)
    }

}

/// The equal-cost down-links from a switch toward one leaf, packed in 16 bits: bits 0-9 the offset
/// of the first in the switch's down list, bits 10-14 how many (1-31), bit 15 set when an up-link
/// leads to the leaf as fast or faster (then the range serves only a flow already descending). 0: no usable range
/// (the links are not consecutive, too many, or the leaf is not below), and routing lists the
/// candidates one by one.
enum DownRange {
    static let upAlsoEqual: UInt16 = 0x8000

    static func pack(offset: Int, count: Int, upAlsoEqual: Bool) -> UInt16 {
        guard offset < 1024, count >= 1, count < 32 else { return 0 }
        return UInt16(offset) | UInt16(count) << 10 | (upAlsoEqual ? DownRange.upAlsoEqual : 0)
    }

    @inline(__always) static func offset(_ v: UInt16) -> Int { Int(v & 0x3FF) }
    @inline(__always) static func count(_ v: UInt16) -> Int { Int((v >> 10) & 0x1F) }
}

extension Router {
    /// For every leaf and every switch above it (its up-closure), the down-links toward the leaf
    /// that are one step nearer, if they are consecutive.
    static func downRangeTable(graph: PlaneGraph, dDown: [UInt8], dUp: [UInt8]) -> [UInt16] {
        let s = graph.switchCount
        var table = [UInt16](repeating: 0, count: graph.leaves.count * s)
        let downStart = graph.downStart
        let downTo = graph.downTo
        let upStart = graph.upStart
        let upTo = graph.upTo
        for leafIndex in graph.leaves.indices {
            let base = leafIndex * s
            for x in 0..<s {
                let d = dDown[base + x]
                guard d != unreachable, d >= 1 else { continue }
                var first = -1
                var last = -1
                var count = 0
                for e in Int(downStart[x])..<Int(downStart[x + 1]) {
                    let y = Int(downTo[e])
                    guard y >= 0, dDown[base + y] == d - 1 else { continue }
                    if first < 0 { first = e }
                    last = e
                    count += 1
                }
                guard count > 0, last - first + 1 == count else { continue }
                // Going up is as short (or shorter) when an up-neighbour reaches the leaf as fast:
                // then a flow still climbing must weigh the up-links too.
                var upEqual = false
                for e in Int(upStart[x])..<Int(upStart[x + 1]) {
                    let v = dUp[base + Int(upTo[e])]
                    if v != unreachable, Int(v) + 1 <= Int(d) {
                        upEqual = true
                        break
                    }
                }
                table[base + x] = DownRange.pack(offset: first - Int(downStart[x]), count: count, upAlsoEqual: upEqual)
            }
        }
        return table
    }

    /// Counts equal-cost paths (see `PlaneGraph.count`).
    public func count(from s: DeviceID, to t: DeviceID, workspace: RouterWorkspace) -> PathCount {
        graph.count(from: s, to: t, workspace: workspace)
    }

    /// Counts with a temporary workspace (allocates; reuse a workspace in loops).
    public func count(from s: DeviceID, to t: DeviceID) -> PathCount { graph.count(from: s, to: t) }
}
