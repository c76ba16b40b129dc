import Foundation
import InterlockCore

/// Idle timeouts after which a packet on the same key starts a new connection, in nanoseconds.
public struct TrackerConfiguration: Sendable {
    /// UDP (RoCEv2 included): 2 minutes, the least RFC 4787 REQ-5 lets a NAT use.
    public var udpIdleTimeout: Int64 = 120_000_000_000
    /// ICMP, SCTP, GRE and the rest: 60 seconds (RFC 5508 REQ-1 for ICMP).
    public var otherIdleTimeout: Int64 = 60_000_000_000
    /// TCP: none by default; a TCP connection ends when it is closed (FIN both ways, or RST) and a
    /// new SYN arrives.
    public var tcpIdleTimeout: Int64? = nil

    public init() {}
}

/// The connections a packet was counted in: `connection` for its outer (or only) headers, and
/// `innerConnection` (-1 if none) for the traffic inside a tunnel.
public struct PacketAttribution: Sendable, Equatable {
    public var connection: Int
    public var innerConnection: Int
}

/// The per-packet part of a connection, kept apart from the record so that counting a packet
/// touches one cache line. Invariant: `hot[c]` and `records[c]` describe the same connection.
struct ConnectionCounters {
    var packetsFromInitiator: UInt64 = 0
    var packetsFromResponder: UInt64 = 0
    var bytesFromInitiator: UInt64 = 0
    var bytesFromResponder: UInt64 = 0
    var lastTimestamp: Int64
    var lastPacket: Int
    var tcp = TCPState()
    /// Whether the initiator is endpoint `a` of the flow key (so a packet whose source is `a` goes
    /// initiator → responder).
    var initiatorIsA: Bool
}

/// Connection tracking: every decoded packet is counted in the connection of its key (VLAN, tunnel,
/// five-tuple, RoCEv2 destination QP), found with one probe of a flat open-addressing table.
///
/// Not Sendable: one tracker belongs to one scan. Connection ids are assigned in order of first
/// packet, so tracking the same packets again yields the same ids.
public final class ConnectionTracker {
    public let configuration: TrackerConfiguration
    /// Connection records without their counters (`records[c]`), and the counters (`hot[c]`);
    /// `count` of each are initialized, `capacity` allocated.
    @exclusivity(unchecked) private var records: UnsafeMutablePointer<Connection>
    @exclusivity(unchecked) private var hot: UnsafeMutablePointer<ConnectionCounters>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int
    private let table: FlowTable
    @exclusivity(unchecked) private var fragments = FragmentMap()
    private let udpTimeout: Int64, otherTimeout: Int64, tcpTimeout: Int64

    public init(configuration: TrackerConfiguration = TrackerConfiguration(), expectedConnections: Int = 1 << 16) {
        self.configuration = configuration
        table = FlowTable(expected: expectedConnections)
        capacity = max(16, expectedConnections)
        records = .allocate(capacity: capacity)
        hot = HugePages.allocate(ConnectionCounters.self, count: capacity)
        udpTimeout = configuration.udpIdleTimeout
        otherTimeout = configuration.otherIdleTimeout
        tcpTimeout = configuration.tcpIdleTimeout ?? .max
    }

    deinit {
        records.deinitialize(count: count)
        records.deallocate()
        free(hot)
    }

    /// Every connection so far, by id, with its counters.
    public var connections: [Connection] {
        (0..<count).map { c in
            var r = records[c]
            let h = hot[c]
            r.packetsFromInitiator = h.packetsFromInitiator
            r.packetsFromResponder = h.packetsFromResponder
            r.bytesFromInitiator = h.bytesFromInitiator
            r.bytesFromResponder = h.bytesFromResponder
            r.lastTimestamp = h.lastTimestamp
            r.lastPacket = h.lastPacket
            r.tcp = h.tcp
            return r
        }
    }

    /// Counts `packet` (read as `record`); `nil` when it cannot be attributed (a later fragment whose
    /// first fragment was not seen).
    @inline(__always)
    public func track(_ packet: DecodedPacket, _ record: CaptureRecord) -> PacketAttribution? {
        let outerRoCE = packet.tunnel == .none && packet.isRoCE
        guard let outer = track(packet.outer, tunnel: 0, roce: outerRoCE ? packet.roce : nil, record, carriedBy: -1)
        else { return nil }
        var inner = -1
        if packet.tunnel != .none && packet.inner.network.version != 0 {
            let tunnel = UInt32(packet.tunnel.rawValue) << 24 | packet.tunnelID & 0xFF_FFFF
            inner = track(packet.inner, tunnel: tunnel, roce: packet.isRoCE ? packet.roce : nil, record,
                          carriedBy: outer) ?? -1
        }
        return PacketAttribution(connection: outer, innerConnection: inner)
    }

    /// Starts loading the flow-table slot `packet` will probe, so that tracking it a few packets
    /// later finds it in cache (the scan pipelines packets this way).
    @inline(__always)
    public func prefetch(_ packet: DecodedPacket) {
        let l = packet.tunnel == .none ? packet.outer : packet.inner
        guard l.network.fragment != .later else { return }
        var sourceIsA = false
        let tunnel = packet.tunnel == .none ? 0 : UInt32(packet.tunnel.rawValue) << 24 | packet.tunnelID & 0xFF_FFFF
        let key = FlowKey(l, sourcePort: l.transport.sourcePort, destinationPort: l.transport.destinationPort,
                          tunnel: tunnel, queuePair: packet.isRoCE ? 1 << 24 | packet.roce.destinationQP : 0,
                          sourceIsA: &sourceIsA)
        table.prefetch(hash: key.hash)
    }

    /// Bytes held by the flow table and the connection records.
    public var memoryFootprint: Int {
        table.memoryFootprint + capacity * (MemoryLayout<Connection>.stride + MemoryLayout<ConnectionCounters>.stride)
    }

    @inline(__always)
    private func track(_ l: PacketLayers, tunnel: UInt32, roce: RoCEHeader?, _ record: CaptureRecord,
                       carriedBy: Int) -> Int?
    {
        let n = l.network
        if n.fragment == .later {
            guard let c = fragments.lookup(n) else { return nil }
            count(c, fromInitiator: n.source == records[c].initiator, l, roce: roce, record)
            records[c].laterFragments &+= 1
            return c
        }
        var keySource = l.transport.sourcePort, keyDestination = l.transport.destinationPort
        let isICMP = n.proto == .icmp || n.proto == .icmpv6
        if isICMP {
            // Key ICMP as Community ID does, so that a request and its reply share one connection.
            let e = CommunityID.icmpPortEquivalents(type: l.transport.icmpType, code: l.transport.icmpCode,
                                                    v6: n.proto == .icmpv6)
            keySource = e.source
            keyDestination = e.destination
        }
        var sourceIsA = false
        let key = FlowKey(l, sourcePort: keySource, destinationPort: keyDestination, tunnel: tunnel,
                          queuePair: roce.map { 1 << 24 | $0.destinationQP } ?? 0, sourceIsA: &sourceIsA)
        let hash = key.hash
        var slot = 0
        var c: Int
        if let existing = table.find(key, hash: hash, slot: &slot) {
            c = existing
            if ended(c, l, record.timestamp) {
                c = open(l, sourceIsA: sourceIsA, tunnel: tunnel, roce: roce, record, carriedBy: carriedBy)
                table.update(slot: slot, value: c)
            }
        } else {
            c = open(l, sourceIsA: sourceIsA, tunnel: tunnel, roce: roce, record, carriedBy: carriedBy)
            table.insert(key, hash: hash, slot: slot, value: c)
        }
        count(c, fromInitiator: sourceIsA == hot[c].initiatorIsA, l, roce: roce, record)
        if n.fragment == .first { fragments.insert(n, connection: c) }
        return c
    }

    /// Whether the packet starts a new connection on the key of connection `c`.
    @inline(__always)
    private func ended(_ c: Int, _ l: PacketLayers, _ now: Int64) -> Bool {
        let idle = now &- hot[c].lastTimestamp
        if l.network.proto == .tcp {
            let f = l.transport.tcpFlags
            if hot[c].tcp.closed && f.contains(.syn) && !f.contains(.ack) { return true }
            return idle > tcpTimeout
        }
        return idle > (l.network.proto == .udp ? udpTimeout : otherTimeout)
    }

    /// A new connection for the packet's key; decides who initiated it.
    @inline(never)
    private func open(_ l: PacketLayers, sourceIsA: Bool, tunnel: UInt32, roce: RoCEHeader?, _ record: CaptureRecord,
                      carriedBy: Int) -> Int
    {
        let n = l.network, t = l.transport
        var senderInitiates = true
        var evidence = DirectionEvidence.firstPacket
        if n.proto == .tcp {
            if t.tcpFlags.contains(.syn) {
                senderInitiates = !t.tcpFlags.contains(.ack)
                evidence = senderInitiates ? .syn : .synAck
            } else {
                // Mid-stream: the well-known (below 1024) port, else the lower port, is the server's.
                let s = t.sourcePort, d = t.destinationPort
                if (s < 1024) != (d < 1024) { senderInitiates = d < 1024 } else { senderInitiates = d <= s }
                evidence = .inferred
            }
        }
        if count == capacity { grow() }
        let id = count
        var flow: RoCEFlow? = nil
        if let roce {
            flow = RoCEFlow()
            flow!.destinationQP = roce.destinationQP
            flow!.partitionKey = roce.partitionKey
        }
        (records + id).initialize(to: Connection(
            id: id, version: n.version, proto: n.proto,
            initiator: senderInitiates ? n.source : n.destination,
            responder: senderInitiates ? n.destination : n.source,
            initiatorPort: senderInitiates ? t.sourcePort : t.destinationPort,
            responderPort: senderInitiates ? t.destinationPort : t.sourcePort,
            vlan: l.vlan, innerVLAN: l.innerVLAN,
            tunnel: TunnelKind(rawValue: UInt8(tunnel >> 24)) ?? .none, tunnelID: tunnel & 0xFF_FFFF,
            outerConnection: carriedBy >= 0 ? carriedBy : nil, direction: evidence,
            firstTimestamp: record.timestamp, lastTimestamp: record.timestamp,
            firstPacket: record.packetNumber, lastPacket: record.packetNumber,
            firstFile: record.fileIndex, firstFrame: record.frameNumber, roce: flow))
        (hot + id).initialize(to: ConnectionCounters(lastTimestamp: record.timestamp, lastPacket: record.packetNumber,
                                                     initiatorIsA: sourceIsA == senderInitiates))
        count += 1
        return id
    }

    private func grow() {
        let newCapacity = capacity * 2
        let r = UnsafeMutablePointer<Connection>.allocate(capacity: newCapacity)
        r.moveInitialize(from: records, count: count)
        records.deallocate()
        records = r
        let h = HugePages.allocate(ConnectionCounters.self, count: newCapacity)
        h.moveInitialize(from: hot, count: count)
        free(hot)
        hot = h
        capacity = newCapacity
    }

    /// Adds the packet to connection `c`'s counters and state.
    @inline(__always)
    private func count(_ c: Int, fromInitiator: Bool, _ l: PacketLayers, roce: RoCEHeader?, _ record: CaptureRecord) {
        let h = hot + c
        let bytes = UInt64(truncatingIfNeeded: record.originalLength)
        if fromInitiator {
            h.pointee.packetsFromInitiator &+= 1
            h.pointee.bytesFromInitiator &+= bytes
        } else {
            h.pointee.packetsFromResponder &+= 1
            h.pointee.bytesFromResponder &+= bytes
        }
        if record.timestamp > h.pointee.lastTimestamp { h.pointee.lastTimestamp = record.timestamp }
        h.pointee.lastPacket = record.packetNumber
        if l.network.proto == .tcp && l.transport.present {
            ConnectionTracker.updateTCP(&h.pointee.tcp, flags: l.transport.tcpFlags, fromInitiator: fromInitiator)
        }
        if let roce, records[c].roce != nil { ConnectionTracker.updateRoCE(&records[c].roce!, roce) }
    }

    @inline(__always)
    private static func updateTCP(_ s: inout TCPState, flags f: TCPFlags, fromInitiator: Bool) {
        if fromInitiator {
            // RFC 9293 3.5: the handshake completes with the initiator's ACK of the SYN-ACK.
            if !s.handshakeComplete && f.contains(.ack) && !f.contains(.syn) && s.flagsFromInitiator.contains(.syn)
                && s.flagsFromResponder.contains([.syn, .ack]) { s.handshakeComplete = true }
            s.flagsFromInitiator.formUnion(f)
            if f.contains(.fin) { s.finFromInitiator = true }
        } else {
            s.flagsFromResponder.formUnion(f)
            if f.contains(.fin) { s.finFromResponder = true }
        }
        if f.contains(.rst) { s.reset = true }
    }

    @inline(__always)
    private static func updateRoCE(_ flow: inout RoCEFlow, _ h: RoCEHeader) {
        if h.isCNP {
            flow.cnps &+= 1
            return
        }
        if h.isNAK { flow.naks &+= 1 } else if h.isResponse { flow.responses &+= 1 } else { flow.requests &+= 1 }
        if h.psn < flow.lowestPSN { flow.lowestPSN = h.psn }
        if h.psn > flow.highestPSN { flow.highestPSN = h.psn }
    }
}
