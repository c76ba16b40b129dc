import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import FlowLogs

/// IPFIX: the generated capture's connections written as messages, read back, and decoded by
/// tshark's IPFIX dissector.
@Suite struct IPFIXTests {
    @Test func roundTrip() throws {
        let original = try WriterRoundTripTests.capture()
        let path = Scratch.path("synth.ipfix")
        try Data(IPFIXWriter.messages(original)).write(to: URL(fileURLWithPath: path))
        let back = try TrafficInputs.collect(paths: [path])
        #expect(back.files.map(\.format) == ["ipfix"])
        #expect(back.connections.map(WriterRoundTripTests.Kept.init) == original.map(WriterRoundTripTests.Kept.init))
        for (b, o) in zip(back.connections, original) {
            #expect(
                [b.packetsFromInitiator, b.packetsFromResponder, b.bytesFromInitiator, b.bytesFromResponder]
                    == [o.packetsFromInitiator, o.packetsFromResponder, o.bytesFromInitiator, o.bytesFromResponder])
            // One record each way that was seen; labeled when it is two.
            #expect(b.flowLog?.aggregation == (o.packetsFromResponder > 0 ? "2 IPFIX records" : nil))
        }
        #expect(back.summary.flowLogRecords == original.count + original.count { $0.packetsFromResponder > 0 })
    }

    /// tshark reads the same messages sent over UDP to the IPFIX port (4739, RFC 7011 section 10.3.4).
    @Test func tsharkDecodesTheMessages() throws {
        let original = try WriterRoundTripTests.capture()
        let messages = IPFIXWriter.messages(original)
        let (status, text) = try FlowLogFixtures.tshark(udpPayload: messages, port: 4739)
        #expect(status == 0)
        #expect(text.contains("Version: 10"))
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for c in original {
            #expect(lines.contains("SrcAddr: \(c.initiatorAddress)"), "\(c.fiveTuple)")
            #expect(lines.contains("DstAddr: \(c.responderAddress)"), "\(c.fiveTuple)")
            #expect(lines.contains { $0.hasPrefix("Packets: \(c.packetsFromInitiator)") }, "\(c.fiveTuple)")
            #expect(lines.contains { $0.hasPrefix("Octets: \(c.bytesFromInitiator)") }, "\(c.fiveTuple)")
        }
        #expect(!text.contains("Malformed"))
    }

    @Test(arguments: [
        ([0, 9, 0, 16] + [UInt8](repeating: 0, count: 12), "IPFIX message 1 at byte 0: version 9, expected 10"),
        ([0, 10, 0, 40] + [UInt8](repeating: 0, count: 12), "IPFIX message 1 at byte 0: length 40 runs past"),
        ([0, 10, 0, 16, 0, 0], "IPFIX message 1 at byte 0: a message header needs 16 bytes"),
        (
            [0, 10, 0, 16] + [UInt8](repeating: 0, count: 12) + [0, 9, 0, 16] + [UInt8](repeating: 0, count: 12),
            "IPFIX message 2 at byte 16: version 9, expected 10"
        ),
        (
            [0, 10, 0, 24] + [UInt8](repeating: 0, count: 12) + [1, 0, 0, 8, 0, 0, 0, 0],
            "at byte 16: data set 256 has no template"
        ),
        (
            [0, 10, 0, 24] + [UInt8](repeating: 0, count: 12) + [0, 2, 0, 30, 1, 0, 0, 1],
            "at byte 16: set length 30 runs past"
        ),
    ])
    func hostileMessagesAreRefusedWithTheirPlace(bytes: [UInt8], message: String) throws {
        let path = Scratch.path("hostile.ipfix")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TrafficInputs.collect(paths: [path], format: .ipfix)
            Issue.record("accepted \(bytes)")
        } catch let error as InputError {
            #expect(error.description.hasPrefix(path + ": "))
            #expect(error.description.contains(message))
        }
    }
}
