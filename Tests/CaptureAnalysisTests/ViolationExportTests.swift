import Capture
import CaptureAnalysis
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

/// `--write-violations`: exactly the packets of the connections behind findings, in their original
/// order, one file per link type.
@Suite struct ViolationExportTests {
    /// Every record of `paths` as (timestamp, bytes, link type), optionally only those whose
    /// attribution `keep` accepts.
    static func records(_ paths: [String], keep: ((PacketAttribution?) -> Bool)? = nil) throws -> [(
        Int64, [UInt8], LinkType
    )] {
        let reader = try CaptureReader(paths: paths)
        var out: [(Int64, [UInt8], LinkType)] = []
        var summary = ReadSummary()
        CaptureScan.run(reader: reader, tracker: ConnectionTracker(), summary: &summary) { record, attribution in
            guard keep?(attribution) ?? true else { return }
            out.append(
                (
                    record.timestamp,
                    Array(UnsafeRawBufferPointer(start: record.bytes.base, count: record.bytes.count)),
                    record.linkType
                ))
        }
        return out
    }

    @Test func writesExactlyTheViolatingPackets() throws {
        var s = TrafficScript()
        s.tcpSession(
            Fixture.path("10.244.1.2", "10.244.2.2"), clientPort: 40000, serverPort: 5432, exchanges: [(100, 200)])
        s.tcpSession(
            Fixture.path("10.244.1.3", "10.244.2.3"), clientPort: 40001, serverPort: 9000, exchanges: [(100, 200)])
        let tunnel = TrafficScript.VXLANTunnel(
            vni: 1, clientVTEP: IPAddress("10.10.0.1")!, serverVTEP: IPAddress("10.10.0.2")!)
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.244.1.3")!, server: IPAddress("10.244.2.3")!, vxlan: tunnel),
            clientPort: 40002, serverPort: 9000, exchanges: [(100, 200)])
        s.tcpSession(
            Fixture.path("10.244.1.2", "10.244.2.2"), clientPort: 40003, serverPort: 5432, exchanges: [(100, 200)])
        let eth = try Fixture.write(s)
        // A second input of another link type (raw IP) with one denied datagram.
        let raw = Scratch.path("raw.pcap")
        let writer = try CaptureWriter(path: raw, linkType: .raw)
        let datagram = PacketBuilder.ip(
            source: IPAddress("10.244.1.3")!, destination: IPAddress("10.244.2.3")!, proto: .udp,
            payload: PacketBuilder.udp(
                source: IPAddress("10.244.1.3")!, destination: IPAddress("10.244.2.3")!,
                sourcePort: 40100, destinationPort: 9000, payload: [1, 2, 3]))
        writer.write(timestamp: s.frames.last!.timestamp + 1, bytes: datagram.packet)
        try writer.finish()

        let inputs = [eth, raw]
        let flows = try CaptureFlows.collect(paths: inputs)
        let analysis = try CaptureAnalyzer(engine: Fixture.engine, fabric: Fixture.fabric).analyze(flows)
        #expect(analysis.findings.count == 2)
        let out = Scratch.path("violations.pcap")
        let written = try PacketExport.write(connections: analysis.violatingConnections, from: inputs, to: out)
        let suffixed = out.replacingOccurrences(of: ".pcap", with: ".raw.pcap")
        #expect(written.map(\.path) == [out, suffixed])

        let violating = analysis.violatingConnections
        let expected = try Self.records(inputs) { a in
            guard let a else { return false }
            return violating.contains(a.connection) || violating.contains(a.innerConnection)
        }
        let back = try Self.records([out, suffixed])
        #expect(back.count == expected.count)
        #expect(back.count == 9 + 9 + 1)
        #expect(zip(back, expected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 })
        // Allowed traffic is not written.
        #expect(
            !back.contains { r in
                r.1.count > 40 && r.2 == .ethernet && r.1[36..<38] == [0x15, 0x38] && r.1[30..<34] == [10, 244, 2, 2]
            })
        #expect(written.map(\.packets) == [18, 1])
    }
}
