import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

/// `interlock capture formats` renders the decoder's one table, and the README's list is that table.
@Suite struct CaptureFormatsTests {
    /// The README's block between its `BEGIN capture formats` and `END capture formats` markers.
    static func readmeBlock() throws -> String {
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- BEGIN capture formats"))
        let afterBegin = try #require(text[begin.upperBound...].range(of: "-->\n"))
        let end = try #require(text.range(of: "<!-- END capture formats -->"))
        return String(text[afterBegin.upperBound..<end.lowerBound])
    }

    @Test func readmeListIsTheTableInMarkdown() throws {
        let r = try CLIRunner.run(["capture", "formats", "--format", "markdown"])
        #expect(r.status == 0)
        #expect(r.stdout == SupportedEncapsulations.markdown())
        #expect(
            try CaptureFormatsTests.readmeBlock() == r.stdout, "regenerate with: interlock capture formats --format md")
    }

    @Test func textAndJSONListEveryLinkType() throws {
        let text = try CLIRunner.run(["capture", "formats"])
        #expect(text.status == 0)
        let json = try CLIRunner.run(["capture", "formats", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let dlts = Set(rows.flatMap { ($0["dlt"] as? [Int]) ?? [] })
        for linkType in SupportedEncapsulations.linkTypes {
            #expect(dlts.contains(Int(linkType.rawValue)))
            #expect(text.stdout.contains("  \(linkType)  "), "\(linkType)")
        }
        #expect(rows.contains { $0["layer"] as? String == "encapsulation" && $0["name"] as? String == "vxlan" })
    }

    /// An 802.11 capture through the binary: data frames decoded, the link type named, a protected
    /// frame counted as encrypted and a management frame as non-IP.
    @Test func wirelessCaptureThroughTheBinary() throws {
        let packet = PacketBuilder.ip(
            source: IPAddress("10.0.0.1")!, destination: IPAddress("10.0.0.2")!, proto: .udp,
            payload: PacketBuilder.udp(
                source: IPAddress("10.0.0.1")!, destination: IPAddress("10.0.0.2")!, sourcePort: 5000,
                destinationPort: 53, payload: [1, 2, 3, 4]))
        let data = try #require(
            PacketBuilder.linkFrame(.ieee80211, ip: packet.packet, etherType: packet.etherType, variant: 1))
        var protected = data
        protected[1] |= 0x40
        let beacon: [UInt8] =
            [0x80, 0x00, 0, 0] + [UInt8](repeating: 0xFF, count: 6) + [UInt8](repeating: 2, count: 14)
        let path = Scratch.directory() + "/wifi.pcap"
        let writer = try CaptureWriter(path: path, linkType: .ieee80211)
        for (i, frame) in [data, protected, beacon, data].enumerated() {
            writer.write(timestamp: Int64(i) * 1000, bytes: frame)
        }
        try writer.finish()
        let r = try CLIRunner.run(["capture", "flows", path, "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["decoded"] as? Int == 2)
        #expect(summary["undecodable"] as? [String: Int] == ["encrypted": 1, "non-ip": 1])
        #expect(r.stdout.contains("\"linkType\": \"ieee802-11\""))
    }
}
