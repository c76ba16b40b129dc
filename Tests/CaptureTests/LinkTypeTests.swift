import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

/// Every link type of `SupportedEncapsulations`, in each of its forms: a capture written with the
/// project's link framing (`PacketBuilder.linkFrame`) and `CaptureWriter` decodes completely, and its
/// TCP/UDP conversations and Community IDs are the ones tshark finds in it.
@Suite(.serialized) struct LinkTypeTests {
    /// TCP, UDP and ICMP over IPv4 and IPv6, both directions.
    static let packets: [(packet: [UInt8], etherType: UInt16)] = [
        tcpPacket("10.0.0.1", "10.0.0.2", 40000, 80, [.syn]),
        tcpPacket("10.0.0.2", "10.0.0.1", 80, 40000, [.syn, .ack]),
        tcpPacket("10.0.0.1", "10.0.0.2", 40000, 80, [.ack], payload: 100),
        udpPacket("10.0.0.1", "10.0.0.3", 5353, 53),
        udpPacket("10.0.0.3", "10.0.0.1", 53, 5353, payload: [UInt8](repeating: 7, count: 33)),
        icmpPacket("10.0.0.1", "10.0.0.2", type: 8),
        icmpPacket("10.0.0.2", "10.0.0.1", type: 0),
        udpPacket("fd00::1", "fd00::2", 4000, 4001),
        tcpPacket("fd00::2", "fd00::1", 443, 50000, [.ack], payload: 10),
        icmpPacket("fd00::1", "fd00::2", type: 128),
    ]

    /// Every (link type, form) pair.
    /// (DLT 14, OpenBSD's raw IP, is left out: libpcap writes raw IP files as LINKTYPE_RAW, read
    /// back as DLT 12, whose form is the same.)
    static let cases: [(LinkType, Int)] = SupportedEncapsulations.linkTypes.filter { $0 != .rawOpenBSD }.flatMap {
        linkType in
        (0..<PacketBuilder.linkFrameVariants(linkType)).map { (linkType, $0) }
    }

    /// Forms tshark 4.0 does not read, with the reason; Interlock's reading of them is checked
    /// against the same packets in the other forms.
    static let notReadByTshark: [String: String] = [
        "ipoib-1": "Wireshark reads a 40-byte pseudo-header only (packet-ipoib.c), not Linux's 20 bytes",
        "ipoib-2": "Wireshark reads a 40-byte pseudo-header only, not the bare RFC 4391 header",
    ]

    /// Bytes of a pseudo-header that tshark's wiretap takes out of each frame of a form (the
    /// direction byte of LINKTYPE_PPP_WITH_DIR), so that its byte counts are that much lower.
    static let pseudoHeaderBytes: [LinkType: Int] = [.pppWithDirection: 1]

    /// The frames of `packets` as `linkType`'s form `variant`, written to a pcap; the path and count.
    static func capture(_ linkType: LinkType, _ variant: Int) throws -> (path: String, frames: Int) {
        let path = temporaryDirectory() + "/\(linkType)-\(variant).pcap"
        let writer = try CaptureWriter(path: path, linkType: linkType)
        for (i, p) in packets.enumerated() {
            guard let frame = PacketBuilder.linkFrame(linkType, ip: p.packet, etherType: p.etherType, variant: variant)
            else { continue }
            writer.write(timestamp: 1_000_000_000 + Int64(i) * 1_000_000, bytes: frame)
        }
        try writer.finish()
        return (path, writer.packetsWritten)
    }

    @Test func everyLinkTypeHasFrames() {
        for linkType in SupportedEncapsulations.linkTypes {
            #expect(PacketBuilder.linkFrameVariants(linkType) > 0, "\(linkType)")
        }
        #expect(LinkTypeTests.cases.count >= 40)
    }

    @Test(arguments: 0..<cases.count)
    func decodesAndMatchesTshark(_ index: Int) throws {
        let (linkType, variant) = LinkTypeTests.cases[index]
        let (path, frames) = try LinkTypeTests.capture(linkType, variant)
        let flows = try CaptureFlows.collect(paths: [path])
        #expect(frames > 0)
        #expect(flows.summary.decoded == frames, "\(linkType) form \(variant): \(flows.summary.undecodable)")
        guard LinkTypeTests.notReadByTshark["\(linkType)-\(variant)"] == nil else { return }
        // One tshark run: each frame's Community ID, then the TCP and UDP conversation tables.
        let out = try runProcess(
            "/usr/bin/tshark",
            [
                "-n", "-r", path, "--enable-protocol", "communityid", "-T", "fields", "-e", "communityid",
                "-z", "conv,tcp", "-z", "conv,udp",
            ]
        ).stdout
        for (kind, proto) in [("tcp", IPProtocol.tcp), ("udp", .udp)] {
            let expected = TsharkCrossCheckTests.rows(out, kind)
            #expect(!expected.isEmpty)
            let actual = TsharkCrossCheckTests.ours(
                flows, proto, pseudoHeaderBytes: LinkTypeTests.pseudoHeaderBytes[linkType] ?? 0)
            #expect(
                actual == expected,
                "\(linkType) form \(variant) \(kind): only ours \(actual.subtracting(expected)); only tshark \(expected.subtracting(actual))"
            )
        }
        let theirs = out.split(separator: "\n").prefix { !$0.hasPrefix("====") }.map(String.init)
        #expect(theirs.count == frames)
        #expect(Set(flows.connections.map(\.communityID)) == Set(theirs), "\(linkType) \(variant)")
    }

    /// Cut and mutated frames of every link type never trap, and a scan accounts for each one.
    @Test func truncatedAndMutatedFramesAreCounted() throws {
        var rng = SeededGenerator(state: 20)
        var packet = DecodedPacket()
        let decoder = PacketDecoder()
        for (linkType, variant) in LinkTypeTests.cases {
            let path = temporaryDirectory() + "/hostile-\(linkType)-\(variant).pcap"
            let writer = try CaptureWriter(path: path, linkType: linkType)
            var undecodable = 0
            for p in LinkTypeTests.packets {
                guard
                    let frame = PacketBuilder.linkFrame(
                        linkType, ip: p.packet, etherType: p.etherType, variant: variant)
                else { continue }
                var hostile = (0..<frame.count).map { Array(frame.prefix($0)) }
                for _ in 0..<30 {
                    var f = frame
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        f[Int.random(in: 0..<min(f.count, 48), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                    hostile.append(f)
                }
                for f in hostile {
                    let outcome = f.withUnsafeBytes {
                        decoder.decode(PacketBytes($0), linkType: linkType, into: &packet)
                    }
                    if outcome != .decoded { undecodable += 1 }
                    writer.write(timestamp: Int64(writer.packetsWritten) * 1000, bytes: f)
                }
            }
            try writer.finish()
            let s = try CaptureFlows.collect(paths: [path]).summary
            #expect(s.packetsRead == writer.packetsWritten)
            #expect(s.packetsRead == s.decoded + s.filtered + s.undecodableTotal)
            // The tracker may count more (orphan fragments of mutated headers), never fewer.
            #expect(s.undecodableTotal >= undecodable && undecodable > 0, "\(linkType) \(variant)")
            // Only a PKTAP header can name a link type (of the frame inside it) that is not read.
            #expect(s.undecodable[.unsupportedLinkType] == nil || linkType == .pktap)
        }
    }
}

/// An ICMP or ICMPv6 message of `type` and `code`: an identifier and sequence number, then a
/// quoted UDP packet back the other way and 12 more bytes, so that every type's body is long
/// enough for tshark to dissect (error messages quote a packet; timestamps need 12 bytes).
func icmpPacket(_ s: String, _ d: String, type: UInt8, code: UInt8 = 0) -> (packet: [UInt8], etherType: UInt16) {
    let v6 = ip(s).version == 6
    let quoted = udpPacket(d, s, 53, 1234, payload: []).packet + [UInt8](repeating: 0, count: 12)
    return PacketBuilder.ip(
        source: ip(s), destination: ip(d), proto: v6 ? .icmpv6 : .icmp,
        payload: PacketBuilder.icmp(
            source: ip(s), destination: ip(d), type: type, code: code, rest: [0, 1, 0, 1] + quoted))
}

/// tshark's `communityid` field of every frame of `path`, in frame order ("" where it has none).
func tsharkCommunityIDs(_ path: String) throws -> [String] {
    let out = try runProcess(
        "/usr/bin/tshark", ["-n", "-r", path, "--enable-protocol", "communityid", "-T", "fields", "-e", "communityid"]
    ).stdout
    return out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}
