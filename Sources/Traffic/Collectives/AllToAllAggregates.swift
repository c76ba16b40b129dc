import Fabric
import InterlockCore

/// Where flow aggregates go: the simulator's workers. An aggregate is flows (the QPs of several
/// connections) from endpoints under the switch `representative` hangs off to `destination`.
protocol AggregateSink: FlowSink {
    /// Counts the aggregate's `flows` flows of `bytes` bytes in all (whole numbers, all on one route)
    /// and loads every link of their route but the first (each source's own link, which
    /// `acceptFirstHop` loads); returns whether the route exists.
    mutating func acceptAggregate(from representative: DeviceID, to destination: DeviceID, bytes: Double, flows: Int)
        -> Bool
    /// Loads the link `endpoint` hangs off with the bytes and flows it sends into the fabric.
    mutating func acceptFirstHop(from endpoint: DeviceID, link: LinkID, bytes: Double, flows: Int)
}

/// The all-to-all of one communicator as aggregates, for D-mod-K routing, where a flow's route from
/// its source's switch on depends on the destination alone (`RouteCache`): the sending NICs are
/// grouped by (switch, rail, the node's GPUs, the NIC's ranks), and each group sends one aggregate
/// per destination NIC, its members' connections less those of members on the destination's host
/// (which stay on NVLink). Cost: groups × destination NICs (about leaves × NICs) instead of NIC
/// pairs. Chunk k: group k.
///
/// Exact: a member's connection to a destination has the bytes `AllToAllFlows` gives it (the same
/// products, rounded the same way, split over QPs the same way), so the flows, bytes, routes and
/// whole-byte sums are the per-flow computation's; first hops are each member's sum over the
/// destinations its group reaches less those on its own host.
struct AllToAllAggregates: Sendable {
    /// Members with the same key send the same connections and take the same routes.
    struct Key: Hashable {
        /// The switch the NIC hangs off (a local index), -1 when it is not attached.
        let uplinkSwitch: Int32
        /// The NIC's rail as `Communicator.Node` numbers it (PXN sends a rail to that rail).
        let rail: Int
        /// The NIC's own rail (cross-rail bytes compare it with the destination's).
        let deviceRail: Int?
        /// The node's GPUs (PXN: each connection carries them all; 0 without PXN).
        let gpus: Int
        /// The node's ranks on the NIC.
        let slots: Int
    }

    /// One group of sending NICs.
    struct Group: Sendable {
        let key: Key
        /// A member's NIC: the group's routes are its routes.
        let representative: DeviceID
        /// Another member's NIC (or the same), which routes to the representative itself.
        var alternate: DeviceID
        /// Each member's host, NIC and the link the NIC hangs off (nil: not attached, every flow of
        /// the group is unroutable).
        var members: [(host: DeviceID, nic: DeviceID, uplink: LinkID?)]
    }

    /// A destination NIC, with its host and the node's ranks on it.
    struct Destination {
        let host: DeviceID
        let nic: DeviceID
        let slots: Int
    }

    let flows: AllToAllFlows
    let groups: [Group]
    /// The destination NICs in the order the per-flow computation visits them (nodes in order, a
    /// node's NICs in order): with PXN by rail, without all under -1. Plain values, so the loop over
    /// them touches no node object.
    let destinations: [Int: [Destination]]

    /// The aggregates of `flows` on `graph`, or nil where they would not be exact: a NIC with several
    /// links into the plane, or (PXN) a node without a NIC on a rail the communicator uses.
    init?(_ flows: AllToAllFlows, graph: PlaneGraph) {
        let nodes = flows.communicator.nodes
        let rails = Set(nodes.flatMap(\.nicRails)).sorted()
        var index: [Key: Int] = [:]
        var groups: [Group] = []
        for a in nodes {
            var senders: [Int] = []
            if flows.pxn {
                for r in rails {
                    let i = a.nic(rail: r)
                    guard i >= 0 else { return nil }
                    senders.append(i)
                }
            } else {
                senders = Array(a.nics.indices)
            }
            for i in senders {
                let nic = a.nics[i]
                let uplink = graph.soleUplink(of: nic)
                if uplink == nil, graph.isAttached(nic) { return nil }
                let key = Key(
                    uplinkSwitch: uplink?.switch ?? -1, rail: a.nicRails[i],
                    deviceRail: graph.fabric.devices[Int(nic)].rail, gpus: flows.pxn ? a.slots.count : 0,
                    slots: a.nicSlots[i])
                if let g = index[key] {
                    groups[g].members.append((a.host, nic, uplink?.link))
                    if groups[g].alternate == groups[g].representative { groups[g].alternate = nic }
                } else {
                    index[key] = groups.count
                    groups.append(
                        Group(key: key, representative: nic, alternate: nic, members: [(a.host, nic, uplink?.link)]))
                }
            }
        }
        var destinations: [Int: [Destination]] = [:]
        for b in nodes {
            for j in b.nics.indices {
                destinations[flows.pxn ? b.nicRails[j] : -1, default: []].append(
                    Destination(host: b.host, nic: b.nics[j], slots: b.nicSlots[j]))
            }
        }
        self.flows = flows
        self.groups = groups
        self.destinations = destinations
    }

    var chunkCount: Int { groups.count }

    /// What group `k` sends: its aggregates, PXN relays on NVLink and its members' first hops.
    /// `scratch` is the calling thread's own and comes back cleared.
    func generate<S: AggregateSink>(chunk k: Int, scratch: AggregateScratch, into sink: inout S) {
        let group = groups[k]
        let key = group.key
        let pxn = flows.pxn
        let perPair = flows.bytesPerPair
        let qps = flows.factory.qps
        for m in group.members { scratch.members[Int(m.host)] += 1 }
        var sumBytes = 0.0
        var sumFlows = 0
        // What a member sends to a NIC depends on the NIC's ranks alone: computed when they change.
        var slots = -1
        var relay = 0.0
        var total = 0.0
        var perMember = 0
        var perConnection = 0
        for b in destinations[pxn ? key.rail : -1] ?? [] {
            let own = Int(scratch.members[Int(b.host)])
            let c = group.members.count - own
            guard c > 0 else { continue }
            if b.slots != slots {
                slots = b.slots
                let mv = Double(slots)
                if pxn {
                    let g = Double(key.gpus)
                    relay = ((g - Double(key.slots)) * mv * perPair).rounded()
                    total = (g * mv * perPair).rounded()
                    perMember = 1
                } else {
                    total = perPair.rounded()
                    perMember = key.slots * slots
                }
                // A connection's QPs: `extra` flows of base + 1 bytes, the others of base (none of 0).
                let (base, extra) = FlowFactory.queuePairShares(total, qps: qps)
                perConnection = extra + (base > 0 ? qps - extra : 0)
            }
            if pxn { sink.acceptLocal(bytes: Double(c) * relay, flows: c * (key.gpus - key.slots)) }
            guard total > 0 else { continue }
            // A member other than the destination itself (there is one: c > 0).
            let source = b.nic == group.representative ? group.alternate : group.representative
            let connections = c * perMember
            guard
                sink.acceptAggregate(
                    from: source, to: b.nic, bytes: total * Double(connections), flows: connections * perConnection)
            else { continue }
            let memberBytes = total * Double(perMember)
            let memberFlows = perConnection * perMember
            sumBytes += memberBytes
            sumFlows += memberFlows
            if own > 0 {
                scratch.bytes[Int(b.host)] += memberBytes
                scratch.flows[Int(b.host)] += memberFlows
            }
        }
        for m in group.members {
            let h = Int(m.host)
            if let link = m.uplink, sumFlows - scratch.flows[h] > 0 {
                sink.acceptFirstHop(
                    from: m.nic, link: link, bytes: sumBytes - scratch.bytes[h], flows: sumFlows - scratch.flows[h])
            }
        }
        for m in group.members {
            let h = Int(m.host)
            scratch.members[h] = 0
            scratch.bytes[h] = 0
            scratch.flows[h] = 0
        }
    }

    /// The NVLink bytes between nodes of one host (a node with itself included), as `AllToAllFlows`
    /// counts them.
    func generateSameHost<S: FlowSink>(into sink: inout S) {
        let nodes = flows.communicator.nodes
        var byHost: [DeviceID: [Int]] = [:]
        for (i, n) in nodes.enumerated() { byHost[n.host, default: []].append(i) }
        for a in nodes {
            for bi in byHost[a.host]! {
                let b = nodes[bi]
                sink.acceptLocal(
                    bytes: Double(a.slots.count) * Double(b.slots.count) * flows.bytesPerPair,
                    flows: a.slots.count * b.slots.count - (a === b ? a.slots.count : 0))
            }
        }
    }
}

/// Per-host counters of one thread, indexed by device id, all zero between chunks.
final class AggregateScratch: @unchecked Sendable {
    let members: OwnedBuffer<Int32>
    let bytes: OwnedBuffer<Double>
    let flows: OwnedBuffer<Int>

    init(devices: Int) {
        members = OwnedBuffer(zeroed: devices)
        bytes = OwnedBuffer(zeroed: devices)
        flows = OwnedBuffer(zeroed: devices)
    }
}
