import Capture
import CaptureSynth
import InterlockCore
import Testing

@Suite struct DecoderTests {
    @Test func anOutcomeIsOneByteLikeAnOptionalReason() {
        #expect(MemoryLayout<DecodeOutcome>.size == MemoryLayout<UndecodableReason?>.size)
        #expect(MemoryLayout<DecodeOutcome>.size == 1)
    }

    @Test func ethernetIPv4TCP() {
        let (p, r) = decode(ethernet(tcpPacket("10.0.0.1", "10.0.0.2", 40000, 443, [.syn])))
        #expect(r == .decoded)
        #expect(p.outer.network.version == 4)
        #expect(p.outer.network.sourceAddress == ip("10.0.0.1"))
        #expect(p.outer.network.destinationAddress == ip("10.0.0.2"))
        #expect(p.outer.network.proto == .tcp)
        #expect(p.outer.transport.sourcePort == 40000 && p.outer.transport.destinationPort == 443)
        #expect(p.outer.transport.tcpFlags == [.syn])
        #expect(p.tunnel == .none && !p.isRoCE)
    }

    @Test func vlanAndQinQ() {
        let (p1, r1) = decode(ethernet(udpPacket("10.0.0.1", "10.0.0.2", 1, 2), vlans: [100]))
        #expect(r1 == .decoded && p1.outer.vlan == 100 && p1.outer.innerVLAN == 0)
        let (p2, r2) = decode(ethernet(udpPacket("10.0.0.1", "10.0.0.2", 1, 2), vlans: [300, 42]))
        #expect(r2 == .decoded && p2.outer.vlan == 300 && p2.outer.innerVLAN == 42)
        #expect(p2.outer.transport.destinationPort == 2)
        let tooMany = ethernet(udpPacket("10.0.0.1", "10.0.0.2", 1, 2), vlans: Array(repeating: 5, count: 12))
        #expect(decode(tooMany).1 == .undecodable(.headerChainTooLong))
    }

    @Test func ipv4OptionsAndPadding() {
        let udp = PacketBuilder.udp(
            source: ip("10.1.1.1"), destination: ip("10.1.1.2"), sourcePort: 53, destinationPort: 5353, payload: [9])
        // Router alert option (RFC 2113), then Ethernet padding after the datagram.
        let packet = PacketBuilder.ipv4(
            source: v4("10.1.1.1"), destination: v4("10.1.1.2"), proto: .udp, payload: udp,
            options: [0x94, 0x04, 0, 0])
        let frame =
            PacketBuilder.ethernet(source: 1, destination: 2, etherType: 0x0800, payload: packet) + [0xEE, 0xEE, 0xEE]
        let (p, r) = decode(frame)
        #expect(r == .decoded)
        #expect(p.outer.transport.sourcePort == 53 && p.outer.transport.destinationPort == 5353)
    }

    @Test func ipv6ExtensionChainAndFragments() {
        let udp = PacketBuilder.udp(
            source: ip("fd00::1"), destination: ip("fd00::2"), sourcePort: 7, destinationPort: 9, payload: [1])
        let packet = PacketBuilder.ipv6(
            source: v6("fd00::1"), destination: v6("fd00::2"), nextHeader: .udp, payload: udp,
            extensionHeaders: [(0, [1, 4, 0, 0, 0, 0]), (60, [1, 4, 0, 0, 0, 0]), (43, [0, 0, 0, 0, 0, 0])])
        let (p, r) = decode(ethernet((packet, 0x86DD)))
        #expect(r == .decoded)
        #expect(p.outer.network.version == 6 && p.outer.network.proto == .udp)
        #expect(p.outer.transport.sourcePort == 7 && p.outer.transport.destinationPort == 9)
        // First fragment (offset 0, M=1) keeps the ports; a later fragment has none.
        let first = PacketBuilder.ipv6(
            source: v6("fd00::1"), destination: v6("fd00::2"), nextHeader: .udp, payload: udp,
            extensionHeaders: [(44, [0, 1, 0, 0, 0, 77])])
        let (f, fr) = decode(ethernet((first, 0x86DD)))
        #expect(fr == .decoded && f.outer.network.fragment == .first && f.outer.network.fragmentID == 77)
        #expect(f.outer.transport.destinationPort == 9)
        let later = PacketBuilder.ipv6(
            source: v6("fd00::1"), destination: v6("fd00::2"), nextHeader: .udp, payload: [1, 2, 3, 4, 5, 6, 7, 8],
            extensionHeaders: [(44, [0, 8, 0, 0, 0, 77])])
        let (l, lr) = decode(ethernet((later, 0x86DD)))
        #expect(lr == .decoded && l.outer.network.fragment == .later && !l.outer.transport.present)
    }

    @Test func ipv4Fragments() {
        let udp = PacketBuilder.udp(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 5000, destinationPort: 6000,
            payload: [UInt8](repeating: 1, count: 3000))
        let frags = PacketBuilder.fragmentIPv4(
            source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp, payload: udp,
            identification: 99, fragmentSize: 1480)
        #expect(frags.count == 3)
        let decoded = frags.map { decode(ethernet(($0, 0x0800))) }
        #expect(decoded.allSatisfy { $0.1 == .decoded })
        #expect(decoded[0].0.outer.network.fragment == .first && decoded[0].0.outer.transport.destinationPort == 6000)
        #expect(decoded[1].0.outer.network.fragment == .later && decoded[2].0.outer.network.fragment == .later)
        #expect(decoded[2].0.outer.network.fragmentID == 99)
    }

    @Test func transportProtocols() {
        let sctp = PacketBuilder.ip(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), proto: .sctp,
            payload: PacketBuilder.be16(2905) + PacketBuilder.be16(2906) + [0, 0, 0, 1, 0, 0, 0, 0])
        let (s, sr) = decode(ethernet(sctp))
        #expect(sr == .decoded && s.outer.transport.sourcePort == 2905 && s.outer.transport.destinationPort == 2906)
        let icmp = PacketBuilder.ip(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), proto: .icmp,
            payload: PacketBuilder.icmp(
                source: ip("10.0.0.1"), destination: ip("10.0.0.2"), type: 8, code: 0, rest: [0, 1, 0, 1]))
        let (i, ir) = decode(ethernet(icmp))
        #expect(ir == .decoded && i.outer.transport.icmpType == 8 && i.outer.transport.icmpCode == 0)
        let icmp6 = PacketBuilder.ip(
            source: ip("fd00::1"), destination: ip("fd00::2"), proto: .icmpv6,
            payload: PacketBuilder.icmp(
                source: ip("fd00::1"), destination: ip("fd00::2"), type: 135, code: 0, rest: [0, 0, 0, 0]))
        let (i6, i6r) = decode(ethernet(icmp6))
        #expect(i6r == .decoded && i6.outer.transport.icmpType == 135)
        let gre = PacketBuilder.ip(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), proto: .gre, payload: [0, 0, 0x88, 0x0B] + [0xFF])
        let (g, gr) = decode(ethernet(gre))
        #expect(gr == .decoded && g.outer.network.proto == .gre && g.tunnel == .none)
    }

    @Test func vxlanAndGeneve() {
        let inner = ethernet(tcpPacket("172.16.0.5", "172.16.0.9", 33000, 8080, [.syn]), vlans: [7])
        let outerUDP = PacketBuilder.udp(
            source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 50000,
            destinationPort: 4789, payload: PacketBuilder.vxlan(vni: 5001, frame: inner))
        let (p, r) = decode(
            ethernet(
                PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp, payload: outerUDP))
        )
        #expect(r == .decoded && p.tunnel == .vxlan && p.tunnelID == 5001)
        #expect(p.outer.transport.destinationPort == 4789 && p.outer.network.sourceAddress == ip("192.0.2.1"))
        #expect(p.inner.network.sourceAddress == ip("172.16.0.5") && p.inner.transport.destinationPort == 8080)
        #expect(p.inner.vlan == 7 && p.inner.transport.tcpFlags == [.syn])

        let innerIP = udpPacket("fd10::1", "fd10::2", 1000, 2000)
        let geneveUDP = PacketBuilder.udp(
            source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 50001, destinationPort: 6081,
            payload: PacketBuilder.geneve(vni: 77, protocolType: 0x86DD, payload: innerIP.packet))
        let (g, gr) = decode(
            ethernet(
                PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp, payload: geneveUDP)
            ))
        #expect(gr == .decoded && g.tunnel == .geneve && g.tunnelID == 77 && g.inner.network.version == 6)
        #expect(g.inner.transport.destinationPort == 2000)

        // ARP inside VXLAN: the outer flow still counts, the inner has no IP.
        let arp = PacketBuilder.ethernet(
            source: 1, destination: 0xFFFF_FFFF_FFFF, etherType: 0x0806, payload: [UInt8](repeating: 0, count: 28))
        let arpUDP = PacketBuilder.udp(
            source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 50000, destinationPort: 4789,
            payload: PacketBuilder.vxlan(vni: 5001, frame: arp))
        let (a, ar) = decode(
            ethernet(
                PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp, payload: arpUDP)))
        #expect(ar == .decoded && a.tunnel == .vxlan && a.inner.network.version == 0)
        // VXLAN without the I flag is malformed.
        let bad = PacketBuilder.udp(
            source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 1, destinationPort: 4789,
            payload: [0, 0, 0, 0, 0, 0, 1, 0] + inner)
        #expect(
            decode(
                ethernet(
                    PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp, payload: bad))
            ).1 == .undecodable(.badTunnelHeader))
    }

    @Test func erspanTypesIIAndIII() {
        let mirrored = ethernet(udpPacket("10.9.0.1", "10.9.0.2", 4444, 5555))
        let gre2 = PacketBuilder.ip(
            source: ip("192.0.2.10"), destination: ip("192.0.2.20"), proto: .gre,
            payload: PacketBuilder.erspanII(session: 300, sequence: 1, frame: mirrored))
        let (p, r) = decode(ethernet(gre2))
        #expect(r == .decoded && p.tunnel == .erspan2 && p.tunnelID == 300)
        #expect(p.outer.network.proto == .gre && p.inner.transport.sourcePort == 4444)
        let gre3 = PacketBuilder.ip(
            source: ip("192.0.2.10"), destination: ip("192.0.2.20"), proto: .gre,
            payload: PacketBuilder.erspanIII(session: 12, frame: mirrored))
        let (q, qr) = decode(ethernet(gre3))
        #expect(qr == .decoded && q.tunnel == .erspan3 && q.tunnelID == 12 && q.inner.transport.destinationPort == 5555)
    }

    @Test func rocev2BaseTransportHeader() {
        let write = PacketBuilder.rocev2(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 51000, opcode: 0x0A,
            partitionKey: 0x8001, destinationQP: 0x00ABCD, psn: 0x123456, ackRequest: true,
            payload: [UInt8](repeating: 0, count: 64))
        let (p, r) = decode(ethernet(write))
        #expect(r == .decoded && p.isRoCE)
        #expect(p.roce.opcode == 0x0A && p.roce.partitionKey == 0x8001 && p.roce.destinationQP == 0xABCD)
        #expect(p.roce.psn == 0x123456 && p.roce.ackRequested && p.roce.hasICRC && !p.roce.isCNP)
        let ack = PacketBuilder.rocev2(
            source: ip("10.0.0.2"), destination: ip("10.0.0.1"), sourcePort: 52000, opcode: 0x11,
            destinationQP: 9, psn: 5, aeth: 0x1F00_0005)
        let (a, _) = decode(ethernet(ack))
        #expect(a.roce.isAcknowledge && !a.roce.isNAK && a.roce.isResponse)
        let nak = PacketBuilder.rocev2(
            source: ip("10.0.0.2"), destination: ip("10.0.0.1"), sourcePort: 52000, opcode: 0x11,
            destinationQP: 9, psn: 5, aeth: 0x6000_0005)
        #expect(decode(ethernet(nak)).0.roce.isNAK)
        let cnp = PacketBuilder.rocev2(
            source: ip("10.0.0.2"), destination: ip("10.0.0.1"), sourcePort: 52000, opcode: 0x81,
            destinationQP: 9, psn: 0, payload: [UInt8](repeating: 0, count: 16))
        #expect(decode(ethernet(cnp)).0.roce.isCNP)
        // Too short for a BTH.
        let short = udpPacket("10.0.0.1", "10.0.0.2", 1, 4791, payload: [1, 2, 3])
        #expect(decode(ethernet(short)).1 == .undecodable(.badRoCEHeader))
    }

    /// The ICRC of a RoCEv2 packet is CRC-32 over the masked headers; recomputing it over a built
    /// packet whose variant fields (TTL, checksum) changed must give the same value.
    @Test func icrcIgnoresVariantFields() {
        let a = PacketBuilder.rocev2(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, opcode: 4,
            destinationQP: 3, psn: 1, payload: [1, 2, 3, 4], ttl: 64
        ).packet
        let b = PacketBuilder.rocev2(
            source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, opcode: 4,
            destinationQP: 3, psn: 1, payload: [1, 2, 3, 4], ttl: 3
        ).packet
        #expect(a.suffix(4) == b.suffix(4))
        #expect(a[8] != b[8])
    }

    @Test func linkTypes() {
        let ipPacket = udpPacket("10.0.0.1", "10.0.0.2", 1234, 53)
        // Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol.
        let sll: [UInt8] = [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0] + ipPacket.packet
        #expect(decode(sll, .linuxSLL).0.outer.transport.destinationPort == 53)
        // Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, address.
        let sll2: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0] + ipPacket.packet
        #expect(decode(sll2, .linuxSLL2).0.outer.transport.destinationPort == 53)
        #expect(decode(ipPacket.packet, .raw).0.outer.transport.sourcePort == 1234)
        #expect(decode(udpPacket("fd00::1", "fd00::2", 1, 2).packet, .ipv6).0.outer.network.version == 6)
        // BSD null: AF_INET in the writer's (here little-endian) byte order; loop: network order.
        #expect(decode([2, 0, 0, 0] + ipPacket.packet, .null).1 == .decoded)
        #expect(decode([0, 0, 0, 2] + ipPacket.packet, .null).1 == .decoded)
        #expect(
            decode([0, 0, 0, 24] + udpPacket("fd00::1", "fd00::2", 1, 2).packet, .loop).0.outer.network.version == 6)
        #expect(decode(ipPacket.packet, LinkType(rawValue: 147)).1 == .undecodable(.unsupportedLinkType))
    }

    @Test func undecodableReasons() {
        let good = ethernet(tcpPacket("10.0.0.1", "10.0.0.2", 1, 2, [.ack]))
        #expect(decode(Array(good.prefix(10))).1 == .undecodable(.truncated))
        #expect(decode(Array(good.prefix(14 + 12))).1 == .undecodable(.truncated))
        #expect(decode(Array(good.prefix(14 + 20 + 3))).1 == .undecodable(.truncated))
        // Cut after the ports: decoded, marked.
        let cut = decode(Array(good.prefix(14 + 20 + 10)))
        #expect(cut.1 == .decoded && cut.0.outer.transport.truncated)
        var badVersion = good
        badVersion[14] = 0x55
        #expect(decode(badVersion).1 == .undecodable(.badIPHeader))
        var badIHL = good
        badIHL[14] = 0x43
        #expect(decode(badIHL).1 == .undecodable(.badIPHeader))
        var badOffset = good
        badOffset[14 + 20 + 12] = 0x20
        #expect(decode(badOffset).1 == .undecodable(.badL4Header))
        let arp = PacketBuilder.ethernet(
            source: 1, destination: 2, etherType: 0x0806, payload: [UInt8](repeating: 0, count: 28))
        #expect(decode(arp).1 == .undecodable(.nonIP))
    }
}
