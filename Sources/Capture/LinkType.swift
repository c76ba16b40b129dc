/// A link-layer header type as libpcap reports it (`pcap_datalink`, a `DLT_` value), with names
/// for the ones Interlock decodes. See https://www.tcpdump.org/linktypes.html.
///
/// Which link types are decoded, their names and how each is read all come from one table,
/// `SupportedEncapsulations.all`.
public struct LinkType: RawRepresentable, Hashable, Comparable, Sendable {
    /// The `DLT_` value.
    public var rawValue: Int32
    /// A link type by its `DLT_` value.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in the writing host's byte order.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II (and 802.3).
    public static let ethernet = LinkType(rawValue: 1)
    /// PPP (RFC 1661), with or without the RFC 1662 address and control bytes.
    public static let ppp = LinkType(rawValue: 9)
    /// Raw IP (`DLT_RAW` on Linux; the file's LINKTYPE_RAW 101 maps to it).
    public static let raw = LinkType(rawValue: 12)
    /// Raw IP as OpenBSD numbers it.
    public static let rawOpenBSD = LinkType(rawValue: 14)
    /// PPP in HDLC-like framing (RFC 1662), or Cisco HDLC (`DLT_PPP_SERIAL`).
    public static let pppHDLC = LinkType(rawValue: 50)
    /// Cisco HDLC (`DLT_C_HDLC`).
    public static let ciscoHDLC = LinkType(rawValue: 104)
    /// IEEE 802.11 frames without a radio header.
    public static let ieee80211 = LinkType(rawValue: 105)
    /// Frame Relay (`DLT_FRELAY`): a Q.922 address, then RFC 2427 or Cisco encapsulation.
    public static let frameRelay = LinkType(rawValue: 107)
    /// OpenBSD loopback: the address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (`any` interface): a 16-byte pseudo-header.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// IEEE 802.11 frames behind a radiotap header.
    public static let radiotap = LinkType(rawValue: 127)
    /// Juniper GGSN PIC.
    public static let juniperGGSN = LinkType(rawValue: 133)
    /// Juniper services PIC.
    public static let juniperServices = LinkType(rawValue: 136)
    /// Juniper PPPoE PIC (an Ethernet frame after the Juniper header).
    public static let juniperPPPoE = LinkType(rawValue: 167)
    /// Juniper Ethernet.
    public static let juniperEthernet = LinkType(rawValue: 178)
    /// Juniper PPP.
    public static let juniperPPP = LinkType(rawValue: 179)
    /// Juniper Frame Relay.
    public static let juniperFrameRelay = LinkType(rawValue: 180)
    /// Juniper Cisco HDLC.
    public static let juniperCiscoHDLC = LinkType(rawValue: 181)
    /// Juniper voice PIC.
    public static let juniperVoice = LinkType(rawValue: 183)
    /// PPP preceded by a direction byte.
    public static let pppWithDirection = LinkType(rawValue: 204)
    /// Solaris `ipnet`: a 24-byte header with the address family.
    public static let ipnet = LinkType(rawValue: 226)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux NFLOG (netlink log messages: a 4-byte header and TLVs, the packet in TLV 9).
    public static let nflog = LinkType(rawValue: 239)
    /// IP over InfiniBand.
    public static let ipoib = LinkType(rawValue: 242)
    /// Apple PKTAP: a header with its own length and the link type of the frame after it.
    public static let pktap = LinkType(rawValue: 258)
    /// Linux cooked capture v2: a 20-byte pseudo-header with the interface index.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// The reader of this link type's frames, `nil` when the decoder does not handle it.
    @inline(__always) var reader: LinkReader? {
        let table = SupportedEncapsulations.readerByLinkType
        let i = Int(rawValue)
        return i >= 0 && i < table.count ? table[i] : nil
    }

    /// Whether the decoder understands this link type.
    public var isDecoded: Bool { reader != nil }

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
    /// The short name used in output and in file-name suffixes (`ethernet`, `linux-sll`, `dlt-147`):
    /// the table's name for a decoded link type.
    public var description: String {
        SupportedEncapsulations.linkTypeNames[self] ?? "dlt-\(rawValue)"
    }
}
