import InterlockCore

/// Decodes captured frames into `DecodedPacket`s: link layer (every link type of
/// `SupportedEncapsulations`, each read by `linkLayer`), 802.1Q/QinQ, MPLS, PPPoE, MACsec and NSH,
/// IPv4/IPv6 (options, extension headers, fragments), TCP/UDP/SCTP/ICMP/ICMPv6, one level of VXLAN,
/// Geneve, ERSPAN, GRE, IP in IP, SRv6, PIM Register or WCCP, and the RoCEv2 base transport header.
///
/// Every read is bounds-checked (`PacketBytes` returns `nil` past the end), every loop is bounded,
/// and nothing allocates: a hostile frame can only end up counted under an `UndecodableReason`.
/// The steps return a `DecodeOutcome`; the first that is not `.decoded` ends the decoding.
public struct PacketDecoder: Sendable {
    /// At most this many VLAN tags or IPv6 extension headers are followed.
    public static let maxChainedHeaders = 8
    /// At most this many MPLS labels are followed down to the bottom of the stack.
    public static let maxMPLSLabels = 16

    /// A decoder (it holds no state: one serves any number of packets and threads).
    public init() {}

    /// Decodes `bytes` (a frame of `linkType`) into `packet`: `.decoded`, else why not.
    public func decode(_ bytes: PacketBytes, linkType: LinkType, into packet: inout DecodedPacket)
        -> DecodeOutcome
    {
        packet.outer = PacketLayers()
        packet.tunnel = .none
        packet.tunnelID = 0
        packet.isRoCE = false
        guard let reader = linkType.reader else { return .undecodable(.unsupportedLinkType) }
        var offset = 0
        var etherType: UInt16 = 0
        let link = linkLayer(bytes, reader, &offset, &etherType, &packet.outer)
        guard link == .decoded else { return link }
        var end = bytes.count
        var transportOffset = 0
        let r = network(bytes, offset, etherType, &packet.outer, &transportOffset, &end)
        guard r == .decoded else { return r }
        return transport(bytes, transportOffset, end, &packet, outermost: true)
    }

    /// An Ethernet II header and any VLAN tags; leaves `offset` at the payload and `etherType` set.
    /// An 802.3 frame (a length, 1500 or less, where the ethertype would be) is read through its
    /// LLC/SNAP header.
    @inline(__always)
    func ethernet(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16, _ layers: inout PacketLayers)
        -> DecodeOutcome
    {
        guard let t = b.u16(offset + 12) else { return .undecodable(.truncated) }
        etherType = t
        offset += 14
        if t <= 1500 { return llc(b, &offset, &etherType) }
        return vlanTags(b, &offset, &etherType, &layers)
    }

    /// 802.1Q (0x8100), 802.1ad (0x88A8) and the legacy QinQ TPID 0x9100: the first tag is the
    /// outer VLAN, the second the inner (customer) VLAN.
    @inline(__always)
    func vlanTags(_ b: PacketBytes, _ offset: inout Int, _ etherType: inout UInt16, _ layers: inout PacketLayers)
        -> DecodeOutcome
    {
        var tags = 0
        while etherType == EtherType.vlan || etherType == EtherType.qinq || etherType == EtherType.qinqLegacy {
            guard tags < PacketDecoder.maxChainedHeaders else { return .undecodable(.headerChainTooLong) }
            guard let tci = b.u16(offset), let next = b.u16(offset + 2) else { return .undecodable(.truncated) }
            if tags == 0 { layers.vlan = tci & 0x0FFF } else if tags == 1 { layers.innerVLAN = tci & 0x0FFF }
            tags += 1
            etherType = next
            offset += 4
        }
        return .decoded
    }

    /// The IP header at `offset`, after any layer 2.5 headers (`shim`): fills `layers.network`, sets
    /// `transportOffset` and bounds `end` by the IP length (dropping Ethernet padding).
    @inline(__always)
    func network(
        _ b: PacketBytes, _ offset: Int, _ etherType: UInt16, _ layers: inout PacketLayers,
        _ transportOffset: inout Int, _ end: inout Int
    ) -> DecodeOutcome {
        var o = offset
        var t = etherType
        for _ in 0...PacketDecoder.maxChainedHeaders {
            switch t {
            case EtherType.ipv4: return ipv4(b, o, &layers.network, &transportOffset, &end)
            case EtherType.ipv6: return ipv6(b, o, &layers.network, &transportOffset, &end)
            default:
                let r = shim(b, &o, &t)
                guard r == .decoded else { return r }
            }
        }
        return .undecodable(.headerChainTooLong)
    }

    /// IPv4 (RFC 791). The header length (IHL) skips options; a zero total length (seen on
    /// TSO-offloaded captures) means "as captured".
    @inline(__always)
    func ipv4(_ b: PacketBytes, _ o: Int, _ ip: inout NetworkLayer, _ transportOffset: inout Int, _ end: inout Int)
        -> DecodeOutcome
    {
        guard let vihl = b.u8(o) else { return .undecodable(.truncated) }
        guard vihl >> 4 == 4 else { return .undecodable(.badIPHeader) }
        let ihl = Int(vihl & 0x0F) &* 4
        guard ihl >= 20 else { return .undecodable(.badIPHeader) }
        guard b.contains(o, ihl), let tos = b.u8(o + 1), let total = b.u16(o + 2), let id = b.u16(o + 4),
            let frag = b.u16(o + 6), let ttl = b.u8(o + 8), let proto = b.u8(o + 9),
            let src = b.u32(o + 12), let dst = b.u32(o + 16)
        else { return .undecodable(.truncated) }
        if total != 0 {
            guard Int(total) >= ihl else { return .undecodable(.badIPHeader) }
            end = min(end, o + Int(total))
        }
        ip.version = 4
        ip.trafficClass = tos
        ip.hopLimit = ttl
        ip.proto = IPProtocol(rawValue: proto)
        ip.source = PacketAddress(high: 0, low: UInt64(src))
        ip.destination = PacketAddress(high: 0, low: UInt64(dst))
        ip.fragmentID = UInt32(id)
        ip.lengthUnstated = total == 0
        let fragmentOffset = frag & 0x1FFF
        let moreFragments = frag & 0x2000 != 0
        ip.fragment = fragmentOffset != 0 ? .later : (moreFragments ? .first : .whole)
        transportOffset = o + ihl
        return .decoded
    }

    /// IPv6 (RFC 8200) and its extension-header chain (section 4): hop-by-hop, routing, fragment,
    /// destination options, AH (length in 4-byte units, RFC 4302), mobility, HIP, shim6 and the
    /// experimental 253/254. The chain stops at the first upper-layer header.
    @inline(__always)
    func ipv6(_ b: PacketBytes, _ o: Int, _ ip: inout NetworkLayer, _ transportOffset: inout Int, _ end: inout Int)
        -> DecodeOutcome
    {
        guard let word0 = b.u32(o), let payloadLength = b.u16(o + 4), let next = b.u8(o + 6),
            let hop = b.u8(o + 7), let sh = b.u64(o + 8), let sl = b.u64(o + 16),
            let dh = b.u64(o + 24), let dl = b.u64(o + 32)
        else { return .undecodable(.truncated) }
        guard word0 >> 28 == 6 else { return .undecodable(.badIPHeader) }
        if payloadLength != 0 { end = min(end, o + 40 + Int(payloadLength)) }
        ip.version = 6
        ip.trafficClass = UInt8(truncatingIfNeeded: word0 >> 20)
        ip.hopLimit = hop
        ip.source = PacketAddress(high: sh, low: sl)
        ip.destination = PacketAddress(high: dh, low: dl)
        ip.lengthUnstated = payloadLength == 0
        var header = next
        var p = o + 40
        for _ in 0...PacketDecoder.maxChainedHeaders {
            switch header {
            case 0, 43, 60, 135, 139, 140, 253, 254:
                guard let n = b.u8(p), let len = b.u8(p + 1) else { return .undecodable(.truncated) }
                // A routing header of type 4 is a segment routing header (RFC 8754 2).
                if header == 43 && b.u8(p + 2) == 4 { ip.segmentRouted = true }
                header = n
                p += (Int(len) + 1) * 8
            case 51:
                guard let n = b.u8(p), let len = b.u8(p + 1) else { return .undecodable(.truncated) }
                header = n
                p += (Int(len) + 2) * 4
            case 44:
                guard let n = b.u8(p), let fo = b.u16(p + 2), let id = b.u32(p + 4) else {
                    return .undecodable(.truncated)
                }
                ip.fragmentID = id
                let fragmentOffset = fo >> 3
                ip.fragment = fragmentOffset != 0 ? .later : (fo & 1 != 0 ? .first : .whole)
                header = n
                p += 8
            default:
                ip.proto = IPProtocol(rawValue: header)
                transportOffset = p
                return .decoded
            }
        }
        return .undecodable(.headerChainTooLong)
    }
}

/// Ethertypes the decoder follows.
enum EtherType {
    static let ipv4: UInt16 = 0x0800
    static let ipv6: UInt16 = 0x86DD
    static let arp: UInt16 = 0x0806
    static let vlan: UInt16 = 0x8100
    static let qinq: UInt16 = 0x88A8
    static let qinqLegacy: UInt16 = 0x9100
    static let transparentEthernet: UInt16 = 0x6558
    static let erspan2: UInt16 = 0x88BE
    static let erspan3: UInt16 = 0x22EB
    static let mplsUnicast: UInt16 = 0x8847
    static let mplsMulticast: UInt16 = 0x8848
    static let pppoeSession: UInt16 = 0x8864
    static let macsec: UInt16 = 0x88E5
    static let nsh: UInt16 = 0x894F
    static let ciscoMetadata: UInt16 = 0x8909
    static let wccp: UInt16 = 0x883E

    /// Whether the decoder follows `type` towards IP: IP itself or a header `shim` reads.
    static func isFollowed(_ type: UInt16) -> Bool {
        switch type {
        case ipv4, ipv6, vlan, qinq, qinqLegacy, mplsUnicast, mplsMulticast, pppoeSession, macsec, nsh, ciscoMetadata:
            return true
        default: return false
        }
    }
}

/// Well-known UDP ports of the encapsulations the decoder opens.
public enum WellKnownPort {
    /// VXLAN (RFC 7348).
    public static let vxlan: UInt16 = 4789
    /// Geneve (RFC 8926).
    public static let geneve: UInt16 = 6081
    /// RoCEv2 (the InfiniBand Trade Association's port).
    public static let rocev2: UInt16 = 4791
}
