import Capture
import InterlockCore

/// A connection as the analysis judges it: oriented from the side that asked to the side that
/// answered, standing for one tracker connection or, for RoCEv2, the two one-way streams of a
/// queue pair (requests one way, acknowledges back).
///
/// Orientation: the tracker's initiator, except for a RoCEv2 stream that carries only responses,
/// acknowledges and CNPs: those flow from the RDMA responder back to the requester, so the
/// requester is the initiator. A response stream paired with its request stream is merged into it.
struct JudgedFlow {
    /// The record the flow is built on (the request stream of a RoCE pair).
    var connection: Connection
    var initiator: IPAddress
    var responder: IPAddress
    var initiatorPort: UInt16
    var responderPort: UInt16
    /// Whether the orientation is the opposite of the tracker's record.
    var reversed: Bool
    /// Tracker connection ids the flow stands for, ascending.
    var members: FlowMembers
    var packetsForward: UInt64
    var packetsBackward: UInt64
    var bytes: UInt64
    var firstPacket: Int
    var lastPacket: Int
    var firstTimestamp: Int64
    var lastTimestamp: Int64

    var proto: IPProtocol { connection.proto }
    var isRoCE: Bool { connection.roce != nil }
    /// Whether the responder sent anything back (for a flow log, as far as the log shows).
    var answered: Bool { connection.flowLog?.replied ?? (packetsBackward > 0) }
    /// The destination port a policy judges (nil for protocols without ports).
    var port: UInt16? { proto.hasPorts ? responderPort : nil }

    /// The flows to judge, in order of their first connection id, each built as it is visited (a
    /// capture's worth of flows is never held at once).
    static func flows(_ connections: [Connection]) -> LazyMapSequence<
        LazyFilterSequence<LazyMapSequence<[Connection], JudgedFlow?>>, JudgedFlow
    > {
        connections.lazy.compactMap { c in
            if let r = c.roce, r.requests == 0 {
                // A response stream: merged into its request stream when paired, else judged alone.
                if let p = r.pairedWith, (connections[p].roce?.requests ?? 0) > 0 { return nil }
                return JudgedFlow(responseStream: c)
            }
            var flow = JudgedFlow(c)
            if let p = c.roce?.pairedWith, (connections[p].roce?.requests ?? 1) == 0 {
                flow.merge(responses: connections[p])
            }
            return flow
        }
    }

    init(_ c: Connection) {
        connection = c
        initiator = c.initiatorAddress
        responder = c.responderAddress
        initiatorPort = c.initiatorPort
        responderPort = c.responderPort
        reversed = false
        members = FlowMembers(c.id)
        packetsForward = c.packetsFromInitiator
        packetsBackward = c.packetsFromResponder
        bytes = c.bytes
        firstPacket = c.firstPacket
        lastPacket = c.lastPacket
        firstTimestamp = c.firstTimestamp
        lastTimestamp = c.lastTimestamp
    }

    /// A RoCEv2 stream of responses only, turned around: its receiver is the requester. Both
    /// streams of a queue pair go to UDP 4791, so that is the port judged.
    init(responseStream c: Connection) {
        self.init(c)
        initiator = c.responderAddress
        responder = c.initiatorAddress
        initiatorPort = c.responderPort
        responderPort = WellKnownPort.rocev2
        reversed = true
        packetsForward = c.packetsFromResponder
        packetsBackward = c.packetsFromInitiator
    }

    /// Adds the response stream of this request stream's queue pair: its packets flow backward.
    mutating func merge(responses c: Connection) {
        members.add(c.id)
        packetsBackward += c.packetsFromInitiator
        packetsForward += c.packetsFromResponder
        bytes += c.bytes
        firstPacket = min(firstPacket, c.firstPacket)
        lastPacket = max(lastPacket, c.lastPacket)
        firstTimestamp = min(firstTimestamp, c.firstTimestamp)
        lastTimestamp = max(lastTimestamp, c.lastTimestamp)
    }

    /// The evidence of one flow, before it is merged into a finding's.
    var evidence: FlowEvidence {
        let log = connection.flowLog
        return FlowEvidence(
            packets: Int(packetsForward + packetsBackward), bytes: Int(bytes), firstPacket: firstPacket,
            lastPacket: lastPacket, firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp,
            file: connection.firstFile, members: members,
            countsKnown: log.map { $0.packetsKnown && $0.bytesKnown } ?? true,
            positionsAreLines: log?.format.isText)
    }

    /// What the display filter depends on: flows with equal keys share one filter.
    struct FilterKey: Hashable {
        var initiator: IPAddress
        var responder: IPAddress
        var port: UInt16
        var proto: UInt8
        var roce: Bool
        var vlan: UInt16
    }

    var filterKey: FilterKey {
        FilterKey(
            initiator: initiator, responder: responder, port: responderPort, proto: proto.rawValue, roce: isRoCE,
            vlan: connection.vlan)
    }

    /// A Wireshark display filter for the flow's packets (both directions; Wireshark decodes VXLAN
    /// and Geneve, so inner addresses match too).
    var displayFilter: String {
        let ip = initiator.version == 6 ? "ipv6.addr" : "ip.addr"
        var f = initiator == responder ? "\(ip)==\(initiator)" : "\(ip)==\(initiator) && \(ip)==\(responder)"
        switch proto {
        case .tcp: f += " && tcp.port==\(responderPort)"
        case .udp: f += isRoCE ? " && udp.dstport==\(responderPort)" : " && udp.port==\(responderPort)"
        case .sctp: f += " && sctp.port==\(responderPort)"
        case .icmp: f += " && icmp"
        case .icmpv6: f += " && icmpv6"
        default: f += initiator.version == 6 ? " && ipv6.nxt==\(proto.rawValue)" : " && ip.proto==\(proto.rawValue)"
        }
        if connection.vlan != 0 { f += " && vlan.id==\(connection.vlan)" }
        return f
    }
}

/// The tracker connections a flow stands for, ascending: one, or the two streams of a RoCEv2 queue
/// pair. Held inline, so that building a flow allocates nothing.
struct FlowMembers: Sequence {
    private var first: Int
    private var second: Int?

    init(_ id: Int) { first = id }

    /// Adds the other stream's connection (a flow has at most two).
    mutating func add(_ id: Int) {
        second = Swift.max(first, id)
        first = Swift.min(first, id)
    }

    /// Appends the ids to `ids`, in order (cheaper than appending the sequence).
    func append(to ids: inout [Int]) {
        ids.append(first)
        if let second { ids.append(second) }
    }

    func makeIterator() -> Iterator { Iterator(current: first, following: second) }

    struct Iterator: IteratorProtocol {
        fileprivate var current: Int?
        fileprivate var following: Int?

        mutating func next() -> Int? {
            defer { (current, following) = (following, nil) }
            return current
        }
    }
}
