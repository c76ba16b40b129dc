extension PacketDecoder {
    /// The Juniper link types (DLT_JUNIPER_*), read as Wireshark's `packet-juniper.c` reads them.
    ///
    /// Every frame begins with the magic `MGC` and a flags byte (0x01 inbound, 0x02 no layer-2
    /// header, 0x80 extensions); extensions add a 2-byte length and that many bytes of TLVs. Without
    /// a layer-2 header a 4-byte little-endian protocol follows (2 IPv4, 6 IPv6; 0xA248 is IPv4 after
    /// 4 more bytes). Otherwise the frame after the header depends on the link type: Ethernet
    /// (Ethernet, PPPoE PICs), a 2-byte cookie then a PPP protocol (PPP), Cisco HDLC, Frame Relay,
    /// a 2-byte protocol and a VLAN (GGSN), IPv4 after a 12-byte cookie (16 inbound; services PIC)
    /// or after 18 bytes (voice PIC). The multilink and ATM PICs, whose cookies Wireshark guesses
    /// from their contents, are not read.
    func juniper(
        _ b: PacketBytes, _ reader: LinkReader, _ offset: inout Int, _ etherType: inout UInt16,
        _ layers: inout PacketLayers
    ) -> DecodeOutcome {
        guard let magic = b.u32(offset) else { return .undecodable(.truncated) }
        guard magic >> 8 == 0x4D_4743 else { return .undecodable(.badLinkHeader) }
        let flags = UInt8(truncatingIfNeeded: magic)
        var o = offset + 4
        if flags & 0x80 != 0 {
            guard let extensions = b.u16(o) else { return .undecodable(.truncated) }
            o += 2 + Int(extensions)
        }
        if flags & 0x02 != 0 {
            guard let proto = b.u32LittleEndian(o) else { return .undecodable(.truncated) }
            offset = o + 4
            return juniperProtocol(proto, &offset, &etherType)
        }
        offset = o
        switch reader {
        case .juniperPPP:
            offset += 2
            return ppp(b, &offset, &etherType)
        case .juniperCiscoHDLC: return ciscoHDLC(b, &offset, &etherType, &layers)
        case .juniperFrameRelay: return frameRelay(b, &offset, &etherType, &layers)
        case .juniperGGSN:
            guard let proto = b.u16LittleEndian(offset), b.contains(offset, 4) else { return .undecodable(.truncated) }
            offset += 4
            return juniperProtocol(UInt32(proto), &offset, &etherType)
        case .juniperServices:
            offset += flags & 0x01 != 0 ? 16 : 12
            etherType = EtherType.ipv4
            return .decoded
        case .juniperVoice:
            offset += 18
            etherType = EtherType.ipv4
            return .decoded
        default: return ethernet(b, &offset, &etherType, &layers)
        }
    }

    /// A JUNOS payload protocol number (Wireshark's `juniper.proto` table) as an ethertype.
    private func juniperProtocol(_ proto: UInt32, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        switch proto {
        case 2: etherType = EtherType.ipv4
        case 6: etherType = EtherType.ipv6
        case 0xA248:
            offset += 4
            etherType = EtherType.ipv4
        default: return .undecodable(.nonIP)
        }
        return .decoded
    }
}
