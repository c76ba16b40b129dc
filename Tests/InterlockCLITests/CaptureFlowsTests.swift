import Capture
import CaptureSynth
import Foundation
import InterlockCore
import TestSupport
import Testing

@Suite struct CaptureFlowsTests {
    static let captures = ["captures/netns-tcp-udp.pcap", "captures/generated-mixed.pcap"]

    @Test(arguments: captures)
    func jsonMatchesTheCommittedExpectation(_ capture: String) throws {
        let r = try CLIRunner.run(["capture", "flows", capture, "--format", "json"])
        #expect(r.status == 0)
        let expected = try String(
            contentsOfFile: CLIRunner.packageRoot.path + "/"
                + capture.replacingOccurrences(of: ".pcap", with: ".expected.json"), encoding: .utf8)
        #expect(r.stdout == expected)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let summary = json["summary"] as! [String: Any]
        let undecodable = (summary["undecodable"] as! [String: Int]).values.reduce(0, +)
        #expect(
            summary["packetsRead"] as! Int == (summary["decoded"] as! Int) + (summary["filtered"] as! Int) + undecodable
        )
    }

    @Test func filterAndMergeOfSeveralFiles() throws {
        let r = try CLIRunner.run(
            ["capture", "flows"] + CaptureFlowsTests.captures + ["--filter", "tcp", "--format", "json"])
        #expect(r.status == 0)
        let summary =
            (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["summary"] as! [String: Any]
        #expect(summary["packetsRead"] as! Int == 122)
        #expect((summary["filtered"] as! Int) > 0 && (summary["decoded"] as! Int) > 0)
    }

    /// `--threads N` prints what one thread prints, for `flows` and `analyze`, text and JSON.
    @Test(arguments: ["demo-clean", "demo-violations", "generated-mixed", "netns-tcp-udp"])
    func threadsPrintWhatOneThreadPrints(_ name: String) throws {
        let cluster = ["--cluster", "policies/demo/cluster", "--cluster", "captures/demo-pods.yaml"]
        for command in [["flows"], ["analyze"] + cluster] {
            for format in ["text", "json"] {
                let arguments = ["capture"] + command + ["captures/\(name).pcap", "--format", format]
                let one = try CLIRunner.run(arguments + ["--threads", "1"])
                #expect(one.status == 0 || (command[0] == "analyze" && one.status == 1))
                for threads in 2...4 {
                    let many = try CLIRunner.run(arguments + ["--threads", "\(threads)"])
                    #expect(many.status == one.status && many.stdout == one.stdout, "\(arguments) --threads \(threads)")
                }
            }
        }
        let bad = try CLIRunner.run(["capture", "flows", "captures/\(name).pcap", "--threads", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--threads must be at least 1"))
    }

    @Test func textAndCSV() throws {
        let text = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap"])
        #expect(text.status == 0 && text.stdout.contains("10.99.0.1:55254") && text.stdout.contains("61 packets read"))
        let csv = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id,protocol,initiator") == true && lines.count == 12)
    }

    /// A GRE-tunnelled session, MPLS-labelled traffic, a fragment sent before its first fragment and
    /// a frame cut after its ports, through the binary: the JSON names the tunnel, counts the cut
    /// frame and leaves no orphan.
    @Test func tunnelsFragmentsAndCutFramesInJSON() throws {
        var s = TrafficScript()
        let gre = TrafficScript.Path(
            client: IPAddress("10.7.0.1")!, server: IPAddress("10.7.0.2")!,
            encapsulation: .ip(.gre(key: 12), clientEnd: IPAddress("192.0.2.1")!, serverEnd: IPAddress("192.0.2.2")!))
        s.tcpSession(gre, clientPort: 40000, serverPort: 22, exchanges: [(64, 64)])
        let mpls = TrafficScript.Path(
            client: IPAddress("10.8.0.1")!, server: IPAddress("10.8.0.2")!,
            encapsulation: .shim(.mpls(labels: [100, 200])))
        s.udpFlow(mpls, clientPort: 5000, serverPort: 53, datagrams: 1, size: 20, replies: true)
        s.fragmentedUDP(
            TrafficScript.Path(client: IPAddress("10.9.0.1")!, server: IPAddress("10.9.0.2")!), clientPort: 6000,
            serverPort: 7000, size: 3000, fragmentSize: 1480, identification: 9, lastFirst: true)
        let path = Scratch.path("tunnels.pcap")
        let writer = try CaptureWriter(path: path, linkType: .ethernet)
        for (i, f) in s.frames.enumerated() {
            // The GRE session's third frame (the client's ACK) cut 4 bytes into the inner TCP header.
            let bytes = i == 2 ? Array(f.bytes.prefix(14 + 20 + 8 + 20 + 4)) : f.bytes
            writer.write(timestamp: f.timestamp, bytes: bytes, originalLength: f.bytes.count)
        }
        try writer.finish()
        let r = try CLIRunner.run(["capture", "flows", path, "--format", "json"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let summary = json["summary"] as! [String: Any]
        #expect(summary["packetsRead"] as! Int == s.frames.count && summary["decoded"] as! Int == s.frames.count)
        #expect(summary["truncated"] as! Int == 1 && (summary["undecodable"] as! [String: Int]).isEmpty)
        let connections = json["connections"] as! [[String: Any]]
        let inner = connections.first { $0["initiator"] as! String == "10.7.0.1" }!
        let tunnel = inner["tunnel"] as! [String: Any]
        #expect(tunnel["kind"] as! String == "gre" && tunnel["id"] as! Int == 12)
        #expect(inner["truncatedPackets"] as! Int == 1)
        let fragmented = connections.first { $0["initiator"] as! String == "10.9.0.1" }!
        #expect(fragmented["laterFragments"] as! Int == 2 && fragmented["firstPacket"] as! Int == s.frames.count - 2)
        #expect(connections.contains { $0["initiator"] as! String == "10.8.0.1" && $0["tunnel"] == nil })
        let text = try CLIRunner.run(["capture", "flows", path])
        #expect(text.stdout.contains("gre 12, 1 truncated") && text.stdout.contains("truncated: 1 packets"))
    }

    @Test func badInputExitsTwoWithOneLineNamingTheFile() throws {
        let missing = try CLIRunner.run(["capture", "flows", "captures/none.pcap"])
        #expect(
            missing.status == 2 && missing.stderr.contains("captures/none.pcap")
                && missing.stderr.split(separator: "\n").count == 1)
        let notCapture = try CLIRunner.run(["capture", "flows", "README.md"])
        #expect(notCapture.status == 2 && notCapture.stderr.hasPrefix("error: README.md: "))
        let filter = try CLIRunner.run([
            "capture", "flows", "captures/netns-tcp-udp.pcap", "--filter", "tcp port http2x",
            "-o", "/tmp/interlock-never.json",
        ])
        #expect(filter.status == 2 && filter.stderr.contains("--filter"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/interlock-never.json"))
        let format = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap", "--format", "dot"])
        #expect(format.status == 2)
        let timeout = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap", "--udp-timeout", "soon"])
        #expect(timeout.status == 2)
    }
}
