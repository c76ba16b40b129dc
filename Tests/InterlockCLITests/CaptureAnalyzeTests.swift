import Foundation
import TestSupport
import Testing

/// `capture analyze` and `capture synth` on the bundled demo: the committed captures are what
/// `synth` writes, and their analysis is exactly the committed findings.
@Suite struct CaptureAnalyzeTests {
    static let cluster = [
        "--cluster", "policies/demo/cluster", "--cluster", "captures/demo-pods.yaml",
        "--topology", "topologies/dgx-h100-1su.yaml",
    ]
    static let acls = ["--acls", "captures/demo-acls.yaml"]

    static func temporary(_ name: String) -> String {
        Scratch.path(name)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test(arguments: ["clean", "violations"])
    func synthWritesTheCommittedCapture(_ scenario: String) throws {
        let out = Self.temporary("\(scenario).pcap")
        let r = try CLIRunner.run(["capture", "synth"] + Self.cluster + ["--scenario", scenario, "-o", out])
        #expect(r.status == 0 && r.stdout.hasPrefix("\(out): "))
        let committed = try Data(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("captures/demo-\(scenario).pcap"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == committed)
    }

    @Test(arguments: [("clean", Int32(0)), ("violations", Int32(1))])
    func analysisMatchesTheCommittedFindings(_ scenario: String, _ status: Int32) throws {
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-\(scenario).pcap"] + Self.cluster + Self.acls
                + ["--format", "json"])
        #expect(r.status == status)
        let expected = try String(
            contentsOfFile: CLIRunner.packageRoot.path + "/captures/demo-\(scenario).findings.json", encoding: .utf8)
        #expect(r.stdout == expected)
    }

    @Test func violationsHoldTheDemoMistakes() throws {
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-violations.pcap"] + Self.cluster + Self.acls + ["--format", "json"])
        let json = try Self.object(r.stdout)
        let findings = json["findings"] as! [[String: Any]]
        func find(_ kind: String, _ destination: String, _ port: Int) -> [String: Any]? {
            findings.first { f in
                let d = f["destination"] as? [String: Any]
                return f["kind"] as? String == kind && d?["address"] as? String == destination
                    && d?["port"] as? Int == port
            }
        }
        // Mistake 3: vLLM admits the gateway on a port name it does not have.
        let vllm = try #require(find("denied-but-observed", "10.244.5.10", 8000))
        #expect(vllm["severity"] as? String == "medium" && vllm["ruleId"] as? String == "NetworkPolicy inference/vllm")
        #expect(
            (vllm["location"] as! [String: Any])["file"] as? String == "policies/demo/cluster/netpol/inference.yaml")
        // Mistake 2: Prometheus cannot scrape the trainers. The finding names the rule the scrape
        // needed (its port matches, its peers do not), not the first policy that selects the pod.
        let scrape = try #require(find("denied-but-observed", "10.244.1.10", 9400))
        #expect(scrape["ruleId"] as? String == "NetworkPolicy training/allow-metrics-scrape")
        let scrapeAt = scrape["location"] as! [String: Any]
        #expect(
            scrapeAt["file"] as? String == "policies/demo/cluster/netpol/training.yaml"
                && scrapeAt["line"] as? Int == 63)
        #expect(
            (scrape["reasons"] as! [[String: Any]]).contains {
                ($0["text"] as! String).hasPrefix(
                    "closest rule: NetworkPolicy training/allow-metrics-scrape ingress rule 0 matches TCP/9400 but not")
            })
        #expect(find("unenforceable", "192.168.200.11", 4791)?["network"] as? String == "training/rdma-rail")
        #expect(find("acl-violation", "10.20.0.33", 22) != nil)
        let summary = json["summary"] as! [String: Any]
        #expect(
            summary["byKind"] as! [String: Int] == [
                "acl-violation": 1, "denied-but-observed": 3, "unenforceable": 1,
                "unknown-endpoint": 2, "wrong-plane": 4,
            ])
    }

    @Test func jsonSchema() throws {
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-violations.pcap"] + Self.cluster + ["--format", "json"])
        let json = try Self.object(r.stdout)
        #expect(Set(json.keys) == ["summary", "findings", "warnings", "capture", "analysis", "violations"])
        let findings = json["findings"] as! [[String: Any]]
        #expect((json["summary"] as! [String: Any])["findings"] as? Int == findings.count)
        for f in findings {
            #expect(
                ["denied-but-observed", "unenforceable", "acl-violation", "unknown-endpoint", "wrong-plane"].contains(
                    f["kind"] as! String))
            #expect(["high", "medium", "low", "info"].contains(f["severity"] as! String))
            let e = f["evidence"] as! [String: Any]
            #expect((e["packets"] as! Int) > 0 && (e["firstPacket"] as! Int) <= (e["lastPacket"] as! Int))
            #expect(e["source"] as? String == "captures/demo-violations.pcap" && !(e["connections"] as! [Int]).isEmpty)
            #expect((e["firstTimestampNs"] as! Int) <= (e["lastTimestampNs"] as! Int) && e["displayFilter"] is String)
        }
        let capture = json["capture"] as! [String: Any]
        let undecodable = (capture["undecodable"] as! [String: Int]).values.reduce(0, +)
        #expect(
            capture["packetsRead"] as! Int == (capture["decoded"] as! Int) + (capture["filtered"] as! Int) + undecodable
        )
        let analysis = json["analysis"] as! [String: Any]
        #expect(analysis["plane"] is NSNull && (analysis["judged"] as! Int) > 0)
        #expect(!(analysis["violatingConnections"] as! [Int]).isEmpty)
    }

    @Test func writeViolationsRoundTrip() throws {
        let out = Self.temporary("violations.pcap")
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-violations.pcap"] + Self.cluster + Self.acls
                + ["--write-violations", out, "--format", "json"])
        #expect(r.status == 1)
        let json = try Self.object(r.stdout)
        let written = json["violations"] as! [[String: Any]]
        #expect(written.count == 1 && written[0]["path"] as? String == out)
        let packets = written[0]["packets"] as! Int
        // The file reads back with every packet, and holds exactly the violating connections.
        let back = try CLIRunner.run(["capture", "flows", out, "--format", "json"])
        let summary = (try Self.object(back.stdout))["summary"] as! [String: Any]
        #expect(back.status == 0 && summary["packetsRead"] as? Int == packets && summary["decoded"] as? Int == packets)
        let evidence = (json["findings"] as! [[String: Any]]).map { $0["evidence"] as! [String: Any] }
        let inFindings = Set(evidence.flatMap { $0["connections"] as! [Int] })
        #expect(inFindings == Set((json["analysis"] as! [String: Any])["violatingConnections"] as! [Int]))
        // Re-analyzing only the violations finds the same problems again.
        let again = try CLIRunner.run(["capture", "analyze", out] + Self.cluster + Self.acls + ["--format", "json"])
        let againKinds = ((try Self.object(again.stdout))["summary"] as! [String: Any])["byKind"] as! [String: Int]
        #expect(again.status == 1 && againKinds == ((json["summary"] as! [String: Any])["byKind"] as! [String: Int]))
        // tcpdump reads what libpcap's writer wrote.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/tcpdump") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/tcpdump")
            p.arguments = ["-r", out, "-w", "/dev/null"]
            p.standardError = Pipe()
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
    }

    @Test func cleanRunWritesAnEmptyViolationsFileAndExitsZero() throws {
        let out = Self.temporary("none.pcap")
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-clean.pcap"] + Self.cluster + Self.acls
                + ["--write-violations", out])
        #expect(r.status == 0 && r.stdout.hasPrefix("no findings\n"))
        #expect(r.stdout.contains("violations written: \(out) (0 packets)"))
        let back = try CLIRunner.run(["capture", "flows", out])
        #expect(back.status == 0 && back.stdout.contains("0 packets read"))
    }

    @Test func textReportAndFilter() throws {
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-violations.pcap"] + Self.cluster + ["--limit", "2"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[high] unenforceable: denied by policy, but nothing on its path can stop it"))
        #expect(r.stdout.contains("more (see the full report)"))
        // Only SSH: the compute fabric's SSH and the unknown host's probe remain.
        let ssh = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-violations.pcap"] + Self.cluster
                + ["--filter", "tcp port 22", "--format", "json"])
        let kinds = ((try Self.object(ssh.stdout))["summary"] as! [String: Any])["byKind"] as! [String: Int]
        #expect(kinds == ["unknown-endpoint": 1, "wrong-plane": 1])
    }

    @Test func givenPlane() throws {
        // Told that everything was captured on the compute fabric, the front-end traffic is out of place.
        let r = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-clean.pcap"] + Self.cluster + [
                "--plane", "compute", "--format", "json",
            ])
        #expect(r.status == 1)
        let json = try Self.object(r.stdout)
        #expect((json["analysis"] as! [String: Any])["plane"] as? String == "compute")
        #expect(((json["summary"] as! [String: Any])["byKind"] as! [String: Int])["wrong-plane"] != nil)
        let network = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-clean.pcap"] + Self.cluster
                + ["--plane", "training/rdma-rail", "--format", "json"])
        let analysis = (try Self.object(network.stdout))["analysis"] as! [String: Any]
        // A secondary network's plane is the compute fabric (an SR-IOV RDMA network).
        #expect(network.status == 1 && analysis["planes"] as! [String: Int] == ["compute": analysis["judged"] as! Int])
    }

    @Test func badInputExitsTwo() throws {
        let out = Self.temporary("never.json")
        let noCluster = try CLIRunner.run(["capture", "analyze", "captures/demo-clean.pcap"])
        #expect(noCluster.status == 2 && noCluster.stderr.contains("--cluster"))
        let plane = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-clean.pcap"] + Self.cluster + ["--plane", "mars", "-o", out])
        #expect(
            plane.status == 2 && plane.stderr.contains("unknown --plane 'mars'")
                && plane.stderr.contains("training/rdma-rail"))
        let notCapture = try CLIRunner.run(["capture", "analyze", "README.md"] + Self.cluster + ["-o", out])
        #expect(notCapture.status == 2 && notCapture.stderr.hasPrefix("error: README.md: "))
        let badACL = try CLIRunner.run(
            ["capture", "analyze", "captures/demo-clean.pcap"] + Self.cluster
                + ["--acls", "policies/demo/cluster/nodes.yaml", "-o", out])
        #expect(badACL.status == 2 && badACL.stderr.contains("nodes.yaml"))
        let badTopology = try CLIRunner.run([
            "capture", "analyze", "captures/demo-clean.pcap", "--cluster", "policies/demo/cluster",
            "--topology", "README.md", "-o", out,
        ])
        #expect(badTopology.status == 2 && badTopology.stderr.contains("README.md"))
        let missing = try CLIRunner.run([
            "capture", "analyze", "captures/demo-clean.pcap", "--cluster", "policies/none",
        ])
        #expect(missing.status == 2 && missing.stderr.contains("policies/none"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let scenario = try CLIRunner.run(["capture", "synth"] + Self.cluster + ["--scenario", "chaos", "-o", out])
        #expect(
            scenario.status == 2
                && scenario.stderr
                    == "error: The value 'chaos' is invalid for '--scenario <scenario>'. Please provide one of 'clean' and 'violations'.\n"
        )
        let unwritable = try CLIRunner.run(
            ["capture", "synth"] + Self.cluster + ["--scenario", "clean", "-o", "/nonexistent/x.pcap"])
        #expect(unwritable.status == 2 && unwritable.stderr.contains("/nonexistent/x.pcap"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
