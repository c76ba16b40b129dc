import Foundation
import InterlockCore
import TestSupport
import Testing

@testable import Capture

/// `capture flows` JSON and CSV written straight to bytes are the reports of the `JSON` value:
/// JSON byte for byte, CSV field for field (read back as RFC 4180), on the recorded captures and a
/// generated one read from a path with quotes, commas, control characters and non-ASCII in it.
@Suite struct ConnectionReportBytesTests {
    static let recorded = ["demo-clean", "demo-violations", "generated-mixed", "netns-tcp-udp"]

    static func flows(_ name: String) throws -> CaptureFlows {
        if recorded.contains(name) {
            return try CaptureFlows.collect(paths: [packageRoot + "/captures/\(name).pcap"])
        }
        let path = Scratch.directory() + "/busy \"quoted\", tab\t ctl\u{1} é.pcap"
        try ParallelScanTests.busy().write(to: path)
        return try CaptureFlows.collect(paths: [path, packageRoot + "/captures/netns-tcp-udp.pcap"])
    }

    @Test(arguments: recorded + ["generated"]) func jsonBytesAreTheSerializedValue(_ name: String) throws {
        let flows = try Self.flows(name)
        var pieces: [UInt8] = []
        let out = ByteWriter(chunk: 4096) { pieces += $0 }
        ConnectionReport.json(flows, to: out)
        out.finish()
        #expect(String(decoding: pieces, as: UTF8.self) == ConnectionReport.json(flows).serialized())
    }

    @Test(arguments: recorded + ["generated"]) func csvRowsReadBackAsTheJSONValues(_ name: String) throws {
        let flows = try Self.flows(name)
        let rows = Self.parseRFC4180(ConnectionReport.csv(flows))
        #expect(rows.first == ConnectionReport.csvHeader)
        #expect(rows.count == flows.connections.count + 1)
        for (row, c) in zip(rows.dropFirst(), flows.connections) {
            let j = ConnectionReport.json(c)
            let expected = [
                ["id"], ["protocol"], ["initiator"], ["initiatorPort"], ["responder"], ["responderPort"], ["vlan"],
                ["innerVlan"], ["tunnel", "kind"], ["tunnel", "id"], ["direction"], ["packets", "fromInitiator"],
                ["bytes", "fromInitiator"], ["packets", "fromResponder"], ["bytes", "fromResponder"],
                ["firstTimestamp"], ["lastTimestamp"], ["firstPacket"], ["lastPacket"], ["tcpState"],
                ["roce", "destinationQP"], ["communityId"],
            ].map { Self.text(j, $0) }
            #expect(row == expected)
        }
    }

    /// The member at `path` as a CSV field shows it: a string's text, a number's digits, `""` when
    /// null or absent.
    static func text(_ value: JSON, _ path: [String]) -> String {
        guard let name = path.first else {
            switch value {
            case .string(let s): return s
            case .int(let i): return String(i)
            default: return ""
            }
        }
        guard case .object(let fields) = value, let member = fields.first(where: { $0.0 == name }) else { return "" }
        return text(member.1, Array(path.dropFirst()))
    }

    /// Records of RFC 4180 text (LF line breaks): quoted fields may hold commas, quotes (doubled)
    /// and line breaks.
    static func parseRFC4180(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var bytes = Array(text.utf8)[...]
        while let b = bytes.popFirst() {
            if quoted {
                if b != UInt8(ascii: "\"") {
                    field.append(b)
                } else if bytes.first == UInt8(ascii: "\"") {
                    field.append(bytes.removeFirst())
                } else {
                    quoted = false
                }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") || b == UInt8(ascii: "\n") {
                row.append(String(decoding: field, as: UTF8.self))
                field = []
                if b == UInt8(ascii: "\n") {
                    rows.append(row)
                    row = []
                }
            } else {
                field.append(b)
            }
        }
        return rows
    }
}
