import InterlockCore

extension PacketDecoder {
    /// GRE (RFC 2784, key and sequence number of RFC 2890, routing of RFC 1701) at `o`: the header
    /// is skipped and its payload opened by protocol type: ERSPAN, Ethernet (0x6558), WCCP
    /// redirection (0x883E), Cisco MetaData (0x8909), and anything `shim` follows towards IP. Other
    /// payloads, and GRE versions other than 0 (PPTP's enhanced GRE), are left closed: the GRE
    /// packet is still counted in its own connection.
    func gre(_ b: PacketBytes, _ o: Int, _ flags: UInt16, _ proto: UInt16, _ packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        guard flags & 0x0007 == 0 else { return .decoded }
        // RFC 1701 order: checksum and offset (C or R), key (K), sequence number (S), routing (R).
        var e = o + 4
        if flags & 0xC000 != 0 { e += 4 }
        var key: UInt32 = 0
        if flags & 0x2000 != 0 {
            guard let k = b.u32(e) else { return .undecodable(.truncated) }
            key = k
            e += 4
        }
        let hasSequence = flags & 0x1000 != 0
        if hasSequence { e += 4 }
        if flags & 0x4000 != 0 {
            // Source route entries: address family, offset, length, information; an entry with
            // family 0 and length 0 ends the list.
            var ended = false
            for _ in 0...PacketDecoder.maxChainedHeaders {
                guard let family = b.u16(e), let length = b.u8(e + 3) else { return .undecodable(.truncated) }
                e += 4 + Int(length)
                if family == 0 && length == 0 {
                    ended = true
                    break
                }
            }
            guard ended else { return .undecodable(.headerChainTooLong) }
        }
        switch proto {
        case EtherType.erspan2, EtherType.erspan3:
            return erspan(b, e, hasSequence: hasSequence, proto, &packet)
        case EtherType.wccp:
            // Wireshark's rule: a payload that does not start like IPv4 begins with the 4-byte WCCP
            // v2 redirect header (flags, service ID, alternate and primary bucket).
            guard let first = b.u8(e) else { return .undecodable(.truncated) }
            packet.tunnel = .wccp
            if first >> 4 != 4 {
                guard let service = b.u8(e + 1), b.contains(e, 4) else { return .undecodable(.truncated) }
                packet.tunnelID = UInt32(service)
                e += 4
            }
            return innerIP(b, e, &packet)
        case EtherType.ciscoMetadata:
            // Over GRE the carried protocol type comes first, then version, length, option and SGT.
            guard let carried = b.u16(e), b.contains(e, 8) else { return .undecodable(.truncated) }
            return grePayload(b, e + 8, carried, key: key, &packet)
        default:
            return grePayload(b, e, proto, key: key, &packet)
        }
    }

    /// The payload of protocol type `proto` at `e` of a GRE packet whose key is `key`.
    private func grePayload(_ b: PacketBytes, _ e: Int, _ proto: UInt16, key: UInt32, _ packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        let isEthernet = proto == EtherType.transparentEthernet
        guard isEthernet || EtherType.isFollowed(proto) else { return .decoded }
        packet.tunnel = .gre
        packet.tunnelID = key & 0xFF_FFFF
        return innerFrame(b, e, ethernet: isEthernet, etherType: proto, &packet)
    }

    /// What an outermost IP packet of protocol `ip.proto` carries directly at `o`: an IPv4 (4) or
    /// IPv6 (41) packet or, after a segment routing header, an Ethernet frame (143, RFC 8986 10.1),
    /// or the packet in a PIM Register. Any other protocol carries no packet the decoder opens.
    func carriedInIP(_ b: PacketBytes, _ o: Int, _ ip: NetworkLayer, _ packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        let kind: TunnelKind = ip.segmentRouted ? .srv6 : .ipInIP
        switch ip.proto.rawValue {
        case 4:
            packet.tunnel = kind
            return innerFrame(b, o, ethernet: false, etherType: EtherType.ipv4, &packet)
        case 41:
            packet.tunnel = kind
            return innerFrame(b, o, ethernet: false, etherType: EtherType.ipv6, &packet)
        case 143 where ip.segmentRouted:
            packet.tunnel = .srv6
            return innerFrame(b, o, ethernet: true, etherType: 0, &packet)
        case 103:
            // RFC 7761 4.9.3: version 2, type 1 (Register), reserved, checksum, then the B and N bits
            // and reserved bits in 4 bytes; the data packet follows.
            guard let versionType = b.u8(o), b.contains(o, 8) else { return .undecodable(.truncated) }
            guard versionType == 0x21 else { return .decoded }
            packet.tunnel = .pimRegister
            return innerIP(b, o + 8, &packet)
        default:
            return .decoded
        }
    }
}
