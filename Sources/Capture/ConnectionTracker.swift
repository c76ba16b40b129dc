import Foundation
import InterlockCore

/// Idle timeouts after which a packet on the same key starts a new connection.
public struct TrackerConfiguration: Sendable {
    /// UDP (RoCEv2 included): 2 minutes, the least RFC 4787 REQ-5 lets a NAT use.
    public var udpIdleTimeout: Duration = .seconds(120)
    /// ICMP, SCTP, GRE and the rest: 60 seconds (RFC 5508 REQ-1 for ICMP).
    public var otherIdleTimeout: Duration = .seconds(60)
    /// TCP: none by default; a TCP connection ends when it is closed (FIN both ways, or RST) and a
    /// new SYN arrives.
    public var tcpIdleTimeout: Duration? = nil
    /// How long a later IP fragment that arrived before its datagram's first fragment is held for
    /// it: 30 seconds, Linux's default reassembly timeout (`net.ipv4.ipfrag_time`).
    public var fragmentTimeout: Duration = .seconds(30)

    /// The defaults: UDP 2 minutes, others 60 seconds, TCP no timeout.
    public init() {}
}

/// The connections a packet was counted in: `connection` for its outer (or only) headers, and
/// `innerConnection` (-1 if none) for the traffic inside a tunnel.
public struct PacketAttribution: Sendable, Equatable {
    /// The connection of the outer (or only) headers.
    public var connection: Int
    /// The connection of the tunnelled traffic, or -1.
    public var innerConnection: Int
}

/// Connection tracking: every decoded packet is counted in the connection of its key (VLAN, tunnel,
/// five-tuple, RoCEv2 destination QP), found with one probe of a flat open-addressing table whose
/// entry also holds the live counters of the key's current connection.
///
/// Not Sendable: one tracker belongs to one scan. Connection ids are assigned in order of first
/// packet, so tracking the same packets again yields the same ids.
public final class ConnectionTracker {
    /// The idle timeouts in force.
    public let configuration: TrackerConfiguration
    /// Connection records by id. The counters of a connection that is still its key's current one
    /// live in the key's `FlowEntry`; they are copied into the record when the connection ends and
    /// when `connections` is read.
    @exclusivity(unchecked) private var records: [Connection] = []
    /// By connection id, the number of the packet whose tracking opened it (its `firstPacket` until
    /// an earlier held fragment joins it): with outer before inner, the order ids are given in.
    @exclusivity(unchecked) private(set) var openingPackets: [Int] = []
    private let table: ConnectionTable
    @exclusivity(unchecked) private var fragments = FragmentMap()
    @exclusivity(unchecked) private var held = HeldFragments()
    /// The timeouts in nanoseconds, the unit of capture timestamps.
    private let udpTimeout: Int64, otherTimeout: Int64, tcpTimeout: Int64, fragmentTimeout: Int64

    /// A tracker whose table is sized for `expectedConnections` (it grows beyond).
    public init(configuration: TrackerConfiguration = TrackerConfiguration(), expectedConnections: Int = 1 << 16) {
        self.configuration = configuration
        table = ConnectionTable(expected: expectedConnections)
        records.reserveCapacity(max(16, expectedConnections))
        udpTimeout = configuration.udpIdleTimeout.wholeNanoseconds
        otherTimeout = configuration.otherIdleTimeout.wholeNanoseconds
        tcpTimeout = configuration.tcpIdleTimeout?.wholeNanoseconds ?? .max
        fragmentTimeout = configuration.fragmentTimeout.wholeNanoseconds
    }

    /// Every connection so far, by id, with its counters. The live counters are flushed into the
    /// records in place (they stay authoritative in the entries), so the records are handed over
    /// without copying; tracking more packets afterwards copies them first.
    public var connections: [Connection] {
        for e in 0..<table.count {
            let entry = table.entry(e).pointee
            ConnectionTracker.flush(entry, into: &records[Int(entry.connection)])
        }
        return records
    }

    /// Counts `packet` (read as `record`); `nil` when it cannot be attributed yet: a later fragment
    /// whose first fragment was not seen is held for it, and `takeFragmentOutcomes` later says
    /// whether it joined a connection or was given up as an orphan.
    public func track(_ packet: DecodedPacket, _ record: CaptureRecord) -> PacketAttribution? {
        withUnsafePointer(to: packet) { track($0, record) }
    }

    /// The same for a packet in place (the scan's ring): reads its fields without copying it.
    /// `outerHash` is the outer key's hash when `prefetchSlot` already computed it.
    @inline(__always)
    func track(_ packet: UnsafePointer<DecodedPacket>, _ record: CaptureRecord, outerHash: UInt64? = nil)
        -> PacketAttribution?
    {
        let tunnelled = packet.pointee.tunnel != .none
        let isRoCE = packet.pointee.isRoCE
        let roce = packet.roce
        guard
            let outer = track(
                packet.outer, tunnel: 0, roce: !tunnelled && isRoCE ? roce : nil, record, carriedBy: -1,
                knownHash: outerHash)
        else { return nil }
        var inner = -1
        if tunnelled && packet.pointee.inner.network.version != 0 {
            let tunnel = UInt32(packet.pointee.tunnel.rawValue) << 24 | packet.pointee.tunnelID & 0xFF_FFFF
            inner =
                track(
                    packet.inner, tunnel: tunnel, roce: isRoCE ? roce : nil, record, carriedBy: outer,
                    knownHash: nil) ?? -1
        }
        return PacketAttribution(connection: outer, innerConnection: inner)
    }

    /// Stage one of prefetching the flow-table entry `packet` will be counted in (its outer
    /// headers'): starts loading its index slot and returns the key's hash for stage two, or `nil`
    /// when the key is not simple to predict (fragments, ICMP).
    @inline(__always)
    func prefetchSlot(_ packet: UnsafePointer<DecodedPacket>) -> UInt64? {
        let l = packet.outer
        let proto = l.pointee.network.proto.rawValue
        guard l.pointee.network.fragment != .later, proto != IPProtocol.icmp.rawValue,
            proto != IPProtocol.icmpv6.rawValue
        else {
            return nil
        }
        var sourceIsA = false
        let roce = packet.pointee.isRoCE && packet.pointee.tunnel == .none
        let key = ConnectionKey(
            l, sourcePort: l.pointee.transport.sourcePort, destinationPort: l.pointee.transport.destinationPort,
            tunnel: 0, queuePair: roce ? 1 << 24 | packet.pointee.roce.destinationQP : 0,
            sourceIsA: &sourceIsA)
        let hash = key.hash
        table.prefetchSlot(hash: hash)
        return hash
    }

    /// Stage two: with the slot cached, starts loading the entry it names.
    @inline(__always)
    func prefetchEntry(hash: UInt64) {
        table.prefetchEntry(hash: hash)
    }

    /// Bytes held by the flow table and the connection records.
    public var memoryFootprint: Int {
        table.memoryFootprint + records.capacity * MemoryLayout<Connection>.stride
    }

    @inline(__always)
    private func track(
        _ l: UnsafePointer<PacketLayers>, tunnel: UInt32, roce: UnsafePointer<RoCEHeader>?,
        _ record: CaptureRecord, carriedBy: Int, knownHash: UInt64?
    ) -> Int? {
        let proto = l.pointee.network.proto.rawValue
        if l.pointee.network.fragment == .later {
            guard let e = fragments.lookup(l.pointee.network) else {
                held.hold(l.pointee.network, record, isPacket: carriedBy < 0, timeout: fragmentTimeout)
                return nil
            }
            let entry = table.entry(e)
            let c = Int(entry.pointee.connection)
            count(
                entry, fromInitiator: (l.pointee.network.source == entry.pointee.key.a) == entry.pointee.initiatorIsA,
                l, record)
            if let roce { countRoCE(c, roce.pointee) }
            records[c].laterFragments &+= 1
            return c
        }
        var keySource = l.pointee.transport.sourcePort
        var keyDestination = l.pointee.transport.destinationPort
        if proto == IPProtocol.icmp.rawValue || proto == IPProtocol.icmpv6.rawValue {
            // Key ICMP as Community ID does, so that a request and its reply share one connection.
            let e = CommunityID.icmpPortEquivalents(
                type: l.pointee.transport.icmpType, code: l.pointee.transport.icmpCode,
                v6: proto == IPProtocol.icmpv6.rawValue)
            keySource = e.source
            keyDestination = e.destination
        }
        var sourceIsA = false
        let key = ConnectionKey(
            l, sourcePort: keySource, destinationPort: keyDestination, tunnel: tunnel,
            queuePair: roce.map { 1 << 24 | $0.pointee.destinationQP } ?? 0, sourceIsA: &sourceIsA)
        let hash = knownHash ?? key.hash
        var slot = 0
        let e: Int
        if let existing = table.find(key, hash: hash, slot: &slot) {
            e = existing
            let entry = table.entry(e)
            if ended(entry, l, record.timestamp) {
                ConnectionTracker.flush(entry.pointee, into: &records[Int(entry.pointee.connection)])
                let (c, initiatorIsA) = open(
                    l.pointee, sourceIsA: sourceIsA, tunnel: tunnel, roce: roce?.pointee, record,
                    carriedBy: carriedBy)
                entry.pointee = FlowEntry(key: key, connection: Int32(c), initiatorIsA: initiatorIsA, record)
            }
        } else {
            let (c, initiatorIsA) = open(
                l.pointee, sourceIsA: sourceIsA, tunnel: tunnel, roce: roce?.pointee, record,
                carriedBy: carriedBy)
            e = table.insert(
                FlowEntry(key: key, connection: Int32(c), initiatorIsA: initiatorIsA, record), hash: hash, slot: slot)
        }
        let entry = table.entry(e)
        count(entry, fromInitiator: sourceIsA == entry.pointee.initiatorIsA, l, record)
        let c = Int(entry.pointee.connection)
        if let roce { countRoCE(c, roce.pointee) }
        if l.pointee.network.fragment == .first {
            fragments.insert(l.pointee.network, entry: e)
            if !held.isEmpty { joinHeld(l.pointee.network, now: record.timestamp, entry: e) }
        }
        return c
    }

    /// Whether held fragments have joined a connection or been given up since the last
    /// `takeFragmentOutcomes`.
    @inline(__always) var hasFragmentOutcomes: Bool { held.hasOutcomes }

    /// Held fragments (packets of their own, not inner flows) that joined a connection, and those
    /// given up as orphans (timed out, over the bounds), since the last call.
    func takeFragmentOutcomes() -> (joined: Int, orphaned: Int) { held.takeOutcomes() }

    /// The end of the input: every fragment still held is given up.
    func finishFragments() { held.finish() }

    /// The most later fragments held at once, waiting for their first fragment.
    var peakHeldFragments: Int { held.peak }

    /// Counts the held later fragments of first fragment `n`'s datagram (arrived at `now`) in entry
    /// `e`'s connection, which starts with the earliest of them.
    @inline(never)
    private func joinHeld(_ n: NetworkLayer, now: Int64, entry e: Int) {
        let entry = table.entry(e)
        let c = Int(entry.pointee.connection)
        for f in held.release(n, now: now, timeout: fragmentTimeout) {
            if (f.source == entry.pointee.key.a) == entry.pointee.initiatorIsA {
                entry.pointee.packetsFromInitiator &+= 1
                entry.pointee.bytesFromInitiator &+= f.bytes
            } else {
                entry.pointee.packetsFromResponder &+= 1
                entry.pointee.bytesFromResponder &+= f.bytes
            }
            if f.timestamp > entry.pointee.lastTimestamp { entry.pointee.lastTimestamp = f.timestamp }
            if f.packetNumber > entry.pointee.lastPacket { entry.pointee.lastPacket = f.packetNumber }
            if f.packetNumber < records[c].firstPacket {
                records[c].firstPacket = f.packetNumber
                records[c].firstTimestamp = f.timestamp
                records[c].firstFile = f.fileIndex
                records[c].firstFrame = f.frameNumber
            }
            records[c].laterFragments &+= 1
        }
    }

    /// Whether the packet starts a new connection on the key of `entry`.
    @inline(__always)
    private func ended(_ entry: UnsafeMutablePointer<FlowEntry>, _ l: UnsafePointer<PacketLayers>, _ now: Int64) -> Bool
    {
        let idle = now &- entry.pointee.lastTimestamp
        let proto = l.pointee.network.proto.rawValue
        if proto == IPProtocol.tcp.rawValue {
            let f = l.pointee.transport.tcpFlags
            if entry.pointee.tcp.closed && f.contains(.syn) && !f.contains(.ack) { return true }
            return idle > tcpTimeout
        }
        return idle > (proto == IPProtocol.udp.rawValue ? udpTimeout : otherTimeout)
    }

    /// A new connection record for the packet's key; decides who initiated it. Returns its id and
    /// whether the initiator is the key's endpoint `a`.
    @inline(never)
    private func open(
        _ l: PacketLayers, sourceIsA: Bool, tunnel: UInt32, roce: RoCEHeader?, _ record: CaptureRecord,
        carriedBy: Int
    ) -> (Int, Bool) {
        let n = l.network
        let t = l.transport
        var senderInitiates = true
        var evidence = DirectionEvidence.firstPacket
        if n.proto == .tcp {
            if t.tcpFlags.contains(.syn) {
                senderInitiates = !t.tcpFlags.contains(.ack)
                evidence = senderInitiates ? .syn : .synAck
            } else {
                // Mid-stream: the well-known (below 1024) port, else the lower port, is the server's.
                let s = t.sourcePort
                let d = t.destinationPort
                if (s < 1024) != (d < 1024) { senderInitiates = d < 1024 } else { senderInitiates = d <= s }
                evidence = .inferred
            }
        }
        let id = records.count
        var flow: RoCEFlow? = nil
        if let roce {
            flow = RoCEFlow()
            flow!.destinationQP = roce.destinationQP
            flow!.partitionKey = roce.partitionKey
        }
        openingPackets.append(record.packetNumber)
        records.append(
            Connection(
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
        return (id, sourceIsA == senderInitiates)
    }

    /// Copies an entry's live counters into its connection's record.
    private static func flush(_ entry: FlowEntry, into r: inout Connection) {
        r.packetsFromInitiator = entry.packetsFromInitiator
        r.packetsFromResponder = entry.packetsFromResponder
        r.bytesFromInitiator = entry.bytesFromInitiator
        r.bytesFromResponder = entry.bytesFromResponder
        r.lastTimestamp = entry.lastTimestamp
        r.lastPacket = entry.lastPacket
        r.tcp = entry.tcp
    }

    /// Adds the packet to the counters and TCP state of the entry's current connection.
    @inline(__always)
    private func count(
        _ h: UnsafeMutablePointer<FlowEntry>, fromInitiator: Bool, _ l: UnsafePointer<PacketLayers>,
        _ record: CaptureRecord
    ) {
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
        if l.pointee.transport.truncated {
            records[Int(h.pointee.connection)].truncatedPackets &+= 1
        } else if l.pointee.network.proto.rawValue == IPProtocol.tcp.rawValue && l.pointee.transport.present {
            ConnectionTracker.updateTCP(
                &h.pointee.tcp, flags: l.pointee.transport.tcpFlags, fromInitiator: fromInitiator)
        }
    }

    @inline(__always)
    private static func updateTCP(_ s: inout TCPState, flags f: TCPFlags, fromInitiator: Bool) {
        if fromInitiator {
            // RFC 9293 3.5: the handshake completes with the initiator's ACK of the SYN-ACK.
            if !s.handshakeComplete && f.contains(.ack) && !f.contains(.syn) && s.flagsFromInitiator.contains(.syn)
                && s.flagsFromResponder.contains([.syn, .ack])
            {
                s.handshakeComplete = true
            }
            s.flagsFromInitiator.formUnion(f)
            if f.contains(.fin) { s.finFromInitiator = true }
        } else {
            s.flagsFromResponder.formUnion(f)
            if f.contains(.fin) { s.finFromResponder = true }
        }
        if f.contains(.rst) { s.reset = true }
    }

    /// RoCEv2 counters live in the record (they are rarer than packets in general).
    @inline(__always)
    private func countRoCE(_ c: Int, _ h: RoCEHeader) {
        guard records[c].roce != nil else { return }
        if h.isCNP {
            records[c].roce!.cnps &+= 1
            return
        }
        if h.isNAK {
            records[c].roce!.naks &+= 1
        } else if h.isResponse {
            records[c].roce!.responses &+= 1
        } else {
            records[c].roce!.requests &+= 1
        }
        if h.psn < records[c].roce!.lowestPSN { records[c].roce!.lowestPSN = h.psn }
        if h.psn > records[c].roce!.highestPSN { records[c].roce!.highestPSN = h.psn }
    }
}

extension FlowEntry {
    /// The entry of a connection whose first packet is `record`.
    init(key: ConnectionKey, connection: Int32, initiatorIsA: Bool, _ record: CaptureRecord) {
        self.init(
            key: key, connection: connection, initiatorIsA: initiatorIsA, tcp: TCPState(),
            packetsFromInitiator: 0, packetsFromResponder: 0, bytesFromInitiator: 0, bytesFromResponder: 0,
            lastTimestamp: record.timestamp, lastPacket: record.packetNumber)
    }
}

extension UnsafePointer where Pointee == DecodedPacket {
    /// Pointers to the packet's parts, for reading them in place.
    var outer: UnsafePointer<PacketLayers> { field(\.outer) }
    var inner: UnsafePointer<PacketLayers> { field(\.inner) }
    var roce: UnsafePointer<RoCEHeader> { field(\.roce) }

    @inline(__always)
    private func field<T>(_ path: KeyPath<DecodedPacket, T>) -> UnsafePointer<T> {
        (UnsafeRawPointer(self) + MemoryLayout<DecodedPacket>.offset(of: path)!).assumingMemoryBound(to: T.self)
    }
}
