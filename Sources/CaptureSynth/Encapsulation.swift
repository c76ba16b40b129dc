import Capture
import InterlockCore

/// How a path's frames are carried beyond plain Ethernet: in an IP tunnel between two endpoints,
/// or behind a layer 2.5 header between Ethernet and IP.
public enum Encapsulation: Sendable {
    /// Tunnels carried directly in IP.
    public enum IPTunnel: Sendable {
        /// GRE carrying the IP packet (RFC 2784/2890), with an optional key, sequence number and checksum.
        case gre(key: UInt32? = nil, sequence: Bool = false, checksum: Bool = false)
        /// GRE transparent Ethernet bridging (0x6558) carrying the whole frame.
        case greEthernet(key: UInt32? = nil)
        /// ERSPAN type I: GRE 0x88BE without a sequence number or ERSPAN header, carrying the frame.
        case erspanI
        /// GRE carrying Cisco MetaData (0x8909) with a security group tag, then the IP packet.
        case greCiscoMetadata(sgt: UInt16)
        /// WCCP redirection: GRE 0x883E, the 4-byte WCCP v2 redirect header naming `serviceID`
        /// (none for WCCP v1), then the IP packet.
        case wccp(serviceID: UInt8?)
        /// MPLS over GRE (RFC 4023): GRE 0x8847, the label stack, then the IP packet.
        case greMPLS(labels: [UInt32])
        /// IP in IP: protocol 4 for an IPv4 packet, 41 for IPv6.
        case ipInIP
        /// A PIM Register message carrying the packet.
        case pimRegister
        /// SRv6: an IPv6 segment routing header listing `segments`, then the packet (IPv6 endpoints).
        case srv6(segments: [IPv6Address])
    }

    /// Headers between Ethernet and IP.
    public enum Shim: Sendable {
        /// An MPLS label stack (outermost first); `pseudowire` carries the whole Ethernet frame after
        /// a control word (RFC 4448) instead of the IP packet.
        case mpls(labels: [UInt32], pseudowire: Bool = false)
        /// A PPPoE session (RFC 2516) and PPP.
        case pppoe(session: UInt16)
        /// MACsec (IEEE 802.1AE), integrity only unless `encrypted`; with an SCI when given.
        case macsec(sci: UInt64?, encrypted: Bool = false)
        /// NSH (RFC 8300, MD type 2 without context) for service path `spi`, index `si`.
        case nsh(spi: UInt32, si: UInt8)
    }

    /// Carried in an IP tunnel between the client's and the server's tunnel endpoints.
    case ip(IPTunnel, clientEnd: IPAddress, serverEnd: IPAddress)
    /// Carried behind a layer 2.5 header.
    case shim(Shim)
}

extension PacketBuilder {
    /// A GRE header (RFC 2784 with RFC 2890's key and sequence number) followed by `payload`; the
    /// checksum, when present, covers the header and the payload.
    public static func gre(
        protocolType: UInt16, key: UInt32? = nil, sequence: UInt32? = nil, checksum: Bool = false,
        payload: [UInt8]
    ) -> [UInt8] {
        var flags: UInt16 = 0
        if checksum { flags |= 0x8000 }
        if key != nil { flags |= 0x2000 }
        if sequence != nil { flags |= 0x1000 }
        var g = be16(flags) + be16(protocolType)
        if checksum { g += [0, 0, 0, 0] }
        if let key { g += be32(key) }
        if let sequence { g += be32(sequence) }
        g += payload
        if checksum {
            let sum = Checksum.internet(g)
            g[4] = UInt8(sum >> 8)
            g[5] = UInt8(truncatingIfNeeded: sum)
        }
        return g
    }

    /// An MPLS label stack (RFC 3032; TTL 64, bottom of stack on the last label) and `payload`.
    public static func mpls(labels: [UInt32], payload: [UInt8]) -> [UInt8] {
        var s: [UInt8] = []
        for (i, label) in labels.enumerated() {
            s += be32((label & 0xF_FFFF) << 12 | (i == labels.count - 1 ? 0x100 : 0) | 64)
        }
        return s + payload
    }

    /// A PIM version 2 Register message (RFC 7761 4.9.3) carrying `packet`; its checksum covers the
    /// 8-byte PIM header only, as the RFC says for Registers.
    public static func pimRegister(packet: [UInt8]) -> [UInt8] {
        var h: [UInt8] = [0x21, 0, 0, 0, 0, 0, 0, 0]
        let sum = Checksum.internet(h)
        h[2] = UInt8(sum >> 8)
        h[3] = UInt8(truncatingIfNeeded: sum)
        return h + packet
    }

    /// The body of an IPv6 segment routing header (RFC 8754 2: routing type 4, segments left,
    /// last entry, flags, tag, then the segment list, last segment first) for `PacketBuilder.ipv6`.
    public static func segmentRoutingHeader(segments: [IPv6Address]) -> [UInt8] {
        let n = UInt8(segments.count)
        var body: [UInt8] = [4, n == 0 ? 0 : n - 1, n == 0 ? 0 : n - 1, 0, 0, 0]
        for s in segments.reversed() { body += be64(s.high) + be64(s.low) }
        return body
    }

    /// A MACsec SecTAG (IEEE 802.1AE 9.3; AN 0, packet number 1, with the SCI when given), the
    /// carried ethertype and payload (left as is even when `encrypted` marks them so), and a
    /// 16-byte ICV of zeros.
    public static func macsec(sci: UInt64?, encrypted: Bool, etherType: UInt16, payload: [UInt8]) -> [UInt8] {
        let tci: UInt8 = (sci != nil ? 0x20 : 0) | (encrypted ? 0x0C : 0)
        var t: [UInt8] = [tci, 0] + be32(1)
        if let sci { t += be64(sci) }
        return t + be16(etherType) + payload + [UInt8](repeating: 0, count: 16)
    }

    /// An NSH (RFC 8300 2: version 0, MD type 2 without context headers, length 2 words) for service
    /// path `spi` and index `si`, with next protocol `nextProtocol` (1 IPv4, 2 IPv6, 3 Ethernet).
    public static func nsh(spi: UInt32, si: UInt8, nextProtocol: UInt8, payload: [UInt8]) -> [UInt8] {
        [0x0F, 0xC2, 0x02, nextProtocol] + be32(spi << 8 | UInt32(si)) + payload
    }

    /// `frame` (an Ethernet frame whose ethertype is `ip.etherType`, carrying `ip.packet`) as
    /// `encapsulation` carries it from `source` to `destination` (`fromClient` picks the tunnel
    /// endpoints' direction): the Ethernet frame to write.
    public static func encapsulate(
        _ encapsulation: Encapsulation, frame: [UInt8], ip: (packet: [UInt8], etherType: UInt16),
        source: UInt64, destination: UInt64, fromClient: Bool
    ) -> [UInt8] {
        switch encapsulation {
        case .shim(let shim):
            let (type, payload) = shimmed(shim, frame: frame, ip: ip)
            return ethernet(source: source, destination: destination, etherType: type, payload: payload)
        case .ip(let tunnel, let clientEnd, let serverEnd):
            let s = fromClient ? clientEnd : serverEnd
            let d = fromClient ? serverEnd : clientEnd
            let v6Inner = ip.etherType == 0x86DD
            let (proto, payload): (UInt8, [UInt8])
            switch tunnel {
            case .gre(let key, let sequence, let checksum):
                (proto, payload) = (
                    47,
                    gre(
                        protocolType: ip.etherType, key: key, sequence: sequence ? 7 : nil,
                        checksum: checksum, payload: ip.packet)
                )
            case .greEthernet(let key): (proto, payload) = (47, gre(protocolType: 0x6558, key: key, payload: frame))
            case .erspanI: (proto, payload) = (47, gre(protocolType: 0x88BE, payload: frame))
            case .greCiscoMetadata(let sgt):
                let cmd = be16(ip.etherType) + [1, 0] + be16(0x0001) + be16(sgt)
                (proto, payload) = (47, gre(protocolType: 0x8909, payload: cmd + ip.packet))
            case .wccp(let serviceID):
                let redirect: [UInt8] = serviceID.map { [0, $0, 0, 1] } ?? []
                (proto, payload) = (47, gre(protocolType: 0x883E, payload: redirect + ip.packet))
            case .greMPLS(let labels):
                (proto, payload) = (47, gre(protocolType: 0x8847, payload: mpls(labels: labels, payload: ip.packet)))
            case .ipInIP: (proto, payload) = (v6Inner ? 41 : 4, ip.packet)
            case .pimRegister: (proto, payload) = (103, pimRegister(packet: ip.packet))
            case .srv6(let segments):
                guard case .v6(let s6) = s, case .v6(let d6) = d else {
                    preconditionFailure("SRv6 endpoints must be IPv6")
                }
                let outer = ipv6(
                    source: s6, destination: d6, nextHeader: IPProtocol(rawValue: v6Inner ? 41 : 4),
                    payload: ip.packet, extensionHeaders: [(43, segmentRoutingHeader(segments: segments))])
                return ethernet(source: source, destination: destination, etherType: 0x86DD, payload: outer)
            }
            let outer = PacketBuilder.ip(
                source: s, destination: d, proto: IPProtocol(rawValue: proto), payload: payload)
            return ethernet(source: source, destination: destination, etherType: outer.etherType, payload: outer.packet)
        }
    }

    /// The ethertype and payload of a frame carrying `ip` (or, for a pseudowire, `frame`) behind `shim`.
    static func shimmed(_ shim: Encapsulation.Shim, frame: [UInt8], ip: (packet: [UInt8], etherType: UInt16))
        -> (UInt16, [UInt8])
    {
        let v6 = ip.etherType == 0x86DD
        switch shim {
        case .mpls(let labels, let pseudowire):
            return (0x8847, mpls(labels: labels, payload: pseudowire ? [0, 0, 0, 0] + frame : ip.packet))
        case .pppoe(let session):
            let ppp = be16(v6 ? 0x0057 : 0x0021) + ip.packet
            return (0x8864, [0x11, 0] + be16(session) + be16(UInt16(ppp.count)) + ppp)
        case .macsec(let sci, let encrypted):
            return (0x88E5, macsec(sci: sci, encrypted: encrypted, etherType: ip.etherType, payload: ip.packet))
        case .nsh(let spi, let si):
            return (0x894F, nsh(spi: spi, si: si, nextProtocol: v6 ? 2 : 1, payload: ip.packet))
        }
    }
}
