/// An IP protocol number (the IPv4 `protocol` / IPv6 `next header` field) with names for the
/// protocols Interlock reasons about.
public struct IPProtocol: RawRepresentable, Hashable, Comparable, Sendable {
    /// The protocol number as it appears in the header.
    public var rawValue: UInt8
    /// Wraps any protocol number, named or not.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    // Computed and inlinable rather than stored: a stored static is reached through an accessor
    // call from other modules, which hot loops (decoding, lookups) would pay per packet.
    /// ICMP for IPv4 (1).
    @inlinable public static var icmp: IPProtocol { IPProtocol(rawValue: 1) }
    /// TCP (6).
    @inlinable public static var tcp: IPProtocol { IPProtocol(rawValue: 6) }
    /// UDP (17).
    @inlinable public static var udp: IPProtocol { IPProtocol(rawValue: 17) }
    /// Generic Routing Encapsulation (47), which carries ERSPAN among others.
    @inlinable public static var gre: IPProtocol { IPProtocol(rawValue: 47) }
    /// IPsec Encapsulating Security Payload (50): no ports visible.
    @inlinable public static var esp: IPProtocol { IPProtocol(rawValue: 50) }
    /// ICMP for IPv6 (58).
    @inlinable public static var icmpv6: IPProtocol { IPProtocol(rawValue: 58) }
    /// SCTP (132), the third protocol NetworkPolicy ports can name.
    @inlinable public static var sctp: IPProtocol { IPProtocol(rawValue: 132) }

    /// The protocols whose traffic Kubernetes NetworkPolicy ports can name, in the order
    /// netpol-analyzer prints them.
    public static let policyProtocols: [IPProtocol] = [.sctp, .tcp, .udp]

    /// Whether the protocol carries 16-bit source and destination ports.
    @inlinable public var hasPorts: Bool { self == .tcp || self == .udp || self == .sctp }

    /// Parses a name (`TCP`, `udp`, `SCTP`, `ICMP`, `ICMPv6`, `GRE`, `ESP`, case-insensitive)
    /// or a decimal protocol number.
    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "tcp": self = .tcp
        case "udp": self = .udp
        case "sctp": self = .sctp
        case "icmp": self = .icmp
        case "icmpv6", "ipv6-icmp": self = .icmpv6
        case "gre": self = .gre
        case "esp": self = .esp
        default:
            guard let n = UInt8(name) else { return nil }
            self.init(rawValue: n)
        }
    }

    /// Numeric order of the protocol numbers.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension IPProtocol: CustomStringConvertible {
    /// The upper-case name Kubernetes uses (`TCP`), or the number for unnamed protocols.
    public var description: String {
        switch self {
        case .tcp: return "TCP"
        case .udp: return "UDP"
        case .sctp: return "SCTP"
        case .icmp: return "ICMP"
        case .icmpv6: return "ICMPv6"
        case .gre: return "GRE"
        case .esp: return "ESP"
        default: return String(rawValue)
        }
    }
}
