extension PacketDecoder {
    /// PPP (RFC 1661 2): the RFC 1662 address and control bytes FF 03 when present, then the
    /// protocol, one byte when compressed (odd, RFC 1661 6.5) or two. IPv4 (0x0021), IPv6
    /// (0x0057) and MPLS (0x0281, 0x0283) become their ethertypes; anything else is not IP.
    func ppp(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let first = b.u8(offset) else { return .undecodable(.truncated) }
        if first == 0xFF {
            guard let control = b.u8(offset + 1) else { return .undecodable(.truncated) }
            guard control == 0x03 else { return .undecodable(.badLinkHeader) }
            offset += 2
        }
        guard let high = b.u8(offset) else { return .undecodable(.truncated) }
        let proto: UInt16
        if high & 1 == 1 {
            proto = UInt16(high)
            offset += 1
        } else {
            guard let p = b.u16(offset) else { return .undecodable(.truncated) }
            proto = p
            offset += 2
        }
        switch proto {
        case 0x0021: etherType = EtherType.ipv4
        case 0x0057: etherType = EtherType.ipv6
        case 0x0281: etherType = EtherType.mplsUnicast
        case 0x0283: etherType = EtherType.mplsMulticast
        default: return .undecodable(.nonIP)
        }
        return .decoded
    }

    /// Cisco HDLC: address (0x0F unicast, 0x8F broadcast), control, then an ethertype.
    func ciscoHDLC(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16, _ layers: inout PacketLayers)
        -> DecodeOutcome
    {
        guard let type = b.u16(offset + 2) else { return .undecodable(.truncated) }
        etherType = type
        offset += 4
        return vlanTags(b, &offset, &etherType, &layers)
    }

    /// Frame Relay: a Q.922 address of 2 to 4 bytes (the EA bit ends it), then RFC 2427
    /// multiprotocol encapsulation (UI control 0x03, an optional pad, the NLPID: 0xCC IPv4, 0x8E
    /// IPv6, 0x80 SNAP) or, without the 0x03, Cisco's encapsulation (an ethertype), as Wireshark's
    /// `packet-fr.c` tells them apart.
    func frameRelay(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16, _ layers: inout PacketLayers)
        -> DecodeOutcome
    {
        var o = offset
        for length in 1...4 {
            guard let a = b.u8(o) else { return .undecodable(.truncated) }
            o += 1
            if a & 1 == 1 {
                guard length >= 2 else { return .undecodable(.badLinkHeader) }
                break
            }
            if length == 4 { return .undecodable(.badLinkHeader) }
        }
        guard let control = b.u8(o) else { return .undecodable(.truncated) }
        guard control == 0x03 else {
            guard let type = b.u16(o) else { return .undecodable(.truncated) }
            etherType = type
            offset = o + 2
            return vlanTags(b, &offset, &etherType, &layers)
        }
        o += b.u8(o + 1) == 0 ? 2 : 1  // the pad byte before an NLPID
        guard let nlpid = b.u8(o) else { return .undecodable(.truncated) }
        o += 1
        switch nlpid {
        case 0xCC: etherType = EtherType.ipv4
        case 0x8E: etherType = EtherType.ipv6
        case 0x80:
            // SNAP without the AA AA 03 of LLC: OUI, then the protocol identifier.
            guard let oui = b.u16(o), let low = b.u8(o + 2), let type = b.u16(o + 3) else {
                return .undecodable(.truncated)
            }
            guard oui == 0, low == 0 else { return .undecodable(.nonIP) }
            etherType = type
            o += 5
        default: return .undecodable(.nonIP)
        }
        offset = o
        return .decoded
    }
}
