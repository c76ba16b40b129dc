import InterlockCore

/// A decoded packet in a partial result: every field the decoder filled, so that tracking it later
/// counts it exactly as tracking it after decoding does. Layout (little-endian) in DEVELOPERS.md,
/// "Sharding and merging".
extension BinaryWriter {
    /// Appends `packet`: a flags byte (1: tunnelled, 2: RoCE), the outer layers, then the tunnel and
    /// inner layers if tunnelled, then the RoCE header if RoCE.
    mutating func packet(_ packet: borrowing DecodedPacket) {
        let tunnelled = packet.tunnel != .none
        u8((tunnelled ? 1 : 0) | (packet.isRoCE ? 2 : 0))
        layers(packet.outer)
        if tunnelled {
            u8(packet.tunnel.rawValue)
            u32(packet.tunnelID)
            layers(packet.inner)
        }
        if packet.isRoCE {
            let r = packet.roce
            u8(r.opcode)
            u16(r.partitionKey)
            u32(r.destinationQP)
            u32(r.psn)
            u8(r.syndrome)
            u8(bits(r.ackRequested, r.becn, r.hasICRC))
        }
    }

    private mutating func layers(_ l: PacketLayers) {
        let n = l.network
        for a in [n.source, n.destination] {
            u64(a.high)
            u64(a.low)
        }
        u32(n.fragmentID)
        u8(n.version)
        u8(n.proto.rawValue)
        u8(n.fragment.rawValue)
        u8(n.trafficClass)
        u8(n.hopLimit)
        u8(bits(n.lengthUnstated, n.segmentRouted))
        let t = l.transport
        u32(t.sequence)
        u32(t.acknowledgment)
        u16(t.sourcePort)
        u16(t.destinationPort)
        u8(t.tcpFlags.rawValue)
        u8(bits(t.present, t.truncated))
        u16(l.vlan)
        u16(l.innerVLAN)
    }

    private func bits(_ flags: Bool...) -> UInt8 {
        flags.enumerated().reduce(0) { $0 | ($1.element ? 1 << $1.offset : 0) }
    }
}

extension BinaryReader {
    /// Reads a packet `BinaryWriter.packet` wrote.
    mutating func packet() throws -> DecodedPacket {
        var p = DecodedPacket()
        let flags = try u8()
        p.outer = try layers()
        if flags & 1 != 0 {
            guard let tunnel = TunnelKind(rawValue: try u8()), tunnel != .none else { throw malformed("tunnel kind") }
            p.tunnel = tunnel
            p.tunnelID = try u32()
            p.inner = try layers()
        }
        if flags & 2 != 0 {
            p.isRoCE = true
            p.roce.opcode = try u8()
            p.roce.partitionKey = try u16()
            p.roce.destinationQP = try u32()
            p.roce.psn = try u32()
            p.roce.syndrome = try u8()
            let b = try u8()
            (p.roce.ackRequested, p.roce.becn, p.roce.hasICRC) = (b & 1 != 0, b & 2 != 0, b & 4 != 0)
        }
        return p
    }

    private mutating func layers() throws -> PacketLayers {
        var l = PacketLayers()
        l.network.source = PacketAddress(high: try u64(), low: try u64())
        l.network.destination = PacketAddress(high: try u64(), low: try u64())
        l.network.fragmentID = try u32()
        l.network.version = try u8()
        l.network.proto = IPProtocol(rawValue: try u8())
        guard let fragment = FragmentPosition(rawValue: try u8()) else { throw malformed("fragment position") }
        l.network.fragment = fragment
        l.network.trafficClass = try u8()
        l.network.hopLimit = try u8()
        let n = try u8()
        (l.network.lengthUnstated, l.network.segmentRouted) = (n & 1 != 0, n & 2 != 0)
        l.transport.sequence = try u32()
        l.transport.acknowledgment = try u32()
        l.transport.sourcePort = try u16()
        l.transport.destinationPort = try u16()
        l.transport.tcpFlags = TCPFlags(rawValue: try u8())
        let t = try u8()
        (l.transport.present, l.transport.truncated) = (t & 1 != 0, t & 2 != 0)
        l.vlan = try u16()
        l.innerVLAN = try u16()
        return l
    }
}
