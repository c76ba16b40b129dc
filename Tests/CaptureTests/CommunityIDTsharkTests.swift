import CaptureSynth
import Foundation
import InterlockCore
import Testing

@testable import Capture

/// An ICMPv6 message of `type` (code 0) with `body` after its checksum.
private func icmpv6(_ s: String, _ d: String, type: UInt8, body: [UInt8]) -> (packet: [UInt8], etherType: UInt16) {
    PacketBuilder.ip(
        source: ip(s), destination: ip(d), proto: .icmpv6,
        payload: PacketBuilder.icmp(source: ip(s), destination: ip(d), type: type, code: 0, rest: body))
}

/// Interlock's Community ID against tshark's `communityid` dissector: message by message over
/// every ICMP and ICMPv6 type, and connection by connection over every committed capture.
@Suite(.serialized) struct CommunityIDTsharkTests {
    /// Every ICMP and ICMPv6 type (code 0), each sent one way and answered: the ID Interlock
    /// computes for each message is the one tshark computes for its frame.
    @Test func everyICMPTypeMatchesTshark() throws {
        var packets: [[UInt8]] = []
        for (a, b) in [("10.0.0.1", "10.0.0.2"), ("fd00::1", "fd00::2")] {
            for type in UInt8.min...UInt8.max {
                packets.append(ethernet(icmpPacket(a, b, type: type)))
                packets.append(ethernet(icmpPacket(b, a, type: type, code: 1)))
            }
        }
        let path = temporaryDirectory() + "/icmp-types.pcap"
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        for (i, frame) in packets.enumerated() { writer.write(timestamp: Int64(i) * 1000, bytes: frame) }
        try writer.finish()
        let theirs = try tsharkCommunityIDs(path)
        #expect(theirs.count == packets.count)
        var malformed = Set<UInt8>()
        for (i, frame) in packets.enumerated() where i < theirs.count {
            let (p, outcome) = decode(frame)
            let n = p.outer.network
            let ours = CommunityID.v1(
                proto: n.proto, source: n.source, destination: n.destination, version: n.version,
                sourcePort: p.outer.transport.sourcePort, destinationPort: p.outer.transport.destinationPort)
            #expect(outcome == .decoded)
            // tshark computes no ID for a message its ICMPv6 dissector finds malformed: the generic
            // body here does not fit those few types (router renumbering, node information names,
            // MLDv2 reports, home agent replies, certification paths).
            if theirs[i].isEmpty && n.version == 6 {
                malformed.insert(p.outer.transport.icmpType)
                continue
            }
            #expect(ours == theirs[i], "IPv\(n.version) type \(p.outer.transport.icmpType)")
        }
        #expect(malformed.isSubset(of: [138, 139, 143, 145, 149]))
    }

    /// A well-formed node information query (RFC 4620: NOOP, subject an IPv6 address) and its
    /// reply: tshark gives both the ID Interlock gives, one ID for the pair.
    @Test func nodeInformationExchangeMatchesTshark() throws {
        let nonce: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let query = ethernet(
            icmpv6(
                "fd00::1", "fd00::2", type: 139,
                body: [0, 0, 0, 0] + nonce + PacketBuilder.be64(v6("fd00::2").high)
                    + PacketBuilder.be64(v6("fd00::2").low)))
        let reply = ethernet(icmpv6("fd00::2", "fd00::1", type: 140, body: [0, 0, 0, 0] + nonce))
        let path = temporaryDirectory() + "/node-information.pcap"
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        writer.write(timestamp: 0, bytes: query)
        writer.write(timestamp: 1000, bytes: reply)
        try writer.finish()
        let theirs = try tsharkCommunityIDs(path)
        let ours = try CaptureFlows.collect(paths: [path]).connections.map(\.communityID)
        #expect(theirs.count == 2 && theirs[0] == theirs[1] && !theirs[0].isEmpty)
        #expect(Set(ours) == [theirs[0]])
    }

    /// The ID of `c`'s addresses and protocol alone, as for a protocol without ports: what tshark
    /// 4.0 gives a RoCEv2 packet (its InfiniBand dissector clears the UDP ports) and an IP fragment.
    static func withoutPorts(_ c: Connection) -> String {
        let (a, b) = c.initiator < c.responder ? (c.initiator, c.responder) : (c.responder, c.initiator)
        var input: [UInt8] = [0, 0]
        for address in [a, b] {
            let words = c.version == 6 ? [address.high, address.low] : [address.low << 32]
            for word in words {
                input += (0..<(c.version == 6 ? 8 : 4)).map { UInt8(truncatingIfNeeded: word >> UInt64(56 - $0 * 8)) }
            }
        }
        input += [c.proto.rawValue, 0]
        return "1:" + Data(SHA1.digest(input)).base64EncodedString()
    }

    /// The committed captures (`captures/*.pcap`): the IDs tshark gives their frames are exactly
    /// the connections' IDs, with tshark's conventions modelled: one ID per frame, the innermost
    /// flow's (so a tunnel's outer connection has none); RoCEv2 packets and IP fragments hashed
    /// without ports (`withoutPorts`).
    @Test func committedCapturesMatchTshark() throws {
        let dir = packageRoot + "/captures"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pcap") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            let path = dir + "/" + file
            let connections = try CaptureFlows.collect(paths: [path]).connections
            // Tunnel carriers: VXLAN and Geneve flows (each direction's, whatever its source port)
            // and any connection an inner one names as its outer.
            var carriers = Set(connections.compactMap(\.outerConnection))
            for c in connections
            where c.proto == .udp && [WellKnownPort.vxlan, WellKnownPort.geneve].contains(c.responderPort) {
                carriers.insert(c.id)
            }
            var expected = Set<String>()
            for c in connections where !carriers.contains(c.id) {
                expected.insert(c.roce == nil ? c.communityID : CommunityIDTsharkTests.withoutPorts(c))
                if c.laterFragments > 0 { expected.insert(CommunityIDTsharkTests.withoutPorts(c)) }
            }
            let theirs = Set(try tsharkCommunityIDs(path).flatMap { $0.split(separator: ",").map(String.init) })
            #expect(
                expected == theirs,
                "\(file): only ours \(expected.subtracting(theirs)); only tshark \(theirs.subtracting(expected))")
        }
    }
}
