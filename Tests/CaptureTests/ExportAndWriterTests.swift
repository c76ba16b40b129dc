import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

@Suite struct ExportAndWriterTests {
    @Test func exportWritesExactlyTheChosenConnectionsInOrder() throws {
        let dir = temporaryDirectory()
        try SampleCaptures.mixed().write(to: dir + "/mixed.pcap")
        let flows = try CaptureFlows.collect(paths: [dir + "/mixed.pcap"])
        let chosen = Set(flows.connections.filter { $0.proto == .tcp || $0.roce != nil }.map(\.id))
        let written = try PacketExport.write(connections: chosen, from: [dir + "/mixed.pcap"], to: dir + "/out.pcap")
        let expected = flows.connections.filter { chosen.contains($0.id) }.reduce(0) { $0 + Int($1.packets) }
        #expect(written.count == 1 && written[0].packets > 0)
        // Tunnelled packets count in their outer and inner connections but are written once.
        let again = try CaptureFlows.collect(paths: [dir + "/out.pcap"])
        #expect(again.summary.packetsRead == written[0].packets)
        #expect(
            again.connections.filter { $0.proto == .tcp || $0.roce != nil }.reduce(0) { $0 + Int($1.packets) }
                == expected)
        let original = try ReadTrace(paths: [dir + "/mixed.pcap"], path: .automatic).entries
        let exported = try ReadTrace(paths: [dir + "/out.pcap"], path: .automatic).entries
        let kept = original.filter { e in exported.contains { $0.timestamp == e.timestamp && $0.bytes == e.bytes } }
        #expect(kept.map(\.bytes) == exported.map(\.bytes))
        #expect(try runProcess("/usr/bin/tcpdump", ["-r", dir + "/out.pcap", "-nn"]).status == 0)
    }

    @Test func exportSplitsLinkTypesIntoSuffixedFiles() throws {
        let dir = temporaryDirectory()
        var s = TrafficScript()
        s.udpFlow(
            TrafficScript.Path(client: ip("10.0.0.1"), server: ip("10.0.0.2")), clientPort: 1, serverPort: 2,
            datagrams: 2, size: 9)
        try s.write(to: dir + "/eth.pcap")
        let raw = try CaptureWriter(path: dir + "/raw.pcapng", linkType: .raw)
        for i in 0..<3 {
            raw.write(
                timestamp: s.frames[0].timestamp + Int64(i) * 50_000,
                bytes: udpPacket("10.5.0.1", "10.5.0.2", 7, 8).packet)
        }
        try raw.finish()
        let inputs = [dir + "/eth.pcap", dir + "/raw.pcapng"]
        let flows = try CaptureFlows.collect(paths: inputs)
        #expect(flows.connections.count == 2)
        let written = try PacketExport.write(connections: [0, 1], from: inputs, to: dir + "/out.pcap")
        #expect(written.map(\.path) == [dir + "/out.pcap", dir + "/out.raw.pcap"])
        #expect(written.map(\.packets) == [4, 3])
        let back = try CaptureReader(paths: [dir + "/out.raw.pcap"])
        #expect(back.files[0].linkType == .raw)
    }

    @Test func writerLeavesNoPartialFile() throws {
        let dir = temporaryDirectory()
        do {
            let w = try CaptureWriter(path: dir + "/never.pcap", linkType: .ethernet)
            w.write(timestamp: 0, bytes: [1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
        #expect(throws: InputError.self) { try CaptureWriter(path: dir + "/no/such/dir/x.pcap", linkType: .ethernet) }
    }

    @Test func tcpdumpAndTsharkReadBothFormats() throws {
        let dir = temporaryDirectory()
        let script = SampleCaptures.mixed()
        for name in ["m.pcap", "m.pcapng"] {
            try script.write(to: dir + "/" + name)
            let dump = try runProcess("/usr/bin/tcpdump", ["-r", dir + "/" + name, "-nn", "-e"])
            #expect(dump.status == 0)
            let frames = try runProcess(
                "/usr/bin/tshark", ["-r", dir + "/" + name, "-T", "fields", "-e", "frame.number"])
            #expect(frames.stdout.split(separator: "\n").count == script.frames.count)
            #expect(dump.stdout.contains("vlan 20") && dump.stdout.contains("ethertype 802.1Q-QinQ"))
            let fields = try runProcess(
                "/usr/bin/tshark",
                [
                    "-r", dir + "/" + name, "-T", "fields", "-e", "vxlan.vni",
                    "-e", "infiniband.bth.destqp", "-Y", "vxlan or infiniband",
                ])
            #expect(fields.stdout.contains("4096") && fields.stdout.contains("0x0002b3"))
        }
    }

    /// The committed generated capture is exactly what `SampleCaptures.mixed()` writes.
    @Test func committedSampleCaptureIsReproducible() throws {
        let dir = temporaryDirectory()
        try SampleCaptures.mixed().write(to: dir + "/generated-mixed.pcap")
        let fresh = try Data(contentsOf: URL(fileURLWithPath: dir + "/generated-mixed.pcap"))
        let committed = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/captures/generated-mixed.pcap"))
        #expect(fresh == committed, "regenerate with: cp \(dir)/generated-mixed.pcap captures/")
    }
}
