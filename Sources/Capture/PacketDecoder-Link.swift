extension PacketDecoder {
    /// The link-layer header of a frame read by `reader`, starting at `offset`: leaves `offset` at
    /// the network header and `etherType` naming it (PPP protocols, NLPIDs and address families
    /// are translated to the ethertype of the same protocol), VLAN tags in `layers`.
    ///
    /// `nested` is true for a frame inside another link header (PKTAP), which may not nest again.
    func linkLayer(
        _ b: PacketBytes, _ reader: LinkReader, _ offset: inout Int, _ etherType: inout UInt16,
        _ layers: inout PacketLayers, nested: Bool = false
    ) -> DecodeOutcome {
        switch reader {
        case .ethernet: return ethernet(b, &offset, &etherType, &layers)
        case .linuxSLL:
            guard let hatype = b.u16(offset + 2), let p = b.u16(offset + 14) else { return .undecodable(.truncated) }
            offset += 16
            return cooked(b, protocol: p, hardwareType: hatype, &offset, &etherType, &layers)
        case .linuxSLL2:
            guard let p = b.u16(offset), let hatype = b.u16(offset + 8), b.contains(offset, 20) else {
                return .undecodable(.truncated)
            }
            offset += 20
            return cooked(b, protocol: p, hardwareType: hatype, &offset, &etherType, &layers)
        case .rawIP: return ipByVersion(b, offset, &etherType)
        case .bsdLoopback: return loopback(b, &offset, &etherType)
        case .ppp: return ppp(b, &offset, &etherType)
        case .pppWithDirection:
            guard b.u8(offset) != nil else { return .undecodable(.truncated) }
            offset += 1
            return ppp(b, &offset, &etherType)
        case .pppHDLC:
            guard let address = b.u8(offset) else { return .undecodable(.truncated) }
            return address == 0xFF ? ppp(b, &offset, &etherType) : ciscoHDLC(b, &offset, &etherType, &layers)
        case .ciscoHDLC: return ciscoHDLC(b, &offset, &etherType, &layers)
        case .frameRelay: return frameRelay(b, &offset, &etherType, &layers)
        case .ipoib: return ipoib(b, &offset, &etherType)
        case .nflog: return nflog(b, &offset, &etherType)
        case .ieee80211: return ieee80211(b, &offset, &etherType)
        case .radiotap:
            // radiotap.org: version 0, a pad byte, then the whole header's length (little-endian).
            guard let version = b.u8(offset), let length = b.u16LittleEndian(offset + 2) else {
                return .undecodable(.truncated)
            }
            guard version == 0, length >= 8 else { return .undecodable(.badLinkHeader) }
            offset += Int(length)
            return ieee80211(b, &offset, &etherType)
        case .ipnet: return ipnet(b, &offset, &etherType)
        case .pktap:
            guard !nested else { return .undecodable(.badLinkHeader) }
            return pktap(b, &offset, &etherType, &layers)
        case .juniperEthernet, .juniperPPP, .juniperCiscoHDLC, .juniperFrameRelay, .juniperGGSN, .juniperServices,
            .juniperVoice:
            return juniper(b, reader, &offset, &etherType, &layers)
        }
    }

    /// IPv4 or IPv6 at `o`, told apart by the version nibble (raw IP link types and headers that
    /// carry IP without naming its version).
    func ipByVersion(_ b: PacketBytes, _ o: Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let v = b.u8(o) else { return .undecodable(.truncated) }
        switch v >> 4 {
        case 4: etherType = EtherType.ipv4
        case 6: etherType = EtherType.ipv6
        default: return .undecodable(.badIPHeader)
        }
        return .decoded
    }

    /// BSD loopback (DLT_NULL, DLT_LOOP): a 32-bit address family written in the capturing host's
    /// byte order (DLT_NULL) or network order (DLT_LOOP); either is accepted for both, since a value
    /// with its high bytes set can only be the other order.
    func loopback(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard var family = b.u32LittleEndian(offset) else { return .undecodable(.truncated) }
        if family > 0xFFFF { family = family.byteSwapped }
        switch family {
        case 2: etherType = EtherType.ipv4
        case 10, 24, 28, 30: etherType = EtherType.ipv6  // AF_INET6 on Linux, NetBSD/OpenBSD, FreeBSD, macOS
        case 0, 0x10000...: return .undecodable(.badLinkHeader)
        default: return .undecodable(.nonIP)
        }
        offset += 4
        return .decoded
    }

    /// The payload of a Linux cooked header (`sll_protocol`, `sll_hatype`), as libpcap's
    /// `pcap-linux.c` and Wireshark's `packet-sll.c` read it: an ethertype, or for the pseudo
    /// protocols 0x0003 a whole Ethernet frame, 0x0004 an 802.2 LLC frame, 0x0007 PPP in HDLC
    /// framing; on an IP GRE device (hatype 778) the protocol is GRE's, 0x6558 an Ethernet frame.
    func cooked(
        _ b: PacketBytes, protocol p: UInt16, hardwareType: UInt16, _ offset: inout Int, _ etherType: inout UInt16,
        _ layers: inout PacketLayers
    ) -> DecodeOutcome {
        switch p {
        case 0x0003: return ethernet(b, &offset, &etherType, &layers)
        case 0x0004: return llc(b, &offset, &etherType)
        case 0x0007: return ppp(b, &offset, &etherType)
        case EtherType.transparentEthernet where hardwareType == 778:
            return ethernet(b, &offset, &etherType, &layers)
        default:
            etherType = p
            return vlanTags(b, &offset, &etherType, &layers)
        }
    }

    /// An 802.2 LLC header at `offset`: SNAP (AA AA 03) with an OUI of 0 (RFC 1042) or 00-00-F8
    /// (802.1H bridge tunnel) carries an ethertype; any other LLC is not IP.
    func llc(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let dsap = b.u16(offset), let control = b.u8(offset + 2) else { return .undecodable(.truncated) }
        guard dsap == 0xAAAA, control == 0x03 else { return .undecodable(.nonIP) }
        guard let oui = b.u32(offset + 2), let type = b.u16(offset + 6) else { return .undecodable(.truncated) }
        guard oui & 0x00FF_FFFF == 0 || oui & 0x00FF_FFFF == 0xF8 else { return .undecodable(.nonIP) }
        etherType = type
        offset += 8
        return .decoded
    }
}
