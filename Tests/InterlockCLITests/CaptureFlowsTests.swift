import Foundation
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

    @Test func textAndCSV() throws {
        let text = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap"])
        #expect(text.status == 0 && text.stdout.contains("10.99.0.1:55254") && text.stdout.contains("61 packets read"))
        let csv = try CLIRunner.run(["capture", "flows", "captures/netns-tcp-udp.pcap", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id,protocol,initiator") == true && lines.count == 12)
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
