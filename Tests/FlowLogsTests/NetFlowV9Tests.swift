import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

/// NetFlow v9 packets laid out as RFC 3954 sections 5.1-5.3 describe them, read, and decoded by tshark.
@Suite struct NetFlowV9Tests {
    static func be(_ v: UInt64, _ n: Int) -> [UInt8] {
        (0..<n).reversed().map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
    }

    /// One export packet: a template (IPV4_SRC_ADDR 8, IPV4_DST_ADDR 12, L4_SRC_PORT 7, L4_DST_PORT 11,
    /// PROTOCOL 4, IN_PKTS 2, IN_BYTES 1, FIRST_SWITCHED 22, LAST_SWITCHED 21) and two data records,
    /// a TCP flow and its reverse direction.
    static let uptime: UInt64 = 100_000
    static let unixSeconds: UInt64 = 1_772_445_600
    static func packet() -> [UInt8] {
        let fields: [(UInt64, UInt64)] = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 4), (1, 4), (22, 4), (21, 4)]
        let template = be(256, 2) + be(UInt64(fields.count), 2) + fields.flatMap { be($0.0, 2) + be($0.1, 2) }
        func record(_ s: UInt64, _ d: UInt64, _ sp: UInt64, _ dp: UInt64, _ pkts: UInt64, _ octets: UInt64) -> [UInt8] {
            be(s, 4) + be(d, 4) + be(sp, 2) + be(dp, 2) + [6] + be(pkts, 4) + be(octets, 4) + be(99_000, 4)
                + be(99_500, 4)
        }
        let web: UInt64 = 0x0AF4_0102  // 10.244.1.2
        let pg: UInt64 = 0x0AF4_0202  // 10.244.2.2
        let data = record(web, pg, 40001, 5432, 5, 268) + record(pg, web, 5432, 40001, 3, 164)
        return be(9, 2) + be(3, 2) + be(uptime, 4) + be(unixSeconds, 4) + be(7, 4) + be(1, 4)
            + be(0, 2) + be(UInt64(4 + template.count), 2) + template
            + be(256, 2) + be(UInt64(4 + data.count), 2) + data
    }

    @Test func readsTheDocumentedLayout() throws {
        let path = Scratch.path("export.nf9")
        try Data(Self.packet() + Self.packet()).write(to: URL(fileURLWithPath: path))
        let flows = try TrafficInputs.collect(paths: [path])
        #expect(flows.files.map(\.format) == ["netflow9"])
        #expect(flows.summary.flowLogRecords == 4)
        let c = try #require(flows.connections.first)
        #expect(flows.connections.count == 1)
        #expect(
            "\(c.initiatorAddress):\(c.initiatorPort) \(c.responderAddress):\(c.responderPort)"
                == "10.244.1.2:40001 10.244.2.2:5432")
        #expect(
            [c.packetsFromInitiator, c.packetsFromResponder, c.bytesFromInitiator, c.bytesFromResponder] == [
                10, 6, 536, 328,
            ])
        #expect(c.flowLog?.aggregation == "4 NetFlow v9 records")
        // FIRST_SWITCHED 99000 ms of uptime, the header saying 100000 ms at the packet's UNIX second.
        let zero = Int64(Self.unixSeconds) * 1_000_000_000 - Int64(Self.uptime) * 1_000_000
        #expect(c.firstTimestamp == zero + 99_000_000_000 && c.lastTimestamp == zero + 99_500_000_000)
    }

    @Test func tsharkDecodesThePacket() throws {
        let (status, text) = try FlowLogFixtures.tshark(udpPayload: Self.packet(), port: 2055)
        #expect(status == 0)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("Version: 9"))
        let flows = try TrafficInputs.collect(paths: [try write(Self.packet())]).connections
        for c in flows {
            #expect(
                lines.contains("SrcAddr: \(c.initiatorAddress)") && lines.contains("DstAddr: \(c.responderAddress)"))
            #expect(
                lines.contains("Packets: \(c.packetsFromInitiator)")
                    && lines.contains("Octets: \(c.bytesFromInitiator)"))
        }
        #expect(!text.contains("Malformed"))
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = Scratch.path("one.nf9")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every packet's header is checked where the packet starts: here the second's, for its size and version.
    @Test(arguments: [
        (be(9, 2), "a packet header needs 20 bytes"),
        (be(10, 2) + [UInt8](repeating: 0, count: 18), "version 10, expected 9"),
    ])
    func aBadSecondHeaderIsRefusedWithItsPlace(header: [UInt8], message: String) {
        let first = Self.packet()
        #expect(throws: InputError(file: "two.nf9", "NetFlow v9 packet 2 at byte \(first.count): \(message)")) {
            _ = try NetFlowV9Reader.read(first + header, file: "two.nf9")
        }
    }

    @Test func aDataFlowSetWithoutItsTemplateIsRefused() throws {
        let bytes =
            Self.be(9, 2) + Self.be(1, 2) + [UInt8](repeating: 0, count: 16) + Self.be(300, 2) + Self.be(8, 2) + [
                0, 0, 0, 0,
            ]
        do {
            _ = try TrafficInputs.collect(paths: [try write(bytes)])
            Issue.record("accepted a data FlowSet without a template")
        } catch let error as InputError {
            #expect(
                error.description.contains(
                    "NetFlow v9 packet 1 at byte 20: data FlowSet 300 has no template from source 0"))
        }
    }
}
