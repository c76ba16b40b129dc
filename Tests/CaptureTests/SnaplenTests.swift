import Capture
import CaptureSynth
import InterlockCore
import Testing

/// Frames cut by the snapshot length after their transport ports still count in their connection,
/// marked `truncated`: tshark's Community ID puts them in the flow too, while its conversation
/// tables leave out every frame whose transport header is incomplete.
@Suite(.serialized) struct SnaplenTests {
    /// A TCP session and a UDP exchange, plain and in GRE.
    static func script() -> TrafficScript {
        var s = TrafficScript()
        for path in [
            TrafficScript.Path(client: ip("10.5.0.1"), server: ip("10.5.0.2")),
            TrafficScript.Path(
                client: ip("10.6.0.1"), server: ip("10.6.0.2"),
                encapsulation: .ip(.gre(key: 3), clientEnd: ip("192.0.2.1"), serverEnd: ip("192.0.2.2"))),
        ] {
            s.tcpSession(path, clientPort: 41000, serverPort: 80, exchanges: [(200, 1500), (10, 10)])
            s.udpFlow(path, clientPort: 41001, serverPort: 53, datagrams: 3, size: 100, replies: false)
        }
        return s
    }

    /// Writes the frames, the `cut` ones (by index) limited to `cut[i]` bytes.
    static func write(_ s: TrafficScript, cut: [Int: Int], skipping: Set<Int> = []) throws -> String {
        let path = temporaryDirectory() + "/cut.pcap"
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        for (i, f) in s.frames.enumerated() where !skipping.contains(i) {
            writer.write(
                timestamp: f.timestamp, bytes: Array(f.bytes.prefix(cut[i] ?? f.bytes.count)),
                originalLength: f.bytes.count)
        }
        try writer.finish()
        return path
    }

    @Test func cutAfterThePortsCountsMarked() throws {
        let s = SnaplenTests.script()
        // Plain: the 4th frame (client data) cut inside the TCP header after the ports, a UDP datagram
        // inside its header after the ports, and one inside the ports. In GRE (outer IPv4 + GRE with a
        // key: 14 + 20 + 8 bytes before the inner packet), a data segment cut after the inner ports.
        let plainData = 3
        let plainUDP = s.frames.firstIndex { $0.bytes.count == 14 + 20 + 8 + 100 }!
        let inGRE = s.frames.indices.filter { s.frames[$0].bytes.count > 14 + 20 + 8 + 20 + 20 + 100 }
        let greData = inGRE.first { $0 > plainUDP }!
        let cut = [plainData: 14 + 20 + 10, plainUDP: 14 + 20 + 6, plainUDP + 1: 14 + 20 + 2, greData: 42 + 20 + 6]
        let flows = try CaptureFlows.collect(paths: [SnaplenTests.write(s, cut: cut)])
        #expect(flows.summary.truncated == 3 && flows.summary.undecodable == [.truncated: 1])
        let byPort = Dictionary(grouping: flows.connections.filter { $0.proto.hasPorts }) { $0.initiatorAddress }
        let plainTCP = flows.connections.first { $0.proto == .tcp && $0.initiatorAddress == ip("10.5.0.1") }!
        #expect(plainTCP.truncatedPackets == 1 && plainTCP.tcp.summary == "closed")
        #expect(flows.connections.filter { $0.proto.hasPorts }.map(\.truncatedPackets).reduce(0, +) == 3)
        #expect(byPort.count == 2)
        // tshark counts in its conversations exactly the frames whose transport header is whole.
        let whole = try CaptureFlows.collect(
            paths: [SnaplenTests.write(s, cut: [:], skipping: [plainData, plainUDP, plainUDP + 1, greData])])
        for (kind, proto) in [("tcp", IPProtocol.tcp), ("udp", .udp)] {
            let path = try SnaplenTests.write(s, cut: cut)
            #expect(try TsharkCrossCheckTests.tshark(path, kind) == TsharkCrossCheckTests.ours(whole, proto))
        }
        // Its Community ID covers the cut frames, as Interlock's connections do.
        let theirs = try EncapsulationTests.tsharkCommunityIDs(SnaplenTests.write(s, cut: cut))
        let ours = Set(flows.connections.filter { $0.proto.hasPorts }.map(\.communityID))
        #expect(ours.isSubset(of: theirs) && ours.count == 4)
        #expect(
            zip(SnaplenTests.packets(flows), SnaplenTests.packets(whole)).map { $0 - $1 } == [1, 1, 1, 0],
            "every cut frame with its ports is counted")
    }

    /// Packets of the plain TCP, plain UDP, GRE TCP and GRE UDP connections.
    static func packets(_ f: CaptureFlows) -> [UInt64] {
        [("10.5.0.1", IPProtocol.tcp), ("10.5.0.1", .udp), ("10.6.0.1", .tcp), ("10.6.0.1", .udp)].map { a, p in
            f.connections.first { $0.initiatorAddress == ip(a) && $0.proto == p }!.packets
        }
    }

    /// A transport header cut by the IP packet's own length is malformed, not a snapshot: undecodable
    /// (`truncated`), as before.
    @Test func cutInsideTheIPLengthIsUndecodable() {
        var packet = tcpPacket("10.0.0.1", "10.0.0.2", 1, 2, [.syn]).packet
        packet[3] = 30  // total length 30: 10 bytes of a 20-byte TCP header
        let (_, r) = decode(ethernet((packet, 0x0800)))
        #expect(r == .undecodable(.truncated))
        // Captured bytes that end before the IP length does are a snapshot cut.
        let (p, cut) = decode(Array(ethernet((packet, 0x0800)).prefix(14 + 20 + 6)))
        #expect(cut == .decoded && p.outer.transport.truncated && p.outer.transport.destinationPort == 2)
        #expect(p.outer.transport.tcpFlags.isEmpty)
        // Cut inside the ports: nothing to count it by.
        #expect(decode(Array(ethernet((packet, 0x0800)).prefix(14 + 20 + 3))).1 == .undecodable(.truncated))
    }
}
