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
        Case(name: "ipip", encapsulation: tunnel(.ipInIP), kind: .ipInIP),
        Case(
            name: "ipv6-in-ipv4", encapsulation: tunnel(.ipInIP), client: ip("fd00::1"), server: ip("fd00::2"),
            kind: .ipInIP),
        Case(
            name: "ipv6-in-ipv6", encapsulation: tunnel(.ipInIP, v6Outer: true), client: ip("fd00::1"),
            server: ip("fd00::2"), kind: .ipInIP),
        Case(name: "pim-register", encapsulation: tunnel(.pimRegister), kind: .pimRegister),
        Case(
            name: "srv6-ipv4", encapsulation: tunnel(.srv6(segments: [v6("2001:db8::a"), v6("2001:db8::2")]), v6Outer: true),
            kind: .srv6),
        Case(
            name: "srv6-ipv6", encapsulation: tunnel(.srv6(segments: [v6("2001:db8::2")]), v6Outer: true),
            client: ip("fd00::1"), server: ip("fd00::2"), kind: .srv6),
        Case(name: "mpls", encapsulation: .shim(.mpls(labels: [1000, 2000])), kind: .none),
        Case(
            name: "mpls-ipv6", encapsulation: .shim(.mpls(labels: [16])), client: ip("fd00::1"), server: ip("fd00::2"),
            kind: .none),
        Case(name: "mpls-pseudowire", encapsulation: .shim(.mpls(labels: [3000, 4000], pseudowire: true)), kind: .none),
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

    func write(_ s: TrafficScript) throws -> String {
        let file = temporaryDirectory() + "/capture.pcap"
        try s.write(to: file)
        return file
    }
}
