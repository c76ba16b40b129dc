/// A link-layer header type as libpcap reports it (`pcap_datalink`, a `DLT_` value), with names
/// for the ones Interlock decodes. See https://www.tcpdump.org/linktypes.html.
public struct LinkType: RawRepresentable, Hashable, Comparable, Sendable {
    /// The `DLT_` value.
    public var rawValue: Int32
    /// A link type by its `DLT_` value.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the writing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II (and 802.3).
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP (`DLT_RAW` on Linux; the file's LINKTYPE_RAW 101 maps to it).
    public static let raw = LinkType(rawValue: 12)
    /// Raw IP as OpenBSD numbers it.
    public static let rawOpenBSD = LinkType(rawValue: 14)
    /// OpenBSD loopback: the address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (`any` interface): a 16-byte pseudo-header.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2: a 20-byte pseudo-header with the interface index.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// Whether the decoder understands this link type.
    public var isDecoded: Bool {
        switch self {
        case .null, .ethernet, .raw, .rawOpenBSD, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2: return true
        default: return false
        }
    }

    /// The value written in a file's header (LINKTYPE_), which differs from the DLT for raw IP.
    public var fileValue: UInt32 {
        switch self {
        case .raw, .rawOpenBSD: return 101
        default: return UInt32(bitPattern: rawValue)
        }
    }

    /// The DLT that libpcap reports for a LINKTYPE_ value read from a file header, for the link
    /// types the fast reader accepts; `nil` for any other (those files go through libpcap).
    static func fromFileValue(_ value: UInt32) -> LinkType? {
        switch value {
        case 101: return .raw
        case 0, 1, 108, 113, 228, 229, 276: return LinkType(rawValue: Int32(value))
        default: return nil
        }
    }

    /// By `DLT_` value.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension LinkType: CustomStringConvertible {
    /// The short name used in output and in file-name suffixes (`ethernet`, `linux-sll`, `dlt-147`).
    public var description: String {
        switch self {
        case .null: return "null"
        case .ethernet: return "ethernet"
        case .raw, .rawOpenBSD: return "raw"
        case .loop: return "loop"
        case .linuxSLL: return "linux-sll"
        case .ipv4: return "ipv4"
        case .ipv6: return "ipv6"
        case .linuxSLL2: return "linux-sll2"
        default: return "dlt-\(rawValue)"
        }
    }
}
