import InterlockCore
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
}
