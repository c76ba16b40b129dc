import Capture
import CaptureSynth
import InterlockCore
import Testing

/// The link-type readers' choices that tshark does not exercise: alternative byte orders and
/// layouts, and the named reasons of frames that cannot be read.
@Suite struct LinkReaderTests {
    static let udp = udpPacket("10.0.0.1", "10.0.0.2", 1000, 53)
    static let udp6 = udpPacket("fd00::1", "fd00::2", 1000, 53)

    static func decodes(_ frame: [UInt8], _ linkType: LinkType, to address: String = "10.0.0.2") -> Bool {
        let (p, outcome) = decode(frame, linkType)
        return outcome == .decoded && p.outer.network.destinationAddress == ip(address)
            && p.outer.transport.destinationPort == 53
    }

    @Test func loopbackFamilyInEitherByteOrder() {
        let ip4 = LinkReaderTests.udp.packet
        for linkType in [LinkType.null, .loop] {
            #expect(LinkReaderTests.decodes(PacketBuilder.be32(2) + ip4, linkType))
            #expect(LinkReaderTests.decodes([2, 0, 0, 0] + ip4, linkType))
            #expect(LinkReaderTests.decodes([30, 0, 0, 0] + LinkReaderTests.udp6.packet, linkType, to: "fd00::2"))
            #expect(decode([7, 0, 0, 0] + ip4, linkType).1 == .undecodable(.nonIP))
            #expect(decode([0, 0, 0, 0] + ip4, linkType).1 == .undecodable(.badLinkHeader))
        }
    }

    @Test func ipoibLayouts() {
        for variant in 0..<3 {
            let frame = PacketBuilder.linkFrame(
                .ipoib, ip: LinkReaderTests.udp.packet, etherType: 0x0800, variant: variant)!
            #expect(LinkReaderTests.decodes(frame, .ipoib), "form \(variant)")
        }
        #expect(decode([0x08, 0x06, 0, 0] + [UInt8](repeating: 0, count: 28), .ipoib).1 == .undecodable(.nonIP))
        #expect(decode([UInt8](repeating: 0x11, count: 60), .ipoib).1 == .undecodable(.badLinkHeader))
        #expect(decode([0, 0, 0, 0], .ipoib).1 == .undecodable(.truncated))
    }

    @Test func nflogTLVsInNetworkByteOrderAndWithoutPayload() {
        let ip4 = LinkReaderTests.udp.packet
        let header: [UInt8] = [2, 0, 0, 0]
        let bigEndian =
            header + PacketBuilder.be16(8) + PacketBuilder.be16(1) + [0x08, 0, 1, 0]
            + PacketBuilder.be16(UInt16(4 + ip4.count))
            + PacketBuilder.be16(9) + ip4
        #expect(LinkReaderTests.decodes(bigEndian, .nflog))
        // Only a prefix TLV (NFULA_PREFIX, type 10): a log message without the packet.
        #expect(decode(header + [8, 0, 10, 0, 0x61, 0x62, 0, 0], .nflog).1 == .undecodable(.nonIP))
        #expect(decode(header + [2, 0, 9, 0], .nflog).1 == .undecodable(.badLinkHeader))
        #expect(decode([2, 1, 0, 0], .nflog).1 == .undecodable(.badLinkHeader))
    }

    @Test func wirelessFramesThatAreNotIP() {
        let data = PacketBuilder.linkFrame(.ieee80211, ip: LinkReaderTests.udp.packet, etherType: 0x0800)!
        var protected = data
        protected[1] |= 0x40
        #expect(decode(protected, .ieee80211).1 == .undecodable(.encrypted))
        var null = data
        null[0] = 0x48  // null data: no body
        #expect(decode(null, .ieee80211).1 == .undecodable(.nonIP))
        var version = data
        version[0] |= 0x01
        #expect(decode(version, .ieee80211).1 == .undecodable(.badLinkHeader))
        #expect(decode([1, 0, 8, 0, 0, 0, 0, 0] + data, .radiotap).1 == .undecodable(.badLinkHeader))
        #expect(LinkReaderTests.decodes([0, 0, 8, 0, 0, 0, 0, 0] + data, .radiotap))
    }

    @Test func juniperHeaders() {
        let ip4 = LinkReaderTests.udp.packet
        // No layer-2 header: a host-order protocol (2: IPv4), on any Juniper link type.
        for linkType in [LinkType.juniperEthernet, .juniperPPP, .juniperCiscoHDLC, .juniperFrameRelay] {
            #expect(LinkReaderTests.decodes([0x4D, 0x47, 0x43, 0x02, 2, 0, 0, 0] + ip4, linkType))
        }
        #expect(decode([0x4D, 0x47, 0x43, 0x02, 5, 0, 0, 0] + ip4, .juniperEthernet).1 == .undecodable(.nonIP))
        #expect(decode([0x4D, 0x47, 0x44, 0x00] + ip4, .juniperEthernet).1 == .undecodable(.badLinkHeader))
        #expect(decode([0x4D, 0x47, 0x43, 0x80, 0x00], .juniperEthernet).1 == .undecodable(.truncated))
    }

    @Test func cookedVariantsAndPseudoHeaders() {
        let ip4 = LinkReaderTests.udp.packet
        // An IP GRE device (hatype 778) carrying transparent Ethernet bridging (0x6558).
        let ethernetFrame = ethernet(LinkReaderTests.udp)
        let sll =
            PacketBuilder.be16(0) + PacketBuilder.be16(778) + PacketBuilder.be16(0) + [UInt8](repeating: 0, count: 8)
        #expect(LinkReaderTests.decodes(sll + PacketBuilder.be16(0x6558) + ethernetFrame, .linuxSLL))
        #expect(
            decode(sll + PacketBuilder.be16(0x0004) + [0x42, 0x42, 0x03] + ip4, .linuxSLL).1 == .undecodable(.nonIP))
        // PKTAP inside PKTAP, and PKTAP naming a link type that is not read.
        let pktap = PacketBuilder.linkFrame(.pktap, ip: ip4, etherType: 0x0800)!
        var nested = pktap
        nested[8] = 0x02
        nested[9] = 0x01  // DLT 258
        #expect(decode(nested, .pktap).1 == .undecodable(.badLinkHeader))
        var unknown = pktap
        unknown[8] = 147
        #expect(decode(unknown, .pktap).1 == .undecodable(.unsupportedLinkType))
        #expect(decode(PacketBuilder.be16(0x0021) + ip4, .ppp).1 == .decoded)
        #expect(decode([0xFF, 0x05, 0x00, 0x21] + ip4, .ppp).1 == .undecodable(.badLinkHeader))
        #expect(decode([0xC0, 0x21] + ip4, .ppp).1 == .undecodable(.nonIP))  // LCP
        #expect(decode([0x04, 0x01, 0x03, 0x81] + ip4, .frameRelay).1 == .undecodable(.nonIP))  // CLNP
        #expect(decode([0x04, 0x00, 0x00, 0x00, 0x00] + ip4, .frameRelay).1 == .undecodable(.badLinkHeader))
        #expect(decode([0x01, 0x03, 0xCC] + ip4, .frameRelay).1 == .undecodable(.badLinkHeader))
    }

    @Test func ethernet8023WithSNAP() {
        let frame = PacketBuilder.linkFrame(.ethernet, ip: LinkReaderTests.udp.packet, etherType: 0x0800, variant: 1)!
        #expect(LinkReaderTests.decodes(frame, .ethernet))
        var stp = frame
        stp[14] = 0x42
        stp[15] = 0x42
        #expect(decode(stp, .ethernet).1 == .undecodable(.nonIP))
    }

    @Test func namesComeFromTheTable() {
        #expect(LinkType.ppp.description == "ppp" && LinkType.raw.description == "raw")
        #expect(LinkType.rawOpenBSD.description == "raw" && LinkType(rawValue: 147).description == "dlt-147")
        #expect(!LinkType(rawValue: 147).isDecoded && LinkType.nflog.isDecoded)
        #expect(Set(SupportedEncapsulations.all.map(\.name)).count == SupportedEncapsulations.all.count - 2)
    }
}
