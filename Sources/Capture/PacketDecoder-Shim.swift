import InterlockCore

extension PacketDecoder {
    /// One "layer 2.5" header between the link layer and IP, at `o` with ethertype `t`: moves `o`
    /// past it and sets `t` to what it carries. VLAN tags met here (after MPLS, MACsec or a
    /// pseudowire) are skipped: the connection keeps the link's own tags.
    ///
    /// MPLS (RFC 3032) label stacks, PPPoE sessions (RFC 2516), MACsec (IEEE 802.1AE), NSH
    /// (RFC 8300) and Cisco MetaData. Anything else is not IP.
    @inline(never)
    func shim(_ b: PacketBytes, _ o: inout Int, _ t: inout UInt16) -> DecodeOutcome {
        switch t {
        case EtherType.vlan, EtherType.qinq, EtherType.qinqLegacy:
            guard let next = b.u16(o + 2) else { return .undecodable(.truncated) }
            t = next
            o += 4
            return .decoded
        case EtherType.mplsUnicast, EtherType.mplsMulticast: return mpls(b, &o, &t)
        case EtherType.pppoeSession:
            // RFC 2516 4: version/type 0x11, code 0, session, length; then the PPP protocol (RFC 1661).
            guard let head = b.u8(o), let ppp = b.u16(o + 6) else { return .undecodable(.truncated) }
            guard head == 0x11 else { return .undecodable(.badLinkHeader) }
            o += 8
            switch ppp {
            case PPPProtocol.ipv4: t = EtherType.ipv4
            case PPPProtocol.ipv6: t = EtherType.ipv6
            default: return .undecodable(.nonIP)
            }
            return .decoded
        case EtherType.macsec: return macsec(b, &o, &t)
        case EtherType.nsh: return nsh(b, &o, &t)
        case EtherType.ciscoMetadata:
            // Version, length, option, SGT, then the carried ethertype: 8 bytes in all.
            guard let next = b.u16(o + 6) else { return .undecodable(.truncated) }
            t = next
            o += 8
            return .decoded
        default:
            return .undecodable(.nonIP)
        }
    }

    /// An MPLS label stack (RFC 3032 2.1: label 20 bits, traffic class 3, bottom of stack 1, TTL 8)
    /// and what follows its bottom label, guessed from the first nibble as Wireshark does: 4 is
    /// IPv4, 6 IPv6, 0 an Ethernet pseudowire (RFC 4448) with its control word (RFC 4385: a first
    /// nibble of 0) when the Ethernet type after the 4 control-word bytes is one this decoder
    /// follows, else without. Anything else (an associated channel, nibble 1) is not IP.
    func mpls(_ b: PacketBytes, _ o: inout Int, _ t: inout UInt16) -> DecodeOutcome {
        var labels = 0
        while true {
            guard let entry = b.u32(o) else { return .undecodable(.truncated) }
            o += 4
            if entry & 0x100 != 0 { break }
            labels += 1
            guard labels < PacketDecoder.maxMPLSLabels else { return .undecodable(.headerChainTooLong) }
        }
        guard let first = b.u8(o) else { return .undecodable(.truncated) }
        switch first >> 4 {
        case 4: t = EtherType.ipv4
        case 6: t = EtherType.ipv6
        case 0:
            if let type = b.u16(o + 4 + 12), EtherType.isFollowed(type) {
                o += 4
            }
            guard let type = b.u16(o + 12) else { return .undecodable(.truncated) }
            t = type
            o += 14
        default: return .undecodable(.nonIP)
        }
        return .decoded
    }

    /// The MACsec SecTAG (IEEE 802.1AE-2018 9.3): TCI/AN, short length, packet number, and the
    /// 8-byte SCI when the SC bit is set. With neither the E (encrypted) nor the C (changed text)
    /// bit set the frame is integrity-protected only and its payload, starting with the carried
    /// ethertype, is in the clear; otherwise it cannot be read (`encryptedMACsec`).
    func macsec(_ b: PacketBytes, _ o: inout Int, _ t: inout UInt16) -> DecodeOutcome {
        guard let tci = b.u8(o), b.contains(o, 6) else { return .undecodable(.truncated) }
        guard tci & 0x80 == 0 else { return .undecodable(.badLinkHeader) }
        guard tci & 0x0C == 0 else { return .undecodable(.encryptedMACsec) }
        let tag = tci & 0x20 != 0 ? 14 : 6
        guard let next = b.u16(o + tag) else { return .undecodable(.truncated) }
        t = next
        o += tag + 2
        return .decoded
    }

    /// The Network Service Header (RFC 8300 2.2): version 0, its length in 4-byte words (at least
    /// the base and service path headers, 2), and the next protocol: 1 IPv4, 2 IPv6, 3 Ethernet,
    /// 4 NSH, 5 MPLS.
    func nsh(_ b: PacketBytes, _ o: inout Int, _ t: inout UInt16) -> DecodeOutcome {
        guard let word = b.u16(o), let next = b.u8(o + 3) else { return .undecodable(.truncated) }
        let length = Int(word & 0x3F) * 4
        guard word >> 14 == 0, length >= 8 else { return .undecodable(.badTunnelHeader) }
        o += length
        switch next {
        case 1: t = EtherType.ipv4
        case 2: t = EtherType.ipv6
        case 3:
            guard let type = b.u16(o + 12) else { return .undecodable(.truncated) }
            t = type
            o += 14
        case 4: t = EtherType.nsh
        case 5: t = EtherType.mplsUnicast
        default: return .undecodable(.nonIP)
        }
        return .decoded
    }
}

/// PPP protocol numbers (RFC 1661, IANA PPP DLL protocol numbers) of the network layers decoded.
enum PPPProtocol {
    static let ipv4: UInt16 = 0x0021
    static let ipv6: UInt16 = 0x0057
}
