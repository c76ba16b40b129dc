import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Capture

/// A split scan's share: every packet goes to exactly one worker, both directions of a conversation
/// to the same one, and the workers all get some.
@Suite struct ScanShareTests {
    /// The worker of each direction of `a` ↔ `b` among `workers`.
    static func workers(_ a: String, _ b: String, of workers: Int) -> [[Int]] {
        let decoder = PacketDecoder()
        return [(a, b), (b, a)].map { s, d in
            let frame = ethernet(tcpPacket(s, d, 40000, 443, [.ack], payload: 10))
            var packet = DecodedPacket()
            let outcome = frame.withUnsafeBytes { decoder.decode(PacketBytes($0), linkType: .ethernet, into: &packet) }
            #expect(outcome == .decoded)
            return withUnsafePointer(to: packet) { p in
                (0..<workers).filter { ScanShare(worker: $0, workers: workers).tracks(p) }
            }
        }
    }

    @Test func eachConversationHasOneWorker() {
        for workers in 2...4 {
            var used = Set<Int>()
            for i in 0..<200 {
                let both = ScanShareTests.workers(
                    "10.0.\(i / 100).\(i % 100 + 1)", "10.64.\(i % 7).\(i % 250 + 1)", of: workers)
                #expect(both[0].count == 1 && both[0] == both[1], "\(i) of \(workers)")
                used.formUnion(both[0])
            }
            #expect(used == Set(0..<workers))
        }
        #expect(ScanShareTests.workers("10.0.0.1", "10.0.0.2", of: 1) == [[0], [0]])
    }

    /// Whether `frames` are routed from their bytes as their decoded outer addresses route them: for
    /// each worker count, a frame routed before decoding is `mine` for exactly one worker, and when
    /// it decodes, that worker is the one `tracks` picks. Returns how many were routed from bytes.
    static func expectRouteAgreesWithDecode(_ frames: [(bytes: [UInt8], linkType: LinkType)]) -> Int {
        var routed = 0
        for (n, frame) in frames.enumerated() {
            let (packet, outcome) = decode(frame.bytes, frame.linkType)
            for workers in 2...4 {
                let routes = (0..<workers).map { w in
                    frame.bytes.withUnsafeBytes {
                        ScanShare(worker: w, workers: workers).route(PacketBytes($0), linkType: frame.linkType)
                    }
                }
                if routes.allSatisfy({ $0 == .unknown }) { continue }
                routed += 1
                let mine = routes.indices.filter { routes[$0] == .mine }
                #expect(mine.count == 1 && routes.allSatisfy { $0 != .unknown }, "frame \(n)")
                guard outcome == .decoded else { continue }
                let tracked = withUnsafePointer(to: packet) { p in
                    (0..<workers).filter { ScanShare(worker: $0, workers: workers).tracks(p) }
                }
                #expect(tracked == mine, "frame \(n) of \(workers) workers")
            }
        }
        return routed
    }

    /// Every record of the committed captures, and IPv6, VLAN-tagged, QinQ and cut frames.
    @Test func routeFromBytesAgreesWithTheDecodedAddresses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        var frames: [(bytes: [UInt8], linkType: LinkType)] = []
        for name in ["netns-tcp-udp", "generated-mixed", "demo-clean", "demo-violations"] {
            let reader = try CaptureReader(paths: [root + "/captures/\(name).pcap"])
            while let r = reader.next() {
                frames.append((Array(UnsafeRawBufferPointer(start: r.bytes.base, count: r.bytes.count)), r.linkType))
            }
        }
        let committed = frames.count
        let v6 = ethernet(udpPacket("2001:db8::1", "2001:db8:1::9", 5000, 53))
        let v4 = ethernet(tcpPacket("10.1.2.3", "10.9.8.7", 40000, 443, [.syn]))
        frames += [v6, v4, ethernet(udpPacket("2001:db8::1", "2001:db8:1::9", 5000, 53), vlans: [7])].map {
            ($0, .ethernet)
        }
        frames.append((ethernet(tcpPacket("10.1.2.3", "10.9.8.7", 40000, 443, [.ack]), vlans: [7, 8]), .ethernet))
        // Cut inside the IPv6 addresses, and an IPv4 header whose version nibble is not 4.
        frames.append((Array(v6.prefix(60)), .ethernet))
        var badVersion = v4
        badVersion[14] = 0x65
        frames.append((badVersion, .ethernet))
        let routed = ScanShareTests.expectRouteAgreesWithDecode(frames)
        // Each frame counts once per worker count (2, 3, 4): most committed frames are routed from
        // their bytes; QinQ, cut and odd frames are not.
        #expect(routed > committed * 2)
        #expect(routed < frames.count * 3)
    }
}
