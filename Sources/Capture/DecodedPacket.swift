import InterlockCore

/// Why a packet could not be decoded down to a connection. Every packet read is either decoded,
/// filtered out, or counted under exactly one of these.
public enum UndecodableReason: UInt8, CaseIterable, Comparable, Sendable {
    /// A link type the decoder does not handle (read and counted, never rejected).
    case unsupportedLinkType
    /// Fewer bytes than a header needs (snaplen or a cut frame).
    case truncated
    /// A link-layer header that makes no sense (unknown loopback family...).
    case badLinkHeader
    /// Not IP at all: ARP, LLDP, 802.3/LLC and other ethertypes.
    case nonIP
    /// An IPv4/IPv6 header that is invalid: wrong version, IHL below 5, total length below the header.
    case badIPHeader
    /// A TCP/UDP/SCTP/ICMP/GRE header that is invalid (TCP data offset below 5, UDP length below 8...).
    case badL4Header
    /// A tunnel or service header that is invalid (VXLAN, Geneve, ERSPAN, GRE, NSH).
    case badTunnelHeader
    /// A RoCEv2 packet (UDP 4791) too short for its base transport header.
    case badRoCEHeader
    /// A frame whose payload is encrypted at the link layer (a protected 802.11 frame).
    case encrypted
    /// A non-first IP fragment whose first fragment was not seen (so its ports are unknown), neither
    /// before it nor within the fragment timeout after it.
    case orphanFragment
    /// More stacked headers than any real packet has (VLAN tags, MPLS labels, IPv6 extension headers).
    case headerChainTooLong
    /// A MACsec frame whose payload is encrypted (E or C bit of the SecTAG set): its IP header
    /// cannot be read.
    case encryptedMACsec
    /// A capture record cut short by the end of the file, or with an impossible length; the rest
    /// of that file is unreadable.
    case badRecord

    /// The name printed in summaries (`unsupported-linktype`, `bad-ip-header`, ...).
    public var name: String {
        switch self {
        case .unsupportedLinkType: return "unsupported-linktype"
        case .truncated: return "truncated"
        case .badLinkHeader: return "bad-link-header"
        case .nonIP: return "non-ip"
        case .badIPHeader: return "bad-ip-header"
        case .badL4Header: return "bad-l4-header"
        case .badTunnelHeader: return "bad-tunnel-header"
        case .badRoCEHeader: return "bad-roce-header"
        case .encrypted: return "encrypted"
        case .orphanFragment: return "orphan-fragment"
        case .headerChainTooLong: return "header-chain-too-long"
        case .encryptedMACsec: return "macsec-encrypted"
        case .badRecord: return "bad-record"
        }
    }

    /// In declaration order, the order summaries list them in.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a packet sits in IP fragmentation.
public enum FragmentPosition: UInt8, Sendable {
    /// Not fragmented.
    case whole
    /// Offset 0 with more fragments to come: carries the transport header, so it is keyed.
    case first
    /// A later fragment: no transport header; attributed to the first fragment's connection.
    case later
}

/// The IP layer of a packet.
public struct NetworkLayer: Sendable {
    /// The source address (IPv4 in the low word).
    public var source = PacketAddress.zero
    /// The destination address (IPv4 in the low word).
    public var destination = PacketAddress.zero
    /// The IPv4 identification or the IPv6 fragment header's identification.
    public var fragmentID: UInt32 = 0
    /// 4 or 6.
    public var version: UInt8 = 0
    /// The transport protocol, after any IPv6 extension headers.
    public var proto = IPProtocol(rawValue: 0)
    /// Whole, first fragment, or later fragment.
    public var fragment = FragmentPosition.whole
    /// Traffic class / TOS byte (DSCP and ECN).
    public var trafficClass: UInt8 = 0
    /// IPv4 TTL or IPv6 hop limit.
    public var hopLimit: UInt8 = 0
    /// The header gives no length (IPv4 total length 0, IPv6 payload length 0: BIG TCP, TSO and
    /// jumbograms); the packet runs to the end of what was captured.
    public var lengthUnstated = false
    /// An IPv6 packet with a segment routing header (routing type 4, RFC 8754): SRv6.
    public var segmentRouted = false

    /// An empty layer, for the decoder to fill.
    public init() {}

    /// `source` as an `IPAddress` of `version`.
    public var sourceAddress: IPAddress { source.ipAddress(version: version) }
    /// `destination` as an `IPAddress` of `version`.
    public var destinationAddress: IPAddress { destination.ipAddress(version: version) }
}

/// TCP header flags.
public struct TCPFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    /// The flags byte of the TCP header (byte 13).
    public var rawValue: UInt8
    /// Flags from the header's flags byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// FIN: no more data from the sender.
    public static let fin = TCPFlags(rawValue: 0x01)
    /// SYN: synchronize sequence numbers (opens a connection).
    public static let syn = TCPFlags(rawValue: 0x02)
    /// RST: reset the connection.
    public static let rst = TCPFlags(rawValue: 0x04)
    /// PSH: push buffered data to the application.
    public static let psh = TCPFlags(rawValue: 0x08)
    /// ACK: the acknowledgment number is valid.
    public static let ack = TCPFlags(rawValue: 0x10)
    /// URG: the urgent pointer is valid.
    public static let urg = TCPFlags(rawValue: 0x20)
    /// ECE: ECN echo (RFC 3168).
    public static let ece = TCPFlags(rawValue: 0x40)
    /// CWR: congestion window reduced (RFC 3168).
    public static let cwr = TCPFlags(rawValue: 0x80)
}

/// The transport layer of a packet. For ICMP/ICMPv6 the ports hold type and code; for protocols
/// without ports (GRE, ESP, later fragments) they are zero and `hasPorts` is false.
public struct TransportLayer: Sendable {
    /// TCP sequence number.
    public var sequence: UInt32 = 0
    /// TCP acknowledgment number.
    public var acknowledgment: UInt32 = 0
    /// Source port (ICMP: the type).
    public var sourcePort: UInt16 = 0
    /// Destination port (ICMP: the code).
    public var destinationPort: UInt16 = 0
    /// TCP flags (empty for other protocols).
    public var tcpFlags = TCPFlags()
    /// Whether a transport header was read (false for later fragments and unparsed protocols).
    public var present = false
    /// The header was cut by the end of the captured bytes (the snapshot length) after its ports:
    /// the ports are valid, the rest (TCP sequence numbers and flags) is not.
    public var truncated = false

    /// An empty layer, for the decoder to fill.
    public init() {}

    /// ICMP type (in `sourcePort`) and code (in `destinationPort`).
    public var icmpType: UInt8 { UInt8(truncatingIfNeeded: sourcePort) }
    /// The ICMP code (`destinationPort`'s low byte).
    public var icmpCode: UInt8 { UInt8(truncatingIfNeeded: destinationPort) }
}

/// One stack of headers: link tags, IP and transport. A tunnelled packet has two (outer, inner).
public struct PacketLayers: Sendable {
    /// The IP header.
    public var network = NetworkLayer()
    /// The transport header.
    public var transport = TransportLayer()
    /// The outer (or only) 802.1Q VLAN ID; 0 when untagged.
    public var vlan: UInt16 = 0
    /// The customer VLAN ID of a QinQ (802.1ad) frame; 0 when not double-tagged.
    public var innerVLAN: UInt16 = 0

    /// An empty stack, for the decoder to fill.
    public init() {}
}

/// The encapsulation a packet was decapsulated from.
public enum TunnelKind: UInt8, Sendable, CustomStringConvertible {
    /// Not tunnelled.
    case none = 0
    /// VXLAN (UDP 4789); `tunnelID` is the VNI.
    case vxlan
    /// Geneve (UDP 6081); `tunnelID` is the VNI.
    case geneve
    /// ERSPAN type I: GRE 0x88BE without a sequence number, no ERSPAN header.
    case erspan1
    /// ERSPAN type II: GRE 0x88BE with a sequence number; `tunnelID` is the session.
    case erspan2
    /// ERSPAN type III: GRE 0x22EB; `tunnelID` is the session.
    case erspan3
    /// GRE (RFC 2784/2890) carrying IP, Ethernet, MPLS or NSH; `tunnelID` is the key's low 24 bits
    /// (0 without a key).
    case gre
    /// A packet (or SRv6-less Ethernet frame) carried directly in IP: IPv4 or IPv6 in IPv4 or IPv6
    /// (protocols 4 and 41, RFC 2003, RFC 4213, RFC 2473).
    case ipInIP
    /// A PIM Register (RFC 7761 4.9.3) carrying a multicast data packet to the rendezvous point.
    case pimRegister
    /// SRv6 (RFC 8754, RFC 8986): an IPv6 packet with a segment routing header carrying an IPv4 or
    /// IPv6 packet or an Ethernet frame.
    case srv6
    /// WCCP redirection (GRE 0x883E, draft-wilson-wrec-wccp-v2); `tunnelID` is the service ID.
    case wccp

    /// `none`, `vxlan`, `geneve`, `erspan-i`, `erspan-ii`, `erspan-iii`, `gre`, `ip-in-ip`,
    /// `pim-register`, `srv6` or `wccp`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .vxlan: return "vxlan"
        case .geneve: return "geneve"
        case .erspan1: return "erspan-i"
        case .erspan2: return "erspan-ii"
        case .erspan3: return "erspan-iii"
        case .gre: return "gre"
        case .ipInIP: return "ip-in-ip"
        case .pimRegister: return "pim-register"
        case .srv6: return "srv6"
        case .wccp: return "wccp"
        }
    }
}

/// The RoCEv2 base transport header (InfiniBand Architecture Specification vol. 1, 9.2) and, for
/// acknowledgements, the AETH syndrome.
public struct RoCEHeader: Sendable {
    /// The BTH opcode (`RoCEOpcode`).
    public var opcode: UInt8 = 0
    /// The partition key (P_Key).
    public var partitionKey: UInt16 = 0
    /// The destination queue pair (24 bits).
    public var destinationQP: UInt32 = 0
    /// The packet sequence number (24 bits).
    public var psn: UInt32 = 0
    /// The AckReq bit: the requester asks for an acknowledgement of this packet.
    public var ackRequested = false
    /// The FECN/BECN bits of the reserved byte (congestion marks carried in the BTH).
    public var becn = false
    /// The AETH syndrome of an acknowledge packet (bits 7..5: 0 ACK, 1 RNR NAK, 3 NAK).
    public var syndrome: UInt8 = 0
    /// Whether the 4-byte ICRC trailer is present in the captured bytes.
    public var hasICRC = false

    /// An empty header, for the decoder to fill.
    public init() {}

    /// Congestion Notification Packet (opcode 0x81, RoCEv2 Annex A17.9.3).
    public var isCNP: Bool { opcode == RoCEOpcode.cnp }
    /// An RC/UC/XRC acknowledge or atomic acknowledge (carries an AETH).
    public var isAcknowledge: Bool { RoCEOpcode.isAcknowledge(opcode) }
    /// An acknowledge whose syndrome says NAK (or RNR NAK).
    public var isNAK: Bool { isAcknowledge && syndrome >> 5 != 0 }
    /// A packet sent by the responder (acknowledges and RDMA read responses).
    public var isResponse: Bool { RoCEOpcode.isResponse(opcode) }
}

/// A decoded packet: the outer headers, the inner ones for tunnelled traffic, and RoCEv2 details.
/// The decoder fills one preallocated value per packet; nothing here allocates.
public struct DecodedPacket: Sendable {
    /// The outer (or only) header stack.
    public var outer = PacketLayers()
    /// The encapsulation, `.none` when not tunnelled.
    public var tunnel = TunnelKind.none
    /// VXLAN/Geneve VNI, ERSPAN session, GRE key (low 24 bits) or WCCP service ID.
    public var tunnelID: UInt32 = 0
    /// The decapsulated headers; meaningful only when `tunnel != .none`.
    public var inner = PacketLayers()
    /// Whether the innermost layers carry RoCEv2 (UDP destination port 4791) and `roce` is valid.
    public var isRoCE = false
    /// The BTH (and AETH syndrome) when `isRoCE`.
    public var roce = RoCEHeader()

    /// An empty packet, reused by the decoder for every packet.
    public init() {}

    /// The headers that identify the application's connection: the inner ones when tunnelled.
    @inlinable public var innermost: PacketLayers { tunnel == .none ? outer : inner }
}
