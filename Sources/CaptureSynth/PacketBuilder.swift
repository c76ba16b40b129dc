import Capture
import InterlockCore

/// Builds real frames, byte by byte, with correct lengths and checksums: Ethernet (with 802.1Q and
/// QinQ tags), IPv4 (options, fragments), IPv6 (extension headers), TCP, UDP, ICMP, VXLAN, Geneve,
/// ERSPAN and RoCEv2 (BTH, AETH, ICRC). Tests and benchmarks use it to generate captures.
public enum PacketBuilder {
    /// A locally administered MAC address derived from an IP address (02:00 + its low 32 bits).
    public static func mac(for address: IPAddress) -> UInt64 {
        0x0200_0000_0000 | PacketAddress(address).low & 0xFFFF_FFFF
    }

    /// An Ethernet II frame; `vlans` are pushed outermost first (two tags make an 802.1ad QinQ frame).
    public static func ethernet(
        source: UInt64, destination: UInt64, vlans: [UInt16] = [], etherType: UInt16,
        payload: [UInt8]
    ) -> [UInt8] {
        var f: [UInt8] = []
        f.reserveCapacity(18 + vlans.count * 4 + payload.count)
        for shift in stride(from: 40, through: 0, by: -8) {
            f.append(UInt8(truncatingIfNeeded: destination >> UInt64(shift)))
        }
        for shift in stride(from: 40, through: 0, by: -8) {
            f.append(UInt8(truncatingIfNeeded: source >> UInt64(shift)))
        }
        for (i, vid) in vlans.enumerated() {
            let tpid: UInt16 = vlans.count > 1 && i == 0 ? 0x88A8 : 0x8100
            f += be16(tpid) + be16(vid & 0x0FFF)
        }
        f += be16(etherType)
        f += payload
        return f
    }

    /// An IPv4 header (RFC 791) with its checksum, followed by `payload`. `fragmentOffset` is in
    /// bytes (a multiple of 8); `options` are padded to 32 bits. A packet over 65535 bytes gets a
    /// total length of 0, as Linux BIG TCP writes it.
    public static func ipv4(
        source: IPv4Address, destination: IPv4Address, proto: IPProtocol, payload: [UInt8],
        identification: UInt16 = 0, ttl: UInt8 = 64, tos: UInt8 = 0, dontFragment: Bool = false,
        moreFragments: Bool = false, fragmentOffset: Int = 0, options: [UInt8] = []
    ) -> [UInt8] {
        let opts = options + [UInt8](repeating: 0, count: (4 - options.count % 4) % 4)
        let headerLength = 20 + opts.count
        var flags = UInt16(fragmentOffset / 8) & 0x1FFF
        if dontFragment { flags |= 0x4000 }
        if moreFragments { flags |= 0x2000 }
        var h: [UInt8] = [0x40 | UInt8(headerLength / 4), tos]
        h += be16(fitting(headerLength + payload.count)) + be16(identification) + be16(flags)
        h += [ttl, proto.rawValue, 0, 0] + be32(source.value) + be32(destination.value) + opts
        let sum = Checksum.internet(h)
        h[10] = UInt8(sum >> 8)
        h[11] = UInt8(truncatingIfNeeded: sum)
        return h + payload
    }

    /// An IPv6 header (RFC 8200) followed by `extensionHeaders` (each `(type, body)`, body padded to
    /// a multiple of 8 with its next-header and length bytes filled in) and `payload`.
    public static func ipv6(
        source: IPv6Address, destination: IPv6Address, nextHeader: IPProtocol, payload: [UInt8],
        hopLimit: UInt8 = 64, trafficClass: UInt8 = 0,
        extensionHeaders: [(type: UInt8, body: [UInt8])] = []
    ) -> [UInt8] {
        var chain: [UInt8] = []
        for (i, ext) in extensionHeaders.enumerated() {
            let next = i + 1 < extensionHeaders.count ? extensionHeaders[i + 1].type : nextHeader.rawValue
            var body = ext.body
            if ext.type == 44 {
                chain += [next, 0] + body.prefix(6) + [UInt8](repeating: 0, count: max(0, 6 - body.count))
                continue
            }
            body += [UInt8](repeating: 0, count: (8 - (body.count + 2) % 8) % 8)
            chain += [next, UInt8((body.count + 2) / 8 - 1)] + body
        }
        let first = extensionHeaders.first?.type ?? nextHeader.rawValue
        var h =
            be32(6 << 28 | UInt32(trafficClass) << 20) + be16(fitting(chain.count + payload.count)) + [first, hopLimit]
        h += be64(source.high) + be64(source.low) + be64(destination.high) + be64(destination.low)
        return h + chain + payload
    }

    /// An IPv4 or IPv6 packet for `proto`, and the ethertype to carry it.
    public static func ip(
        source: IPAddress, destination: IPAddress, proto: IPProtocol, payload: [UInt8],
        identification: UInt16 = 0, ttl: UInt8 = 64
    ) -> (packet: [UInt8], etherType: UInt16) {
        switch (source, destination) {
        case (.v4(let s), .v4(let d)):
            return (
                ipv4(
                    source: s, destination: d, proto: proto, payload: payload, identification: identification,
                    ttl: ttl, dontFragment: true), 0x0800
            )
        case (.v6(let s), .v6(let d)):
            return (ipv6(source: s, destination: d, nextHeader: proto, payload: payload, hopLimit: ttl), 0x86DD)
        default:
            preconditionFailure("source and destination must be of one IP version")
        }
    }

    /// A TCP segment (RFC 9293) with its checksum over the pseudo-header.
    public static func tcp(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        sequence: UInt32, acknowledgment: UInt32, flags: TCPFlags, window: UInt16 = 65535,
        payload: [UInt8] = []
    ) -> [UInt8] {
        var s = be16(sourcePort) + be16(destinationPort) + be32(sequence) + be32(acknowledgment)
        s += [5 << 4, flags.rawValue] + be16(window) + [0, 0, 0, 0] + payload
        let sum = Checksum.internet(pseudoHeader(source, destination, .tcp, s.count), s)
        s[16] = UInt8(sum >> 8)
        s[17] = UInt8(truncatingIfNeeded: sum)
        return s
    }

    /// A UDP datagram (RFC 768) with its checksum (0 is sent as 0xFFFF).
    public static func udp(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        payload: [UInt8]
    ) -> [UInt8] {
        var d = be16(sourcePort) + be16(destinationPort) + be16(fitting(8 + payload.count)) + [0, 0] + payload
        var sum = Checksum.internet(pseudoHeader(source, destination, .udp, d.count), d)
        if sum == 0 { sum = 0xFFFF }
        d[6] = UInt8(sum >> 8)
        d[7] = UInt8(truncatingIfNeeded: sum)
        return d
    }

    /// An ICMP (v4) or ICMPv6 message: type, code, checksum, then `rest` (identifier and sequence
    /// for echo).
    public static func icmp(source: IPAddress, destination: IPAddress, type: UInt8, code: UInt8, rest: [UInt8])
        -> [UInt8]
    {
        var m = [type, code, 0, 0] + rest
        let sum =
            source.version == 6
            ? Checksum.internet(pseudoHeader(source, destination, .icmpv6, m.count), m) : Checksum.internet(m)
        m[2] = UInt8(sum >> 8)
        m[3] = UInt8(truncatingIfNeeded: sum)
        return m
    }

    /// A VXLAN header (RFC 7348: I flag, 24-bit VNI) and the encapsulated Ethernet frame, as a UDP payload.
    public static func vxlan(vni: UInt32, frame: [UInt8]) -> [UInt8] {
        [0x08, 0, 0, 0] + be32(vni << 8) + frame
    }

    /// A Geneve header (RFC 8926, no options) carrying `payload` of `protocolType`.
    public static func geneve(vni: UInt32, protocolType: UInt16 = 0x6558, payload: [UInt8]) -> [UInt8] {
        [0, 0] + be16(protocolType) + be32(vni << 8) + payload
    }

    /// A GRE header with sequence number and an ERSPAN type II header (version 1) for `session`,
    /// followed by the mirrored frame: the payload of an IP packet of protocol GRE.
    public static func erspanII(
        session: UInt16, sequence: UInt32, vlan: UInt16 = 0, index: UInt32 = 0,
        frame: [UInt8]
    ) -> [UInt8] {
        be16(0x1000) + be16(0x88BE) + be32(sequence) + be16(1 << 12 | vlan & 0x0FFF) + be16(session & 0x03FF)
            + be32(index & 0xF_FFFF) + frame
    }

    /// A GRE header (no options) and an ERSPAN type III header (version 2, Ethernet frame type)
    /// for `session`, followed by the mirrored frame.
    public static func erspanIII(session: UInt16, timestamp: UInt32 = 0, frame: [UInt8]) -> [UInt8] {
        be16(0x0000) + be16(0x22EB) + be16(2 << 12) + be16(session & 0x03FF) + be32(timestamp) + be16(0) + be16(0)
            + frame
    }

    /// A RoCEv2 UDP payload: the base transport header (IBA vol. 1 9.2), an AETH when `aeth` is
    /// given (acknowledges), `payload`, and the ICRC computed over the masked IP and UDP headers of
    /// the packet that will carry it (RoCEv2 Annex A17.8); see `rocev2Frame`.
    static func bth(
        opcode: UInt8, partitionKey: UInt16, destinationQP: UInt32, psn: UInt32, ackRequest: Bool,
        aeth: UInt32?, payload: [UInt8]
    ) -> [UInt8] {
        var b = [opcode, 0] + be16(partitionKey) + be32(destinationQP & 0xFF_FFFF)
        b += be32((ackRequest ? 0x8000_0000 : 0) | psn & 0xFF_FFFF)
        if let aeth { b += be32(aeth) }
        return b + payload
    }

    /// A whole RoCEv2 packet over IPv4 or IPv6 (UDP destination port 4791) with a correct ICRC, and
    /// its ethertype. `aeth` is the AETH word of acknowledges (syndrome << 24 | MSN).
    public static func rocev2(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, opcode: UInt8,
        partitionKey: UInt16 = 0xFFFF, destinationQP: UInt32, psn: UInt32,
        ackRequest: Bool = false, aeth: UInt32? = nil, payload: [UInt8] = [],
        ttl: UInt8 = 64, identification: UInt16 = 0
    ) -> (packet: [UInt8], etherType: UInt16) {
        let transport =
            bth(
                opcode: opcode, partitionKey: partitionKey, destinationQP: destinationQP, psn: psn,
                ackRequest: ackRequest, aeth: aeth, payload: payload) + [0, 0, 0, 0]
        let datagram = udp(
            source: source, destination: destination, sourcePort: sourcePort,
            destinationPort: WellKnownPort.rocev2, payload: transport)
        var (packet, etherType) = ip(
            source: source, destination: destination, proto: .udp, payload: datagram,
            identification: identification, ttl: ttl)
        let icrc = self.icrc(packet)
        let n = packet.count
        // The ICRC is sent least significant byte first.
        packet[n - 4] = UInt8(truncatingIfNeeded: icrc)
        packet[n - 3] = UInt8(truncatingIfNeeded: icrc >> 8)
        packet[n - 2] = UInt8(truncatingIfNeeded: icrc >> 16)
        packet[n - 1] = UInt8(truncatingIfNeeded: icrc >> 24)
        return (packet, etherType)
    }

    /// The invariant CRC of a RoCEv2 IP packet (ending with a 4-byte ICRC placeholder): CRC-32 over
    /// 8 bytes of ones (the masked LRH), the IP header with its variant fields (TOS, TTL, checksum;
    /// IPv6 traffic class, flow label, hop limit) set to ones, the UDP header with its checksum set
    /// to ones, and the BTH with its reserved byte set to ones.
    public static func icrc(_ packet: [UInt8]) -> UInt32 {
        var p = packet
        let ipHeader: Int
        if p[0] >> 4 == 4 {
            ipHeader = Int(p[0] & 0x0F) * 4
            p[1] = 0xFF
            p[8] = 0xFF
            p[10] = 0xFF
            p[11] = 0xFF
        } else {
            ipHeader = 40
            p[0] |= 0x0F
            p[1] = 0xFF
            p[2] = 0xFF
            p[3] = 0xFF
            p[7] = 0xFF
        }
        p[ipHeader + 6] = 0xFF
        p[ipHeader + 7] = 0xFF
        p[ipHeader + 8 + 4] = 0xFF
        return Checksum.crc32([UInt8](repeating: 0xFF, count: 8), Array(p[0..<(p.count - 4)]))
    }

    /// Splits an IPv4 datagram (header without options + payload) into fragments whose payloads are
    /// at most `fragmentSize` bytes (rounded down to a multiple of 8).
    public static func fragmentIPv4(
        source: IPv4Address, destination: IPv4Address, proto: IPProtocol,
        payload: [UInt8], identification: UInt16, fragmentSize: Int
    ) -> [[UInt8]] {
        let size = max(8, fragmentSize / 8 * 8)
        var out: [[UInt8]] = []
        var offset = 0
        while offset < payload.count {
            let end = min(payload.count, offset + size)
            out.append(
                ipv4(
                    source: source, destination: destination, proto: proto, payload: Array(payload[offset..<end]),
                    identification: identification, moreFragments: end < payload.count, fragmentOffset: offset))
            offset = end
        }
        return out
    }

    static func pseudoHeader(_ s: IPAddress, _ d: IPAddress, _ proto: IPProtocol, _ length: Int) -> [UInt8] {
        switch (s, d) {
        case (.v4(let a), .v4(let b)):
            return be32(a.value) + be32(b.value) + [0, proto.rawValue] + be16(UInt16(truncatingIfNeeded: length))
        case (.v6(let a), .v6(let b)):
            return be64(a.high) + be64(a.low) + be64(b.high) + be64(b.low) + be32(UInt32(length)) + [
                0, 0, 0, proto.rawValue,
            ]
        default:
            preconditionFailure("source and destination must be of one IP version")
        }
    }

    /// A length for a 16-bit length field, or 0 when it does not fit: what BIG TCP (IPv4 total
    /// length, UDP length) and IPv6 jumbograms write.
    static func fitting(_ length: Int) -> UInt16 { length > 0xFFFF ? 0 : UInt16(length) }

    /// Big-endian bytes of an integer, for assembling headers.
    public static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(truncatingIfNeeded: v)] }
    /// Big-endian bytes of a 32-bit integer.
    public static func be32(_ v: UInt32) -> [UInt8] {
        [
            UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
            UInt8(truncatingIfNeeded: v),
        ]
    }
    /// Big-endian bytes of a 64-bit integer.
    public static func be64(_ v: UInt64) -> [UInt8] { be32(UInt32(v >> 32)) + be32(UInt32(truncatingIfNeeded: v)) }
}
