import Capture
import InterlockCore

extension PacketBuilder {
    /// How many forms `linkFrame` writes for `linkType` (0 for a link type it does not write).
    public static func linkFrameVariants(_ linkType: LinkType) -> Int {
        switch linkType {
        case .ppp, .ieee80211, .frameRelay, .linuxSLL, .linuxSLL2, .ipoib: return 3
        case .null, .ethernet, .pppHDLC, .ciscoHDLC, .juniperEthernet: return 2
        case .raw, .rawOpenBSD, .loop, .radiotap, .juniperGGSN, .juniperServices, .juniperPPPoE, .juniperPPP,
            .juniperFrameRelay, .juniperCiscoHDLC, .juniperVoice, .pppWithDirection, .ipnet, .ipv4, .ipv6, .nflog,
            .pktap:
            return 1
        default: return 0
        }
    }

    /// The IP packet `ip` (of ethertype `etherType`, from `PacketBuilder.ip`) as a frame of
    /// `linkType`, in its form number `variant` (below `linkFrameVariants`): each link type's header
    /// written from its documentation (see `SupportedEncapsulations`), with the alternatives a
    /// reader meets (PPP with and without address and control, 3 and 4-address 802.11, RFC 2427
    /// and Cisco Frame Relay, the IPoIB pseudo-headers...). `nil` for a link type or variant it
    /// does not write, and for IPv6 on a link type that carries only IPv4.
    public static func linkFrame(_ linkType: LinkType, ip: [UInt8], etherType: UInt16, variant: Int = 0) -> [UInt8]? {
        let v6 = etherType == 0x86DD
        guard variant >= 0, variant < linkFrameVariants(linkType) else { return nil }
        let ethernetFrame = ethernet(
            source: 0x0200_0000_0001, destination: 0x0200_0000_0002, etherType: etherType, payload: ip)
        let snap: [UInt8] = [0xAA, 0xAA, 0x03, 0, 0, 0] + be16(etherType)
        let pppProtocol: UInt16 = v6 ? 0x0057 : 0x0021
        switch linkType {
        case .null:
            let family: UInt32 = v6 ? 30 : 2
            return (variant == 0 ? le32(family) : be32(family)) + ip
        case .loop: return be32(v6 ? 24 : 2) + ip
        case .ethernet:
            guard variant == 1 else { return ethernetFrame }
            return ethernet(
                source: 0x0200_0000_0001, destination: 0x0200_0000_0002, etherType: UInt16(snap.count + ip.count),
                payload: snap + ip)
        case .raw, .rawOpenBSD: return ip
        case .ipv4: return v6 ? nil : ip
        case .ipv6: return v6 ? ip : nil
        case .ppp: return ppp(ip, pppProtocol, variant)
        case .pppWithDirection: return [1] + ppp(ip, pppProtocol, 0)
        case .pppHDLC: return variant == 0 ? ppp(ip, pppProtocol, 0) : [0x0F, 0] + be16(etherType) + ip
        case .ciscoHDLC: return [variant == 0 ? 0x0F : 0x8F, 0] + be16(etherType) + ip
        case .frameRelay: return frameRelay(ip, etherType, variant)
        case .ieee80211: return ieee80211(snap + ip, variant)
        case .radiotap: return [0, 0, 8, 0, 0, 0, 0, 0] + ieee80211(snap + ip, 0)
        case .linuxSLL, .linuxSLL2: return cooked(linkType, ip, etherType, variant)
        case .ipnet: return [1, v6 ? 26 : 2] + be16(0) + be32(UInt32(ip.count)) + [UInt8](repeating: 0, count: 16) + ip
        case .nflog: return nflog(ip, v6)
        case .ipoib:
            // Wireshark's 40-byte pseudo-header (GRH not valid: zeros, then the destination
            // address), Linux's 20-byte one (the destination address), or none (RFC 4391 alone).
            let address: [UInt8] = [0, 0, 0, 0x48] + [UInt8](repeating: 0xFE, count: 16)
            let header = be16(etherType) + [0, 0]
            return [[UInt8](repeating: 0, count: 20) + address, address, []][variant] + header + ip
        case .pktap:
            // Header length 108, type 1 (packet), DLT_EN10MB, then the interface name and the rest.
            return le32(108) + le32(1) + le32(1) + Array("en0".utf8) + [UInt8](repeating: 0, count: 93)
                + ethernetFrame
        case .juniperEthernet, .juniperPPPoE:
            // Variant 1: extensions (a 6-byte TLV: type 1, the device interface index) before the frame.
            return variant == 0
                ? juniperMagic(0x00) + ethernetFrame
                : juniperMagic(0x80) + be16(6) + [1, 4, 7, 0, 0, 0]
                    + ethernetFrame
        case .juniperPPP: return juniperMagic(0x00) + ppp(ip, pppProtocol, 0)
        case .juniperCiscoHDLC: return juniperMagic(0x00) + [0x0F, 0] + be16(etherType) + ip
        case .juniperFrameRelay: return juniperMagic(0x00) + frameRelay(ip, etherType, 0)
        case .juniperGGSN: return juniperMagic(0x00) + le16(v6 ? 6 : 2) + le16(0) + ip
        case .juniperServices: return v6 ? nil : juniperMagic(0x01) + [UInt8](repeating: 0, count: 16) + ip
        case .juniperVoice: return v6 ? nil : juniperMagic(0x00) + [UInt8](repeating: 0, count: 18) + ip
        default: return nil
        }
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { be32(v.byteSwapped) }
    private static func juniperMagic(_ flags: UInt8) -> [UInt8] { [0x4D, 0x47, 0x43, flags] }

    /// PPP: with address and control (0), without (1), or with the protocol compressed (2).
    private static func ppp(_ ip: [UInt8], _ proto: UInt16, _ variant: Int) -> [UInt8] {
        switch variant {
        case 0: return [0xFF, 0x03] + be16(proto) + ip
        case 1: return be16(proto) + ip
        default: return [UInt8(truncatingIfNeeded: proto)] + ip
        }
    }

    /// Frame Relay with DLCI 16: RFC 2427 NLPID (0), SNAP after a pad byte (1), Cisco (2).
    private static func frameRelay(_ ip: [UInt8], _ etherType: UInt16, _ variant: Int) -> [UInt8] {
        let address: [UInt8] = [0x04, 0x01]
        switch variant {
        case 0: return address + [0x03, etherType == 0x86DD ? 0x8E : 0xCC] + ip
        case 1: return address + [0x03, 0x00, 0x80, 0, 0, 0] + be16(etherType) + ip
        default: return address + be16(etherType) + ip
        }
    }

    /// An 802.11 data frame carrying `body`: from the DS, 3 addresses (0); QoS data between two
    /// access points, 4 addresses (1); QoS data to the DS as an A-MSDU of one subframe (2).
    private static func ieee80211(_ body: [UInt8], _ variant: Int) -> [UInt8] {
        let addresses = [UInt8](repeating: 0x02, count: 18)
        switch variant {
        case 0: return [0x08, 0x02, 0, 0] + addresses + [0x10, 0] + body
        case 1:
            return [0x88, 0x03, 0, 0] + addresses + [0x20, 0] + [UInt8](repeating: 0x02, count: 6) + [0, 0] + body
        default:
            let subframe = [UInt8](repeating: 0x04, count: 12) + be16(UInt16(body.count)) + body
            return [0x88, 0x01, 0, 0] + addresses + [0x30, 0] + [0x80, 0] + subframe
        }
    }

    /// A Linux cooked header: the ethertype (0), protocol 4 with LLC/SNAP (1), or protocol 3 with
    /// a whole Ethernet frame (2).
    private static func cooked(_ linkType: LinkType, _ ip: [UInt8], _ etherType: UInt16, _ variant: Int) -> [UInt8] {
        let payload: [UInt8]
        let proto: UInt16
        switch variant {
        case 0: (proto, payload) = (etherType, ip)
        case 1: (proto, payload) = (0x0004, [0xAA, 0xAA, 0x03, 0, 0, 0] + be16(etherType) + ip)
        default:
            (proto, payload) = (
                0x0003,
                ethernet(source: 0x0200_0000_0001, destination: 0x0200_0000_0002, etherType: etherType, payload: ip)
            )
        }
        let address: [UInt8] = [0x02, 0, 0, 0, 0, 0x01, 0, 0]
        if linkType == .linuxSLL2 {
            return be16(proto) + [0, 0] + be32(2) + be16(1) + [0, 6] + address + payload
        }
        return be16(0) + be16(1) + be16(6) + address + be16(proto) + payload
    }

    /// NFLOG, little-endian TLVs: the packet header (TLV 1: hardware protocol, hook) and the
    /// payload (TLV 9), each padded to 4 bytes.
    private static func nflog(_ ip: [UInt8], _ v6: Bool) -> [UInt8] {
        var out: [UInt8] = [v6 ? 10 : 2, 0] + be16(0)
        out += le16(8) + le16(1) + be16(v6 ? 0x86DD : 0x0800) + [1, 0]
        out += le16(UInt16(4 + ip.count)) + le16(9) + ip
        out += [UInt8](repeating: 0, count: (4 - ip.count % 4) % 4)
        return out
    }
}
