/// How the decoder reads one link type's header: one case per reader (`PacketDecoder.linkLayer`).
enum LinkReader: UInt8, Sendable {
    case ethernet, linuxSLL, linuxSLL2, rawIP, bsdLoopback
    case ppp, pppHDLC, pppWithDirection, ciscoHDLC, frameRelay
    case ipoib, nflog, ieee80211, radiotap, ipnet, pktap
    case juniperEthernet, juniperPPP, juniperCiscoHDLC, juniperFrameRelay, juniperGGSN, juniperServices
    case juniperVoice
}

/// One link type or encapsulation the decoder reads: a row of `SupportedEncapsulations.all`.
public struct SupportedEncapsulation: Sendable {
    /// Whether the row is a link type (the capture's framing) or something carried inside a frame.
    public enum Layer: String, Sendable {
        /// A link-layer header type of a capture file (a DLT).
        case linkType = "link type"
        /// A header inside a frame: tags, IP, transport, tunnels.
        case encapsulation
    }

    /// Link type or encapsulation.
    public let layer: Layer
    /// The short name (for a link type, the name in output and in file-name suffixes).
    public let name: String
    /// How it is recognised: `DLT 9`, `ethertype 0x8100`, `UDP 4789`...
    public let identifiedBy: String
    /// What the decoder reads of it.
    public let summary: String
    /// Where its format is specified.
    public let reference: String
    /// The link types of a link-type row.
    let linkTypes: [LinkType]
    /// The reader of a link-type row.
    let reader: LinkReader?

    /// A link-type row: `linkTypes` are read by `reader`.
    static func link(
        _ name: String, _ linkTypes: [LinkType], _ reader: LinkReader, _ summary: String, _ reference: String,
        identifiedBy: String? = nil
    ) -> SupportedEncapsulation {
        SupportedEncapsulation(
            layer: .linkType, name: name,
            identifiedBy: identifiedBy ?? "DLT " + linkTypes.map { String($0.rawValue) }.joined(separator: ", "),
            summary: summary, reference: reference, linkTypes: linkTypes, reader: reader)
    }

    /// An encapsulation row (recognised inside a frame by `identifiedBy`).
    static func inner(_ name: String, _ identifiedBy: String, _ summary: String, _ reference: String)
        -> SupportedEncapsulation
    {
        SupportedEncapsulation(
            layer: .encapsulation, name: name, identifiedBy: identifiedBy, summary: summary, reference: reference,
            linkTypes: [], reader: nil)
    }
}

/// The link types and encapsulations the decoder reads, in one table: the decoder's dispatch on
/// link type (`LinkType.reader`), the link types' names, `interlock capture formats` and the README
/// list all derive from it. Adding a link type or an encapsulation is adding a row.
public enum SupportedEncapsulations {
    /// Every row: link types by DLT, then the encapsulations from the outside in.
    public static let all: [SupportedEncapsulation] = linkTypeRows + encapsulations

    /// Every link type the decoder reads, by DLT.
    public static var linkTypes: [LinkType] { linkTypeRows.flatMap(\.linkTypes) }

    private static let linkTypeRows: [SupportedEncapsulation] = [
        .link("null", [.null], .bsdLoopback, "4-byte address family, either byte order", "LINKTYPE_NULL"),
        .link("ethernet", [.ethernet], .ethernet, "Ethernet II and 802.3 with LLC/SNAP", "IEEE 802.3"),
        .link("ppp", [.ppp], .ppp, "optional FF 03, protocol 0x0021 IPv4, 0x0057 IPv6", "RFC 1661, RFC 1662"),
        .link(
            "raw", [.raw, .rawOpenBSD], .rawIP, "IPv4 or IPv6 by the version nibble", "LINKTYPE_RAW",
            identifiedBy: "DLT 12, 14 (LINKTYPE 101)"),
        .link("ppp-hdlc", [.pppHDLC], .pppHDLC, "PPP in HDLC framing (FF), or Cisco HDLC (0F, 8F)", "RFC 1662"),
        .link("c-hdlc", [.ciscoHDLC], .ciscoHDLC, "address, control, ethertype", "LINKTYPE_C_HDLC"),
        .link(
            "ieee802-11", [.ieee80211], .ieee80211,
            "data, QoS data, 4 addresses, A-MSDU (first subframe), LLC/SNAP; protected: encrypted",
            "IEEE 802.11-2020 9.2"),
        .link(
            "frelay", [.frameRelay], .frameRelay, "Q.922 address; NLPID 0xCC, 0x8E, SNAP, or a Cisco ethertype",
            "RFC 2427"),
        .link("loop", [.loop], .bsdLoopback, "4-byte address family, either byte order", "LINKTYPE_LOOP"),
        .link(
            "linux-sll", [.linuxSLL], .linuxSLL,
            "16-byte header: ethertype, Ethernet (3), LLC (4), PPP-HDLC (7), IPGRE", "LINKTYPE_LINUX_SLL"),
        .link("ieee802-11-radiotap", [.radiotap], .radiotap, "radiotap length, then 802.11", "radiotap.org"),
        .link(
            "juniper-ggsn", [.juniperGGSN], .juniperGGSN, "MGC header, 2-byte protocol (IPv4 2, IPv6 6), VLAN",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-services", [.juniperServices], .juniperServices, "MGC header, 12 or 16-byte cookie, IPv4",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-pppoe", [.juniperPPPoE], .juniperEthernet, "MGC header, then an Ethernet frame",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-ether", [.juniperEthernet], .juniperEthernet, "MGC header (extensions, no-L2 protocol), Ethernet",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-ppp", [.juniperPPP], .juniperPPP, "MGC header, 2-byte cookie, PPP protocol",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-frelay", [.juniperFrameRelay], .juniperFrameRelay, "MGC header, then Frame Relay",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-chdlc", [.juniperCiscoHDLC], .juniperCiscoHDLC, "MGC header, then Cisco HDLC",
            "Wireshark packet-juniper.c"),
        .link(
            "juniper-vp", [.juniperVoice], .juniperVoice, "MGC header, 18 bytes, IPv4", "Wireshark packet-juniper.c"),
        .link(
            "ppp-with-dir", [.pppWithDirection], .pppWithDirection, "direction byte, then PPP as DLT 9",
            "LINKTYPE_PPP_WITH_DIR"),
        .link("ipnet", [.ipnet], .ipnet, "24-byte header, family 2 IPv4, 26 IPv6", "LINKTYPE_IPNET"),
        .link("ipv4", [.ipv4], .rawIP, "raw IPv4", "LINKTYPE_IPV4"),
        .link("ipv6", [.ipv6], .rawIP, "raw IPv6", "LINKTYPE_IPV6"),
        .link(
            "nflog", [.nflog], .nflog, "family, TLVs in either byte order, the packet in TLV 9", "LINKTYPE_NFLOG"),
        .link(
            "ipoib", [.ipoib], .ipoib, "4-byte header, after a 20 or 40-byte pseudo-header when present",
            "RFC 4391 6"),
        .link(
            "pktap", [.pktap], .pktap, "header length, then the frame of the header's link type", "LINKTYPE_PKTAP"),
        .link(
            "linux-sll2", [.linuxSLL2], .linuxSLL2,
            "20-byte header: ethertype, Ethernet (3), LLC (4), PPP-HDLC (7), IPGRE", "LINKTYPE_LINUX_SLL2"),
    ]

    private static let encapsulations: [SupportedEncapsulation] = [
        .inner("vlan", "ethertype 0x8100, 0x88A8, 0x9100", "802.1Q and QinQ tags (part of the key)", "IEEE 802.1Q"),
        .inner("llc-snap", "AA AA 03, OUI 0", "the ethertype after an 802.2 SNAP header", "IEEE 802.2, RFC 1042"),
        .inner(
            "mpls", "ethertype 0x8847, 0x8848", "label stack to bottom of stack; IPv4, IPv6 or pseudowire by nibble",
            "RFC 3032, RFC 4448"),
        .inner("pppoe", "ethertype 0x8864", "session frames, PPP 0x0021 IPv4, 0x0057 IPv6", "RFC 2516"),
        .inner(
            "macsec", "ethertype 0x88E5", "SecTAG (SCI); integrity-only read, encrypted counted",
            "IEEE 802.1AE-2018 9.3"),
        .inner("nsh", "ethertype 0x894F", "base and service path headers, next protocol", "RFC 8300"),
        .inner(
            "cisco-metadata", "ethertype 0x8909", "SGT header, the carried ethertype",
            "Wireshark packet-cisco-metadata.c"),
        .inner("ipv4", "ethertype 0x0800", "options, fragments (later ones join the first)", "RFC 791"),
        .inner("ipv6", "ethertype 0x86DD", "extension-header chain, fragments", "RFC 8200"),
        .inner("tcp", "IP protocol 6", "ports, flags, sequence numbers", "RFC 9293"),
        .inner("udp", "IP protocol 17", "ports", "RFC 768"),
        .inner("sctp", "IP protocol 132", "ports", "RFC 9260"),
        .inner("icmp", "IP protocol 1, 58", "type and code (ICMP, ICMPv6)", "RFC 792, RFC 4443"),
        .inner(
            "gre", "IP protocol 47", "checksum, key (tunnel id), sequence, routing; IP, Ethernet, MPLS, NSH inside",
            "RFC 2784, RFC 2890"),
        .inner("wccp", "GRE 0x883E", "the 4-byte redirect header, then IP", "draft-wilson-wrec-wccp-v2"),
        .inner("ip-in-ip", "IP protocol 4, 41", "IPv4 or IPv6 inside IPv4 or IPv6", "RFC 2003, RFC 4213, RFC 2473"),
        .inner(
            "srv6", "IPv6 routing header type 4", "the inner packet after the SRH (4, 41, 143)", "RFC 8754, RFC 8986"),
        .inner("pim-register", "IP protocol 103, type 1", "the data packet after the 8-byte header", "RFC 7761 4.9.3"),
        .inner(
            "vxlan", "UDP \(WellKnownPort.vxlan)", "VNI, the inner Ethernet frame", "RFC 7348"),
        .inner("geneve", "UDP \(WellKnownPort.geneve)", "VNI, options, inner Ethernet or IP", "RFC 8926"),
        .inner(
            "erspan", "GRE 0x88BE, 0x22EB", "types I (no header), II, III: session, inner frame",
            "draft-foschiano-erspan"),
        .inner("rocev2", "UDP \(WellKnownPort.rocev2)", "BTH, AETH: QP, PSN, ACK, NAK, CNP", "IBTA RoCEv2 A17"),
    ]

    /// The reader of each DLT value below the table's largest, for `LinkType.reader`.
    static let readerByLinkType: [LinkReader?] = {
        let rows = linkTypeRows.flatMap { row in row.linkTypes.map { ($0, row.reader) } }
        var table = [LinkReader?](repeating: nil, count: Int(rows.map(\.0.rawValue).max() ?? 0) + 1)
        for (linkType, reader) in rows { table[Int(linkType.rawValue)] = reader }
        return table
    }()

    /// The name of each decoded link type, for `LinkType.description`.
    static let linkTypeNames: [LinkType: String] = Dictionary(
        linkTypeRows.flatMap { row in row.linkTypes.map { ($0, row.name) } }, uniquingKeysWith: { first, _ in first })
}
