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
    /// A VXLAN, Geneve or ERSPAN header that is invalid.
    case badTunnelHeader
    /// A RoCEv2 packet (UDP 4791) too short for its base transport header.
    case badRoCEHeader
    /// A non-first IP fragment whose first fragment was not seen (so its ports are unknown).
    case orphanFragment
    /// More stacked headers than any real packet has (VLAN tags, IPv6 extension headers).
    case headerChainTooLong
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
        case .orphanFragment: return "orphan-fragment"
        case .headerChainTooLong: return "header-chain-too-long"
        case .badRecord: return "bad-record"
        }
    }

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
    public var source = PacketAddress.zero
    public var destination = PacketAddress.zero
    /// The IPv4 identification or the IPv6 fragment header's identification.
    public var fragmentID: UInt32 = 0
    /// 4 or 6.
    public var version: UInt8 = 0
    /// The transport protocol, after any IPv6 extension headers.
    public var proto = IPProtocol(rawValue: 0)
    public var fragment = FragmentPosition.whole
    /// Traffic class / TOS byte (DSCP and ECN).
    public var trafficClass: UInt8 = 0
    public var hopLimit: UInt8 = 0

    public init() {}

    public var sourceAddress: IPAddress { source.ipAddress(version: version) }
    public var destinationAddress: IPAddress { destination.ipAddress(version: version) }
}

/// TCP header flags.
public struct TCPFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)
    public static let ece = TCPFlags(rawValue: 0x40)
    public static let cwr = TCPFlags(rawValue: 0x80)
}

/// The transport layer of a packet. For ICMP/ICMPv6 the ports hold type and code; for protocols
/// without ports (GRE, ESP, later fragments) they are zero and `hasPorts` is false.
public struct TransportLayer: Sendable {
    public var sequence: UInt32 = 0
    public var acknowledgment: UInt32 = 0
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags = TCPFlags()
    /// Whether a transport header was read (false for later fragments and unparsed protocols).
    public var present = false

    public init() {}

    /// ICMP type (in `sourcePort`) and code (in `destinationPort`).
    public var icmpType: UInt8 { UInt8(truncatingIfNeeded: sourcePort) }
    public var icmpCode: UInt8 { UInt8(truncatingIfNeeded: destinationPort) }
}

/// One stack of headers: link tags, IP and transport. A tunnelled packet has two (outer, inner).
public struct PacketLayers: Sendable {
    public var network = NetworkLayer()
    public var transport = TransportLayer()
    /// The outer (or only) 802.1Q VLAN ID; 0 when untagged.
    public var vlan: UInt16 = 0
    /// The customer VLAN ID of a QinQ (802.1ad) frame; 0 when not double-tagged.
    public var innerVLAN: UInt16 = 0

    public init() {}
}

/// The encapsulation a packet was decapsulated from.
public enum TunnelKind: UInt8, Sendable, CustomStringConvertible {
    case none = 0
    case vxlan
    case geneve
    case erspan1
    case erspan2
    case erspan3

    public var description: String {
        switch self {
        case .none: return "none"
        case .vxlan: return "vxlan"
        case .geneve: return "geneve"
        case .erspan1: return "erspan-i"
        case .erspan2: return "erspan-ii"
        case .erspan3: return "erspan-iii"
        }
    }
}

/// The RoCEv2 base transport header (InfiniBand Architecture Specification vol. 1, 9.2) and, for
/// acknowledgements, the AETH syndrome.
public struct RoCEHeader: Sendable {
    public var opcode: UInt8 = 0
    public var partitionKey: UInt16 = 0
    public var destinationQP: UInt32 = 0
    public var psn: UInt32 = 0
    /// The AckReq bit: the requester asks for an acknowledgement of this packet.
    public var ackRequested = false
    /// The FECN/BECN bits of the reserved byte (congestion marks carried in the BTH).
    public var becn = false
    /// The AETH syndrome of an acknowledge packet (bits 7..5: 0 ACK, 1 RNR NAK, 3 NAK).
    public var syndrome: UInt8 = 0
    /// Whether the 4-byte ICRC trailer is present in the captured bytes.
    public var hasICRC = false

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
    /// VXLAN/Geneve VNI or ERSPAN session ID.
    public var tunnelID: UInt32 = 0
    /// The decapsulated headers; meaningful only when `tunnel != .none`.
    public var inner = PacketLayers()
    /// Whether the innermost layers carry RoCEv2 (UDP destination port 4791) and `roce` is valid.
    public var isRoCE = false
    public var roce = RoCEHeader()

    public init() {}

    /// The headers that identify the application's connection: the inner ones when tunnelled.
    @inlinable public var innermost: PacketLayers { tunnel == .none ? outer : inner }
}
