import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

/// Hostile input: truncated, mutated and random frames of every link type go through the decoder
/// and the tracker. Nothing may trap or hang, and every packet must be accounted for.
@Suite struct FuzzTests {
    /// One valid frame of every kind the decoder opens.
    static func corpus() -> [[UInt8]] {
        var frames: [[UInt8]] = [
            ethernet(tcpPacket("10.0.0.1", "10.0.0.2", 1000, 80, [.syn], payload: 20)),
            ethernet(udpPacket("fd00::1", "fd00::2", 53, 5353), vlans: [100, 200]),
            ethernet(
                PacketBuilder.rocev2(
                    source: ip("10.0.0.1"), destination: ip("10.0.0.2"), sourcePort: 1, opcode: 0x11,
                    destinationQP: 5, psn: 9, aeth: 0x1F00_0009)),
        ]
        let inner = ethernet(tcpPacket("172.16.0.1", "172.16.0.2", 5, 6, [.ack]), vlans: [3])
        frames.append(
            ethernet(
                PacketBuilder.ip(
                    source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp,
                    payload: PacketBuilder.udp(
                        source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 9, destinationPort: 4789,
                        payload: PacketBuilder.vxlan(vni: 1, frame: inner)))))
        frames.append(
            ethernet(
                PacketBuilder.ip(
                    source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .udp,
                    payload: PacketBuilder.udp(
                        source: ip("192.0.2.1"), destination: ip("192.0.2.2"), sourcePort: 9, destinationPort: 6081,
                        payload: PacketBuilder.geneve(vni: 2, payload: inner)))))
        frames.append(
            ethernet(
                PacketBuilder.ip(
                    source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .gre,
                    payload: PacketBuilder.erspanII(session: 1, sequence: 1, frame: inner))))
        frames.append(
            ethernet(
                PacketBuilder.ip(
                    source: ip("192.0.2.1"), destination: ip("192.0.2.2"), proto: .gre,
                    payload: PacketBuilder.erspanIII(session: 1, frame: inner))))
        frames.append(
            ethernet(
                (
                    PacketBuilder.ipv6(
                        source: v6("fd00::1"), destination: v6("fd00::2"), nextHeader: .tcp,
                        payload: [UInt8](repeating: 0x50, count: 20),
                        extensionHeaders: [(0, [1, 4, 0, 0, 0, 0]), (44, [0, 1, 0, 0, 0, 1])]), 0x86DD
                )))
        frames += PacketBuilder.fragmentIPv4(
            source: v4("10.0.0.1"), destination: v4("10.0.0.2"), proto: .udp,
            payload: [UInt8](repeating: 0, count: 200), identification: 3, fragmentSize: 64
        )
        .map { ethernet(($0, 0x0800)) }
        return frames + EncapsulationTests.frames()
    }

    /// Every link type the decoder reads, and one it does not (147, DLT_USER0).
    static let linkTypes: [LinkType] = SupportedEncapsulations.linkTypes + [LinkType(rawValue: 147)]

    @Test func decoderNeverTrapsOnTruncatedMutatedOrRandomFrames() {
        var rng = SeededGenerator(state: 7)
        var packet = DecodedPacket()
        let decoder = PacketDecoder()
        var outcomes = 0
        let mutants = Fuzzing.cases(300)
        let junks = Fuzzing.cases(5000)
        func run(_ frame: [UInt8], _ linkType: LinkType) {
            _ = frame.withUnsafeBytes { decoder.decode(PacketBytes($0), linkType: linkType, into: &packet) }
            outcomes += 1
        }
        for frame in FuzzTests.corpus() {
            for length in 0...frame.count { run(Array(frame.prefix(length)), .ethernet) }
            for _ in 0..<mutants {
                var f = frame
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    f[Int.random(in: 0..<f.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                for linkType in FuzzTests.linkTypes { run(f, linkType) }
                // Mutated and then cut.
                run(Array(f.prefix(Int.random(in: 0...f.count, using: &rng))), .ethernet)
            }
        }
        for _ in 0..<junks {
            let junk = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            run(junk, FuzzTests.linkTypes.randomElement(using: &rng)!)
        }
        let corpus = FuzzTests.corpus()
        let expected =
            corpus.reduce(0) { $0 + $1.count + 1 } + corpus.count * mutants * (FuzzTests.linkTypes.count + 1) + junks
        #expect(outcomes == expected)
    }

    /// Mutated frames written to a capture and scanned end to end: the summary adds up.
    @Test func scanAccountsForEveryHostilePacket() throws {
        var rng = SeededGenerator(state: 11)
        let dir = temporaryDirectory()
        let writer = try CaptureWriter(path: dir + "/hostile.pcap", linkType: .ethernet)
        var written = 0
        for frame in FuzzTests.corpus() {
            for i in 0..<200 {
                var f = frame
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    f[Int.random(in: 0..<f.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                if i % 3 == 0 { f = Array(f.prefix(Int.random(in: 0...f.count, using: &rng))) }
                writer.write(timestamp: Int64(written) * 1000, bytes: f)
                written += 1
            }
        }
        try writer.finish()
        for path in [ReadPath.automatic, .libpcap] {
            let flows = try CaptureFlows.collect(paths: [dir + "/hostile.pcap"], readPath: path)
            let s = flows.summary
            #expect(s.packetsRead == written)
            #expect(s.packetsRead == s.decoded + s.filtered + s.undecodableTotal)
            #expect(s.undecodableTotal > 0 && s.decoded > 0)
            let counted = flows.connections.reduce(0) { $0 + Int($1.packets) }
            // Each decoded packet is in one connection, or two when it carried a tunnel's inner flow.
            #expect(counted >= s.decoded && counted <= s.decoded + s.tunnelled)
        }
    }
}
