import InterlockCore
import Testing

@testable import Capture
@testable import CaptureSynth

/// The scan's common-case decoder (`decodeCommon`) against the general one on generated frames:
/// whenever it accepts a frame, it must write exactly what `decode` writes; when it declines, it
/// must leave the packet untouched (the scan then runs `decode`).
@Suite struct FastDecodeTests {
    /// A random frame near the common case: IPv4 or IPv6, TCP, UDP (some on tunnel and RoCEv2 ports),
    /// ICMP, options, fragments, 0 to 2 VLAN tags, and sometimes mutated or cut.
    static func frame(_ rng: inout SeededGenerator) -> [UInt8] {
        let s = IPAddress.v4(IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)))
        let d = IPAddress.v4(IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)))
        let sp = UInt16.random(in: 0...UInt16.max, using: &rng)
        let dp = [53, 443, 4789, 4791, 6081, Int.random(in: 0...65535, using: &rng)].randomElement(using: &rng).map(
            UInt16.init)!
        let payload = [UInt8](repeating: 0xA5, count: Int.random(in: 0...40, using: &rng))
        let proto: IPProtocol = [.tcp, .udp, .icmp].randomElement(using: &rng)!
        let l4: [UInt8]
        switch proto {
        case .tcp:
            l4 = PacketBuilder.tcp(
                source: s, destination: d, sourcePort: sp, destinationPort: dp,
                sequence: UInt32.random(in: 0...UInt32.max, using: &rng),
                acknowledgment: UInt32.random(in: 0...UInt32.max, using: &rng),
                flags: TCPFlags(rawValue: UInt8.random(in: 0...255, using: &rng)), payload: payload)
        case .udp:
            l4 = PacketBuilder.udp(source: s, destination: d, sourcePort: sp, destinationPort: dp, payload: payload)
        default:
            l4 = PacketBuilder.icmp(source: s, destination: d, type: 8, code: 0, rest: payload)
        }
        let ip: (packet: [UInt8], etherType: UInt16)
        if Int.random(in: 0..<8, using: &rng) == 0 {
            ip = PacketBuilder.ip(
                source: .v6(IPv6Address(high: 0xFD00 << 48, low: 1)),
                destination: .v6(IPv6Address(high: 0xFD00 << 48, low: 2)),
                proto: proto, payload: l4)
        } else {
            guard case .v4(let s4) = s, case .v4(let d4) = d else { fatalError("IPv4 expected") }
            let fragmented = Int.random(in: 0..<6, using: &rng) == 0
            let options: [UInt8] = Int.random(in: 0..<6, using: &rng) == 0 ? [1, 1, 1, 0] : []
            ip = (
                PacketBuilder.ipv4(
                    source: s4, destination: d4, proto: proto, payload: l4,
                    identification: UInt16.random(in: 0...UInt16.max, using: &rng),
                    ttl: UInt8.random(in: 0...255, using: &rng), tos: UInt8.random(in: 0...255, using: &rng),
                    dontFragment: Bool.random(using: &rng), moreFragments: fragmented && Bool.random(using: &rng),
                    fragmentOffset: fragmented ? 8 * Int.random(in: 0...3, using: &rng) : 0, options: options),
                0x0800
            )
        }
        let vlans = (0..<[0, 0, 1, 2].randomElement(using: &rng)!).map { _ in UInt16.random(in: 0...4095, using: &rng) }
        var f = PacketBuilder.ethernet(
            source: 0x0200_0000_0001, destination: 0x0200_0000_0002, vlans: vlans,
            etherType: ip.etherType, payload: ip.packet)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                f[Int.random(in: 0..<f.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case 1: f = Array(f.prefix(Int.random(in: 0...f.count, using: &rng)))
        case 2: f += [UInt8](repeating: 0, count: Int.random(in: 1...20, using: &rng))  // Ethernet padding
        default: break
        }
        return f
    }

    /// Every field of the parts of a packet that `decode` writes for an untunnelled, non-RoCE frame.
    static func written(_ p: DecodedPacket) -> String {
        "\(p.outer) \(p.tunnel) \(p.tunnelID) \(p.isRoCE)"
    }

    /// An IPv4 total length of 0 (TSO, BIG TCP): both decoders say the length is unstated.
    @Test func unstatedLengthAgrees() {
        var f = ethernet(tcpPacket("10.0.0.1", "10.0.0.2", 1000, 80, [.ack], payload: 60))
        (f[16], f[17]) = (0, 0)
        var general = DecodedPacket()
        var fast = DecodedPacket()
        let decoder = PacketDecoder()
        let outcome = f.withUnsafeBytes { decoder.decode(PacketBytes($0), linkType: .ethernet, into: &general) }
        let handled = f.withUnsafeBytes { decoder.decodeCommon(PacketBytes($0), linkType: .ethernet, into: &fast) }
        #expect(outcome == .decoded && handled && fast.outer.network.lengthUnstated)
        #expect(FastDecodeTests.written(fast) == FastDecodeTests.written(general))
    }

    @Test func agreesWithTheGeneralDecoder() {
        var rng = SeededGenerator(state: 2026)
        let decoder = PacketDecoder()
        var accepted = 0
        var declined = 0
        // A packet left over from a tunnelled RoCEv2 frame, so that a field the fast path forgot shows.
        var stale = DecodedPacket()
        let leftover = PacketBuilder.rocev2(
            source: ip("10.9.9.9"), destination: ip("10.8.8.8"), sourcePort: 7, opcode: 0x11,
            destinationQP: 5, psn: 9, aeth: 0x1F00_0009)
        _ = ethernet(leftover, vlans: [7, 8]).withUnsafeBytes {
            decoder.decode(PacketBytes($0), linkType: .ethernet, into: &stale)
        }
        stale.tunnel = .vxlan
        stale.tunnelID = 77
        for _ in 0..<20_000 {
            let f = FastDecodeTests.frame(&rng)
            for linkType in [LinkType.ethernet, .linuxSLL] {
                var general = stale
                var fast = stale
                let outcome = f.withUnsafeBytes { decoder.decode(PacketBytes($0), linkType: linkType, into: &general) }
                let handled = f.withUnsafeBytes {
                    decoder.decodeCommon(PacketBytes($0), linkType: linkType, into: &fast)
                }
                if handled {
                    accepted += 1
                    #expect(outcome == .decoded, "\(f)")
                    #expect(FastDecodeTests.written(fast) == FastDecodeTests.written(general), "\(f)")
                } else {
                    declined += 1
                    #expect(FastDecodeTests.written(fast) == FastDecodeTests.written(stale), "\(f)")
                }
            }
        }
        // Both outcomes are exercised in earnest.
        #expect(accepted > 2_000)
        #expect(declined > 2_000)
    }
}
