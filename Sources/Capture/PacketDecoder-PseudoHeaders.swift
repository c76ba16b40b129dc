extension PacketDecoder {
    /// IP over InfiniBand: the 4-byte header of RFC 4391 section 6 (an ethertype, 2 reserved
    /// bytes). LINKTYPE_IPOIB documents it alone; Linux puts its 20-byte pseudo-header (the
    /// destination hardware address, `IPOIB_PSEUDO_LEN`) before it, and Wireshark reads a 40-byte
    /// one (GRH-sized). The first of the three places holding an IP or ARP ethertype with zero
    /// reserved bytes is the header: a hardware address begins with a zero byte, a GRH with 0x6_,
    /// so neither reads as one.
    func ipoib(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        for pseudo in [0, 20, 40] {
            guard let type = b.u16(offset + pseudo), let reserved = b.u16(offset + pseudo + 2) else {
                return .undecodable(.truncated)
            }
            guard reserved == 0 else { continue }
            switch type {
            case EtherType.ipv4, EtherType.ipv6:
                etherType = type
                offset += pseudo + 4
                return .decoded
            case EtherType.arp: return .undecodable(.nonIP)
            default: continue
            }
        }
        return .undecodable(.badLinkHeader)
    }

    /// NFLOG (LINKTYPE_NFLOG): address family, version 0, resource id, then TLVs of a 16-bit length
    /// (header included, padded to 4) and a 16-bit type, in the capturing host's byte order: taken
    /// as little-endian unless the first TLV's length and type only make sense big-endian (types are
    /// below 256, lengths at least 4 and inside the frame). The packet is
    /// TLV 9 (`NFULA_PAYLOAD`), raw IP of the header's family (2 IPv4, 10 IPv6).
    func nflog(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let family = b.u8(offset), let version = b.u8(offset + 1), b.contains(offset, 4) else {
            return .undecodable(.truncated)
        }
        guard version == 0 else { return .undecodable(.badLinkHeader) }
        var o = offset + 4
        guard let firstLength = b.u16LittleEndian(o), let firstType = b.u16LittleEndian(o + 2) else {
            return .undecodable(.nonIP)
        }
        let littleEndian = firstLength >= 4 && Int(firstLength) <= b.count - o && firstType & 0x3FFF < 0x100
        while let rawLength = littleEndian ? b.u16LittleEndian(o) : b.u16(o),
            let rawType = littleEndian ? b.u16LittleEndian(o + 2) : b.u16(o + 2)
        {
            let length = Int(rawLength)
            guard length >= 4, b.contains(o, length) else { return .undecodable(.badLinkHeader) }
            // The type's two top bits are netlink flags (nested, network byte order).
            if rawType & 0x3FFF == 9 {
                switch family {
                case 2: etherType = EtherType.ipv4
                case 10: etherType = EtherType.ipv6
                default: return .undecodable(.nonIP)
                }
                offset = o + 4
                return .decoded
            }
            o += (length + 3) & ~3
        }
        // No payload TLV: a log message without the packet.
        return o >= b.count ? .undecodable(.nonIP) : .undecodable(.truncated)
    }

    /// Solaris ipnet (LINKTYPE_IPNET): version, family (2 IPv4, 26 IPv6), hook type, packet
    /// length, interface indexes and zone ids: 24 bytes.
    func ipnet(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16) -> DecodeOutcome {
        guard let family = b.u8(offset + 1), b.contains(offset, 24) else { return .undecodable(.truncated) }
        switch family {
        case 2: etherType = EtherType.ipv4
        case 26: etherType = EtherType.ipv6
        default: return .undecodable(.nonIP)
        }
        offset += 24
        return .decoded
    }

    /// Apple PKTAP (LINKTYPE_PKTAP): a little-endian header whose first field is its length, the
    /// second the record type (1: a packet), the third the link type of the frame after it, which
    /// is then read by that link type's reader.
    func pktap(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16, _ layers: inout PacketLayers)
        -> DecodeOutcome
    {
        guard let length = b.u32LittleEndian(offset), let type = b.u32LittleEndian(offset + 4),
            let dlt = b.u32LittleEndian(offset + 8)
        else { return .undecodable(.truncated) }
        guard length >= 12, Int(length) <= b.count - offset else { return .undecodable(.badLinkHeader) }
        guard type == 1 else { return .undecodable(.nonIP) }
        guard dlt <= UInt32(Int32.max), let inner = LinkType(rawValue: Int32(dlt)).reader else {
            return .undecodable(.unsupportedLinkType)
        }
        offset += Int(length)
        return linkLayer(b, inner, &offset, &etherType, &layers, nested: true)
    }
}
