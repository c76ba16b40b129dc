import InterlockCore

extension PacketDecoder {
    /// The transport header at `o` (bounded by `end`), and on the outermost layers the tunnels and
    /// RoCEv2 it may carry, or what the IP packet carries directly (`carriedInIP`). Writes into
    /// `packet.outer` when `outermost`, else into `packet.inner`.
    @inline(__always)
    func transport(_ b: PacketBytes, _ o: Int, _ end: Int, _ packet: inout DecodedPacket, outermost: Bool)
        -> DecodeOutcome
    {
        let ip = outermost ? packet.outer.network : packet.inner.network
        guard ip.fragment != .later else { return .decoded }
        // The IP packet runs past the captured bytes: a header cut here after its ports is counted
        // with them (`truncated`), as a cut inside the IP length is not.
        let cut = end >= b.count
        let b = b.prefix(end)
        var l4 = TransportLayer()
        var result = DecodeOutcome.decoded
        if let header = PacketDecoder.headerLength(ip.proto), !b.contains(o, header), cut,
            let ports = b.u32(o)
        {
            l4.sourcePort = UInt16(truncatingIfNeeded: ports >> 16)
            l4.destinationPort = UInt16(truncatingIfNeeded: ports)
            l4.present = true
            l4.truncated = true
            if outermost { packet.outer.transport = l4 } else { packet.inner.transport = l4 }
            return .decoded
        }
        switch ip.proto.rawValue {
        case IPProtocol.tcp.rawValue:
            // RFC 9293 3.1: data offset in 32-bit words, at least 5.
            guard let ports = b.u32(o), let seq = b.u32(o + 4), let ack = b.u32(o + 8),
                let off = b.u8(o + 12), let flags = b.u8(o + 13), b.contains(o, 20)
            else { return .undecodable(.truncated) }
            guard off >> 4 >= 5 else { return .undecodable(.badL4Header) }
            l4.sourcePort = UInt16(truncatingIfNeeded: ports >> 16)
            l4.destinationPort = UInt16(truncatingIfNeeded: ports)
            l4.sequence = seq
            l4.acknowledgment = ack
            l4.tcpFlags = TCPFlags(rawValue: flags)
        case IPProtocol.udp.rawValue:
            guard let ports = b.u32(o), let length = b.u16(o + 4), b.contains(o, 8) else {
                return .undecodable(.truncated)
            }
            // RFC 768: the length covers header and data, so at least 8; 0 only for IPv6 jumbograms
            // (RFC 2675 4) and, likewise, in a BIG TCP IPv4 packet whose total length is 0.
            guard length >= 8 || (length == 0 && (ip.version == 6 || ip.lengthUnstated)) else {
                return .undecodable(.badL4Header)
            }
            l4.sourcePort = UInt16(truncatingIfNeeded: ports >> 16)
            l4.destinationPort = UInt16(truncatingIfNeeded: ports)
            let payloadEnd = length == 0 ? b.count : min(b.count, o + Int(length))
            let declaredEnd = length == 0 ? b.count : o + Int(length)
            switch l4.destinationPort {
            case WellKnownPort.rocev2:
                result = roce(b, o + 8, payloadEnd, icrcInCapture: declaredEnd <= b.count, &packet)
            case WellKnownPort.vxlan where outermost:
                result = vxlan(b, o + 8, payloadEnd, &packet)
            case WellKnownPort.geneve where outermost:
                result = geneve(b, o + 8, payloadEnd, &packet)
            default: break
            }
        case IPProtocol.sctp.rawValue:
            guard let ports = b.u32(o), b.contains(o, 12) else { return .undecodable(.truncated) }
            l4.sourcePort = UInt16(truncatingIfNeeded: ports >> 16)
            l4.destinationPort = UInt16(truncatingIfNeeded: ports)
        case IPProtocol.icmp.rawValue, IPProtocol.icmpv6.rawValue:
            guard let type = b.u8(o), let code = b.u8(o + 1), b.contains(o, 4) else { return .undecodable(.truncated) }
            l4.sourcePort = UInt16(type)
            l4.destinationPort = UInt16(code)
        case IPProtocol.gre.rawValue:
            guard let flags = b.u16(o), let proto = b.u16(o + 2) else { return .undecodable(.truncated) }
            if outermost { result = gre(b, o, flags, proto, &packet) }
        default:
            l4.present = false
            if outermost {
                packet.outer.transport = l4
                return carriedInIP(b, o, ip, &packet)
            }
            packet.inner.transport = l4
            return .decoded
        }
        l4.present = true
        if outermost { packet.outer.transport = l4 } else { packet.inner.transport = l4 }
        return result
    }

    /// The fixed header length of a transport protocol whose first 4 bytes are its ports (TCP, UDP,
    /// SCTP), `nil` for any other.
    @inline(__always)
    static func headerLength(_ proto: IPProtocol) -> Int? {
        switch proto.rawValue {
        case IPProtocol.tcp.rawValue: return 20
        case IPProtocol.udp.rawValue: return 8
        case IPProtocol.sctp.rawValue: return 12
        default: return nil
        }
    }

    /// VXLAN (RFC 7348 5): flags with the I bit (0x08) set, a 24-bit VNI, then an Ethernet frame.
    func vxlan(_ b: PacketBytes, _ o: Int, _ end: Int, _ packet: inout DecodedPacket) -> DecodeOutcome {
        guard let flags = b.u8(o), let vniWord = b.u32(o + 4) else { return .undecodable(.truncated) }
        guard flags & 0x08 != 0 else { return .undecodable(.badTunnelHeader) }
        packet.tunnel = .vxlan
        packet.tunnelID = vniWord >> 8
        return innerFrame(b.prefix(end), o + 8, ethernet: true, etherType: 0, &packet)
    }

    /// Geneve (RFC 8926 3.4): version 0, options length in 4-byte words, a protocol type (Ethernet
    /// 0x6558 or IPv4/IPv6 directly) and a 24-bit VNI.
    func geneve(_ b: PacketBytes, _ o: Int, _ end: Int, _ packet: inout DecodedPacket) -> DecodeOutcome {
        guard let first = b.u8(o), let proto = b.u16(o + 2), let vniWord = b.u32(o + 4) else {
            return .undecodable(.truncated)
        }
        guard first >> 6 == 0 else { return .undecodable(.badTunnelHeader) }
        let headerLength = 8 + Int(first & 0x3F) * 4
        packet.tunnel = .geneve
        packet.tunnelID = vniWord >> 8
        switch proto {
        case EtherType.transparentEthernet:
            return innerFrame(b.prefix(end), o + headerLength, ethernet: true, etherType: 0, &packet)
        case EtherType.ipv4, EtherType.ipv6:
            return innerFrame(b.prefix(end), o + headerLength, ethernet: false, etherType: proto, &packet)
        default:
            return .undecodable(.badTunnelHeader)
        }
    }

    /// ERSPAN over GRE (draft-foschiano-erspan), its header at `e` (the end of the GRE header):
    /// type II (GRE 0x88BE with a sequence number, 8-byte header, version 1), type I (0x88BE
    /// without sequence number, no header, as Wireshark tells them apart) and type III (0x22EB,
    /// 12-byte header, version 2, plus an 8-byte platform subheader when the O bit is set; frame
    /// type 0 Ethernet, 2 IP).
    func erspan(_ b: PacketBytes, _ e: Int, hasSequence: Bool, _ proto: UInt16, _ packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        if proto == EtherType.erspan2 {
            guard hasSequence else {
                packet.tunnel = .erspan1
                return innerFrame(b, e, ethernet: true, etherType: 0, &packet)
            }
            guard let word = b.u16(e), let session = b.u16(e + 2), b.contains(e, 8) else {
                return .undecodable(.truncated)
            }
            guard word >> 12 == 1 else { return .undecodable(.badTunnelHeader) }
            packet.tunnel = .erspan2
            packet.tunnelID = UInt32(session & 0x03FF)
            return innerFrame(b, e + 8, ethernet: true, etherType: 0, &packet)
        }
        guard let word = b.u16(e), let session = b.u16(e + 2), let hw = b.u16(e + 10), b.contains(e, 12) else {
            return .undecodable(.truncated)
        }
        guard word >> 12 == 2 else { return .undecodable(.badTunnelHeader) }
        packet.tunnel = .erspan3
        packet.tunnelID = UInt32(session & 0x03FF)
        let subheader = hw & 0x0001 != 0 ? 8 : 0
        switch (hw >> 10) & 0x1F {
        case 0: return innerFrame(b, e + 12 + subheader, ethernet: true, etherType: 0, &packet)
        case 2: return innerIP(b, e + 12 + subheader, &packet)
        default: return .undecodable(.badTunnelHeader)
        }
    }

    /// An IP packet at `o` whose version its first nibble tells (6 is IPv6, anything else is read
    /// as IPv4 and must then be valid).
    func innerIP(_ b: PacketBytes, _ o: Int, _ packet: inout DecodedPacket) -> DecodeOutcome {
        guard let v = b.u8(o) else { return .undecodable(.truncated) }
        let etherType = v >> 4 == 6 ? EtherType.ipv6 : EtherType.ipv4
        return innerFrame(b, o, ethernet: false, etherType: etherType, &packet)
    }

    /// The decapsulated frame at `o`: an Ethernet frame, or an IP packet of `etherType`. A frame
    /// that is not IP (ARP inside VXLAN) leaves the inner network version 0: the outer flow is
    /// still counted.
    func innerFrame(
        _ b: PacketBytes, _ o: Int, ethernet isEthernet: Bool, etherType: UInt16,
        _ packet: inout DecodedPacket
    ) -> DecodeOutcome {
        packet.inner = PacketLayers()
        var offset = o
        var type = etherType
        if isEthernet {
            let r = ethernet(b, &offset, &type, &packet.inner)
            guard r == .decoded else { return r }
        }
        var end = b.count
        var transportOffset = 0
        let r = network(b, offset, type, &packet.inner, &transportOffset, &end)
        guard r == .decoded else { return r == .undecodable(.nonIP) ? .decoded : r }
        return transport(b, transportOffset, end, &packet, outermost: false)
    }

    /// The RoCEv2 base transport header (IBA vol. 1 9.2; RoCEv2 Annex A17): opcode, P_Key,
    /// destination QP, AckReq and PSN, then the AETH of acknowledges. The 4-byte ICRC ends the UDP
    /// payload.
    func roce(_ b: PacketBytes, _ o: Int, _ end: Int, icrcInCapture: Bool, _ packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        let b = b.prefix(end)
        guard let opcode = b.u8(o), let pkey = b.u16(o + 2), let qpWord = b.u32(o + 4),
            let psnWord = b.u32(o + 8)
        else { return .undecodable(.badRoCEHeader) }
        var h = RoCEHeader()
        h.opcode = opcode
        h.partitionKey = pkey
        h.becn = qpWord & 0x4000_0000 != 0
        h.destinationQP = qpWord & 0x00FF_FFFF
        h.ackRequested = psnWord & 0x8000_0000 != 0
        h.psn = psnWord & 0x00FF_FFFF
        if RoCEOpcode.carriesAETH(opcode), let syndrome = b.u8(o + 12) { h.syndrome = syndrome }
        h.hasICRC = icrcInCapture && b.contains(o, 16)
        packet.roce = h
        packet.isRoCE = true
        return .decoded
    }
}
