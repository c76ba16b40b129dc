import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

/// Every IP-carried tunnel and layer 2.5 header the decoder opens, one generated capture each, checked
/// against tshark: its conversation tables (`conv,tcp`, `conv,udp`) and the Community ID its
/// `communityid` dissector gives each frame's innermost flow.
@Suite(.serialized) struct EncapsulationTests {
    /// One case: a name for messages, the encapsulation, the inner addresses and the tunnel kind the
    /// inner connections are reported under (`.none` for layer 2.5 headers).
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var encapsulation: Encapsulation
        var client = ip("10.20.0.1")
        var server = ip("10.20.0.2")
        var kind: TunnelKind
        var tunnelID: UInt32 = 0
        var description: String { name }
    }

    static let v4Ends = (ip("192.0.2.1"), ip("192.0.2.2"))
    static let v6Ends = (ip("2001:db8::1"), ip("2001:db8::2"))

    static func tunnel(_ t: Encapsulation.IPTunnel, v6Outer: Bool = false) -> Encapsulation {
        let (c, s) = v6Outer ? v6Ends : v4Ends
        return .ip(t, clientEnd: c, serverEnd: s)
    }

    static let cases: [Case] = [
        Case(name: "gre", encapsulation: tunnel(.gre()), kind: .gre),
        Case(
            name: "gre-key-seq-csum", encapsulation: tunnel(.gre(key: 0x0102_0304, sequence: true, checksum: true)),
            kind: .gre, tunnelID: 0x02_0304),
        Case(
            name: "gre-ipv6-in-ipv6", encapsulation: tunnel(.gre(key: 9), v6Outer: true), client: ip("fd00::1"),
            server: ip("fd00::2"), kind: .gre, tunnelID: 9),
        Case(name: "gre-ethernet", encapsulation: tunnel(.greEthernet(key: 77)), kind: .gre, tunnelID: 77),
        Case(name: "erspan-i", encapsulation: tunnel(.erspanI), kind: .erspan1),
        Case(name: "gre-cisco-metadata", encapsulation: tunnel(.greCiscoMetadata(sgt: 42)), kind: .gre),
        Case(name: "wccp", encapsulation: tunnel(.wccp(serviceID: 90)), kind: .wccp, tunnelID: 90),
        Case(name: "wccp-v1", encapsulation: tunnel(.wccp(serviceID: nil)), kind: .wccp),
        Case(name: "mpls-in-gre", encapsulation: tunnel(.greMPLS(labels: [17, 18])), kind: .gre),
        Case(name: "ipv4-in-ipv6", encapsulation: tunnel(.ipInIP, v6Outer: true), kind: .ipInIP),
        Case(
            name: "pim-register-ipv6", encapsulation: tunnel(.pimRegister, v6Outer: true), client: ip("fd00::1"),
            server: ip("fd00::2"), kind: .pimRegister),
        Case(name: "ipip", encapsulation: tunnel(.ipInIP), kind: .ipInIP),
        Case(
            name: "ipv6-in-ipv4", encapsulation: tunnel(.ipInIP), client: ip("fd00::1"), server: ip("fd00::2"),
            kind: .ipInIP),
        Case(
            name: "ipv6-in-ipv6", encapsulation: tunnel(.ipInIP, v6Outer: true), client: ip("fd00::1"),
            server: ip("fd00::2"), kind: .ipInIP),
        Case(name: "pim-register", encapsulation: tunnel(.pimRegister), kind: .pimRegister),
        Case(
            name: "srv6-ipv4",
            encapsulation: tunnel(.srv6(segments: [v6("2001:db8::a"), v6("2001:db8::2")]), v6Outer: true),
            kind: .srv6),
        Case(
            name: "srv6-ipv6", encapsulation: tunnel(.srv6(segments: [v6("2001:db8::2")]), v6Outer: true),
            client: ip("fd00::1"), server: ip("fd00::2"), kind: .srv6),
        Case(name: "mpls", encapsulation: .shim(.mpls(labels: [1000, 2000])), kind: .none),
        Case(
            name: "mpls-ipv6", encapsulation: .shim(.mpls(labels: [16])), client: ip("fd00::1"), server: ip("fd00::2"),
            kind: .none),
        Case(
            name: "mpls-pseudowire", encapsulation: .shim(.mpls(labels: [3000, 4000], pseudowire: true)), kind: .none),
        Case(name: "pppoe", encapsulation: .shim(.pppoe(session: 0x1234)), kind: .none),
        Case(
            name: "pppoe-ipv6", encapsulation: .shim(.pppoe(session: 7)), client: ip("fd00::1"), server: ip("fd00::2"),
            kind: .none),
        Case(name: "macsec", encapsulation: .shim(.macsec(sci: nil)), kind: .none),
        Case(name: "macsec-sci", encapsulation: .shim(.macsec(sci: 0x0200_0000_0001_0001)), kind: .none),
        Case(name: "nsh", encapsulation: .shim(.nsh(spi: 10, si: 255)), kind: .none),
    ]

    /// A TCP session and a UDP exchange over `c`'s encapsulation.
    static func script(_ c: Case) -> TrafficScript {
        var s = TrafficScript()
        let path = TrafficScript.Path(client: c.client, server: c.server, encapsulation: c.encapsulation)
        s.tcpSession(path, clientPort: 40001, serverPort: 443, exchanges: [(120, 900), (40, 30)])
        s.udpFlow(path, clientPort: 40002, serverPort: 53, datagrams: 2, size: 48, replies: true)
        return s
    }

    /// tshark's Community ID of every frame's innermost flow (its dissector hashes the last IP and
    /// transport headers of the frame).
    static func tsharkCommunityIDs(_ path: String) throws -> Set<String> {
        let out = try runProcess(
            "/usr/bin/tshark",
            ["-n", "-r", path, "--enable-protocol", "communityid", "-T", "fields", "-e", "communityid"]
        ).stdout
        return Set(out.split(separator: "\n").map { String($0.split(separator: ",").last!) })
    }

    @Test(arguments: cases) func matchesTshark(_ c: Case) throws {
        let file = temporaryDirectory() + "/\(c.name).pcap"
        try EncapsulationTests.script(c).write(to: file)
        let flows = try CaptureFlows.collect(paths: [file])
        #expect(flows.summary.decoded == flows.summary.packetsRead, "\(c): \(flows.summary.undecodable)")
        let inner = flows.connections.filter { $0.proto == .tcp || $0.proto == .udp }
        #expect(inner.count == 2)
        for conn in inner {
            #expect(conn.tunnel == c.kind && conn.tunnelID == c.tunnelID, "\(c): \(conn.tunnel) \(conn.tunnelID)")
            #expect(conn.initiatorAddress == c.client && conn.responderAddress == c.server)
            #expect((conn.outerConnection != nil) == (c.kind != .none))
        }
        #expect(flows.summary.tunnelled == (c.kind == .none ? 0 : flows.summary.packetsRead))
        for (kind, proto) in [("tcp", IPProtocol.tcp), ("udp", .udp)] {
            let expected = try TsharkCrossCheckTests.tshark(file, kind)
            let actual = TsharkCrossCheckTests.ours(flows, proto)
            #expect(
                actual == expected,
                "\(c) \(kind): only ours \(actual.subtracting(expected)); only tshark \(expected.subtracting(actual))")
        }
        let theirs = try EncapsulationTests.tsharkCommunityIDs(file)
        #expect(Set(inner.map(\.communityID)) == theirs, "\(c)")
    }

    /// An encrypted MACsec frame is counted under its own reason; a bad SecTAG version under a bad
    /// link header.
    @Test func encryptedMACsecIsCountedUnderItsReason() throws {
        var s = TrafficScript()
        let path = TrafficScript.Path(
            client: ip("10.0.0.1"), server: ip("10.0.0.2"), encapsulation: .shim(.macsec(sci: 1, encrypted: true)))
        s.udpFlow(path, clientPort: 1, serverPort: 2, datagrams: 3, size: 10, replies: false)
        let file = temporaryDirectory() + "/macsec.pcap"
        try s.write(to: file)
        let flows = try CaptureFlows.collect(paths: [file])
        #expect(flows.summary.undecodable == [.encryptedMACsec: 3] && flows.connections.isEmpty)
        #expect(UndecodableReason.encryptedMACsec.name == "macsec-encrypted")
    }

    /// The outer connection of an IP tunnel is reported as before (protocol 4, 41, 47 or 103 between
    /// the endpoints, no ports), and the inner one names it.
    @Test func outerConnectionIsKept() throws {
        for (t, proto) in [(Encapsulation.IPTunnel.ipInIP, 4), (.gre(key: 5), 47), (.pimRegister, 103)] {
            var c = Case(name: "outer", encapsulation: EncapsulationTests.tunnel(t), kind: .gre)
            c.client = ip("10.9.0.1")
            let flows = try CaptureFlows.collect(paths: [write(EncapsulationTests.script(c))])
            let outer = flows.connections.filter { $0.proto.rawValue == proto }
            #expect(outer.count == 1 && outer[0].initiatorAddress == ip("192.0.2.1") && outer[0].initiatorPort == 0)
            #expect(flows.connections.filter { $0.outerConnection == outer[0].id }.count == 2)
        }
    }

    /// One frame of every case: a TCP SYN over its encapsulation (the fuzz tests' corpus takes them).
    static func frames() -> [[UInt8]] {
        cases.map { c in
            var s = TrafficScript()
            s.tcpSession(
                TrafficScript.Path(client: c.client, server: c.server, encapsulation: c.encapsulation),
                clientPort: 1, serverPort: 2, exchanges: [(10, 0)])
            return s.frames[0].bytes
        }
    }

    /// Every prefix of every case's frame is read without trapping and counted exactly once, and the
    /// mapped-file and libpcap read paths agree on every count.
    @Test func everyPrefixIsCounted() throws {
        let file = temporaryDirectory() + "/prefixes.pcap"
        let writer = try CaptureWriter(path: file, linkType: .ethernet)
        var written = 0
        for frame in EncapsulationTests.frames() {
            for n in 0...frame.count {
                writer.write(timestamp: Int64(written) * 1000, bytes: Array(frame.prefix(n)))
                written += 1
            }
        }
        try writer.finish()
        var summaries: [ReadSummary] = []
        for path in [ReadPath.automatic, .libpcap] {
            let s = try CaptureFlows.collect(paths: [file], readPath: path).summary
            #expect(s.packetsRead == written && s.packetsRead == s.decoded + s.filtered + s.undecodableTotal)
            #expect(s.decoded > 0 && s.undecodable[.truncated, default: 0] > 0)
            summaries.append(s)
        }
        #expect(summaries[0] == summaries[1])
    }

    /// BIG TCP over IPv4 (total length 0, and so UDP length 0) inside VXLAN and GRE, outer IPv4 or
    /// IPv6 (payload length 0): the inner jumbo TCP segment is decoded to its ports.
    @Test func bigTCPInsideTunnels() {
        let payload = [UInt8](repeating: 7, count: 70_000)
        let segment = PacketBuilder.tcp(
            source: ip("10.1.0.1"), destination: ip("10.1.0.2"), sourcePort: 33000, destinationPort: 5201,
            sequence: 1, acknowledgment: 1, flags: [.ack], payload: payload)
        // Over 65535 bytes, the builder writes the lengths as 0.
        let inner = PacketBuilder.ipv4(
            source: v4("10.1.0.1"), destination: v4("10.1.0.2"), proto: .tcp, payload: segment)
        #expect(inner[2] == 0 && inner[3] == 0)
        let innerFrame = PacketBuilder.ethernet(source: 1, destination: 2, etherType: 0x0800, payload: inner)
        for (s, d) in [(ip("192.0.2.1"), ip("192.0.2.2")), (ip("2001:db8::1"), ip("2001:db8::2"))] {
            let udp = PacketBuilder.udp(
                source: s, destination: d, sourcePort: 50000, destinationPort: 4789,
                payload: PacketBuilder.vxlan(vni: 3, frame: innerFrame))
            #expect(udp[4] == 0 && udp[5] == 0)
            let gre = PacketBuilder.gre(protocolType: 0x0800, payload: inner)
            for (proto, body, kind) in [(IPProtocol.udp, udp, TunnelKind.vxlan), (.gre, gre, .gre)] {
                let (p, r) = decode(ethernet(PacketBuilder.ip(source: s, destination: d, proto: proto, payload: body)))
                #expect(r == .decoded && p.tunnel == kind, "\(s) \(kind): \(r)")
                #expect(p.inner.transport.sourcePort == 33000 && p.inner.transport.destinationPort == 5201)
                #expect(p.inner.network.lengthUnstated && p.outer.network.lengthUnstated)
            }
        }
    }

    /// Layer 2.5 details: a pseudowire without control word, a label stack without bottom, other
    /// payloads, PPP that is not IP, NSH lengths and next protocols, PPTP's GRE left closed.
    @Test func layer25Details() {
        let tcp = tcpPacket("10.0.0.1", "10.0.0.2", 1000, 80, [.syn])
        let frame = ethernet(tcp)
        func shim(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
            PacketBuilder.ethernet(source: 1, destination: 2, etherType: type, payload: payload)
        }
        let noControlWord = decode(shim(0x8847, PacketBuilder.mpls(labels: [5], payload: frame)))
        #expect(noControlWord.1 == .decoded && noControlWord.0.outer.transport.destinationPort == 80)
        let deep = PacketBuilder.mpls(labels: Array(repeating: 1, count: 20), payload: tcp.packet)
        #expect(decode(shim(0x8847, deep)).1 == .undecodable(.headerChainTooLong))
        let multicast = decode(shim(0x8848, PacketBuilder.mpls(labels: [7, 8], payload: tcp.packet)))
        #expect(multicast.1 == .decoded && multicast.0.outer.network.proto == .tcp)
        #expect(
            decode(shim(0x8847, PacketBuilder.mpls(labels: [5], payload: [0x10, 0, 0, 0]))).1 == .undecodable(.nonIP))
        let lcp: [UInt8] = [0x11, 0, 0, 1, 0, 6, 0xC0, 0x21, 1, 1, 0, 4]
        #expect(decode(shim(0x8864, lcp)).1 == .undecodable(.nonIP))
        #expect(decode(shim(0x8864, [0x12, 0, 0, 1, 0, 6, 0, 0x21] + tcp.packet)).1 == .undecodable(.badLinkHeader))
        // NSH MD type 1: length 6 words with its four context headers.
        let md1: [UInt8] =
            [0x0F, 0xC6, 0x01, 0x01] + PacketBuilder.be32(1 << 8 | 255) + [UInt8](repeating: 0, count: 16)
        let nsh1 = decode(shim(0x894F, md1 + tcp.packet))
        #expect(nsh1.1 == .decoded && nsh1.0.outer.transport.destinationPort == 80)
        let nshEthernet = decode(shim(0x894F, PacketBuilder.nsh(spi: 1, si: 1, nextProtocol: 3, payload: frame)))
        #expect(nshEthernet.1 == .decoded && nshEthernet.0.outer.network.proto == .tcp)
        #expect(decode(shim(0x894F, [0x4F, 0xC2, 2, 1, 0, 0, 1, 1] + tcp.packet)).1 == .undecodable(.badTunnelHeader))
        #expect(decode(shim(0x894F, [0x0F, 0xC2, 2, 9, 0, 0, 1, 1])).1 == .undecodable(.nonIP))
        #expect(decode(shim(0x88E5, [0x80, 0, 0, 0, 0, 1, 8, 0] + tcp.packet)).1 == .undecodable(.badLinkHeader))
        // Cisco MetaData on Ethernet: version, length, option, SGT, ethertype.
        let cmd = decode(shim(0x8909, [1, 0, 0, 1, 0, 42, 8, 0] + tcp.packet))
        #expect(cmd.1 == .decoded && cmd.0.outer.transport.destinationPort == 80)
        // PPTP's enhanced GRE (version 1, PPP) is counted as GRE and not opened.
        let pptp: [UInt8] =
            PacketBuilder.be16(0x3001) + PacketBuilder.be16(0x880B) + [0, 4, 0, 9, 0, 0, 0, 1, 0xFF, 3, 0, 0x21]
        let (p, r) = decode(
            ethernet(
                PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .gre, payload: pptp)))
        #expect(r == .decoded && p.tunnel == .none && p.outer.network.proto == .gre)
        // GRE routing (RFC 1701): source route entries end with family 0, length 0.
        let routed: [UInt8] =
            PacketBuilder.be16(0x4000) + PacketBuilder.be16(0x0800) + [0, 0, 0, 0] + [0, 2, 0, 4, 1, 2, 3, 4]
            + [0, 0, 0, 0] + tcp.packet
        let (q, rq) = decode(
            ethernet(
                PacketBuilder.ip(source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .gre, payload: routed)))
        #expect(rq == .decoded && q.tunnel == .gre && q.inner.transport.destinationPort == 80)
    }

    func write(_ s: TrafficScript) throws -> String {
        let file = temporaryDirectory() + "/capture.pcap"
        try s.write(to: file)
        return file
    }
}
