import InterlockCore

extension PacketDecoder {
    /// The common case in one straight pass: an Ethernet frame, untagged or with one 802.1Q tag,
    /// carrying an unfragmented IPv4 packet without options and a TCP or UDP header that opens no
    /// tunnel or RoCEv2. Writes exactly what `decode` writes for such a frame and returns true;
    /// returns false, having written nothing, for anything else (the caller then runs `decode`).
    ///
    /// One bounds check covers every read: the longest header stack it accepts, 18 + 20 + 20 bytes.
    @inline(__always)
    func decodeCommon(_ b: PacketBytes, linkType: LinkType, into packet: inout DecodedPacket) -> Bool {
        guard linkType == .ethernet, b.count >= 58, let p = b.base else { return false }
        @inline(__always) func u8(_ o: Int) -> UInt8 { p.load(fromByteOffset: o, as: UInt8.self) }
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            UInt16(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        }
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            UInt32(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        }
        var o = 14
        var vlan: UInt16 = 0
        var etherType = u16(12)
        if etherType == EtherType.vlan {
            vlan = u16(14) & 0x0FFF
            etherType = u16(16)
            o = 18
        }
        // IPv4, IHL 5, neither more fragments nor an offset (DF may be set).
        guard etherType == EtherType.ipv4, u8(o) == 0x45, u16(o + 6) & 0x3FFF == 0 else { return false }
        let total = Int(u16(o + 2))
        guard total == 0 || total >= 20 else { return false }
        let end = total == 0 ? b.count : min(b.count, o + total)
        let proto = u8(o + 9)
        let t = o + 20
        var l4 = TransportLayer()
        l4.present = true
        let ports = u32(t)
        l4.sourcePort = UInt16(truncatingIfNeeded: ports >> 16)
        l4.destinationPort = UInt16(truncatingIfNeeded: ports)
        if proto == IPProtocol.tcp.rawValue {
            guard end >= t + 20, u8(t + 12) >> 4 >= 5 else { return false }
            l4.sequence = u32(t + 4)
            l4.acknowledgment = u32(t + 8)
            l4.tcpFlags = TCPFlags(rawValue: u8(t + 13))
        } else if proto == IPProtocol.udp.rawValue {
            let d = l4.destinationPort
            guard end >= t + 8, u16(t + 4) >= 8, d != WellKnownPort.rocev2, d != WellKnownPort.vxlan,
                d != WellKnownPort.geneve
            else { return false }
        } else {
            return false
        }
        var layers = PacketLayers()
        layers.vlan = vlan
        layers.network.version = 4
        layers.network.trafficClass = u8(o + 1)
        layers.network.fragmentID = UInt32(u16(o + 4))
        layers.network.lengthUnstated = total == 0
        layers.network.hopLimit = u8(o + 8)
        layers.network.proto = IPProtocol(rawValue: proto)
        layers.network.source = PacketAddress(high: 0, low: UInt64(u32(o + 12)))
        layers.network.destination = PacketAddress(high: 0, low: UInt64(u32(o + 16)))
        layers.transport = l4
        packet.outer = layers
        packet.tunnel = .none
        packet.tunnelID = 0
        packet.isRoCE = false
        return true
    }
}
