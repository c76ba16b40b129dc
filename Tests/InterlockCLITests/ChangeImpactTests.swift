import Capture
import CaptureSynth
import Foundation
import InterlockCore
import Testing

/// `policy diff --capture --intents` and `check --capture`: what a change does to observed
/// traffic and to the intents, on a capture written by the project's own packet builder.
@Suite struct ChangeImpactTests {
    /// Trainer pod 0 (10.244.1.10) opens c10d to trainer 1 (10.244.2.10:29500), HTTPS to the internet,
    /// and RoCEv2 runs on the RDMA network (the UDP flow's datagrams go both ways).
    static func writeCapture(_ path: String) throws {
        var s = TrafficScript()
        let trainers = TrafficScript.Path(client: IPAddress("10.244.1.10")!, server: IPAddress("10.244.2.10")!)
        s.tcpSession(trainers, clientPort: 41000, serverPort: 29500, exchanges: [(200, 100)])
        s.tcpSession(
            TrafficScript.Path(client: IPAddress("10.244.1.10")!, server: IPAddress("1.1.1.1")!),
            clientPort: 41001, serverPort: 443, exchanges: [(500, 4000)])
        s.udpFlow(
            TrafficScript.Path(client: IPAddress("192.168.200.11")!, server: IPAddress("192.168.200.12")!),
            clientPort: 49152, serverPort: 4791, datagrams: 3, size: 1024)
        try s.write(to: path)
    }

    static func proposal(in dir: URL) throws -> String {
        let after = dir.appendingPathComponent("after")
        try FileManager.default.createDirectory(at: after, withIntermediateDirectories: true)
        try """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: training}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: https-out, namespace: training}
        spec:
          podSelector: {matchLabels: {app: trainer}}
          policyTypes: [Egress]
          egress:
          - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
            ports: [{port: 443}]
        """.write(to: after.appendingPathComponent("training.yaml"), atomically: true, encoding: .utf8)
        return after.path
    }

    static let intents = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: t}
        spec:
          zones:
          - {name: trainers, namespace: training, podLabels: {app: trainer}}
          - {name: internet, builtin: internet}
          rules:
          - {id: no-https-out, deny: {from: trainers, to: internet, traffic: TCP/443}}
          - {id: c10d, require: {from: trainers, to: trainers, traffic: TCP/29500}, severity: medium}
        """

    @Test func aChangeThatBlocksObservedTrafficAndBreaksIntents() throws {
        let dir = try CheckCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("c.pcap").path
        try Self.writeCapture(pcap)
        let intents = dir.appendingPathComponent("intents.yaml")
        try Self.intents.write(to: intents, atomically: true, encoding: .utf8)
        let after = try Self.proposal(in: dir)
        let r = try CLIRunner.run([
            "policy", "diff", "policies/demo/cluster", after, "--capture", pcap, "--intents", intents.path,
        ])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "Impact on observed traffic: 1 blocked, 1 newly allowed, 0 unchanged, 2 not on this network\n"))
        #expect(
            r.stdout.contains(
                "blocked (allowed before, denied after):\n  training/llama-pretrain[Job] (pod llama-pretrain-0-x1k9p) (10.244.1.10) -> training/llama-pretrain[Job] (pod llama-pretrain-1-x2k9p) (10.244.2.10):29500 TCP: 9 packets, frames 1-9 in \(pcap)\n"
            ))
        #expect(
            r.stdout.contains(
                "newly allowed (denied before, allowed after):\n  training/llama-pretrain[Job] (pod llama-pretrain-0-x1k9p) (10.244.1.10) -> 1.1.1.1:443 TCP"
            ))
        // Both intents are broken at the new policy's egress rule: it lets HTTPS out, and it is the
        // closest rule to admitting c10d (its ipBlock holds the trainers, its port does not).
        #expect(
            r.stdout.contains(
                "[high] no-https-out: training/llama-pretrain[Job] reaches 1.0.0.0-9.255.255.255 (+14 more) on TCP 443 (\(after)/training.yaml:13)"
            ))
        #expect(
            r.stdout.contains(
                "[medium] c10d: training/llama-pretrain[Job] cannot reach training/llama-pretrain[Job] on TCP 29500 (\(after)/training.yaml:13)"
            ))
        let json = try CLIRunner.run([
            "policy", "diff", "policies/demo/cluster", after, "--capture", pcap, "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let impact = try #require(object["impact"] as? [String: Any])
        #expect((impact["blocked"] as? [[String: Any]])?.first?["port"] as? Int == 29500)
        #expect((object["diff"] as? [Any])?.isEmpty == false)
    }

    @Test func checkJudgesACapturesConnections() throws {
        let dir = try CheckCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("c.pcap").path
        try Self.writeCapture(pcap)
        let r = try CLIRunner.run(["check", "policies/demo", "--capture", pcap, "--format", "json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let fromCapture = findings.filter { ($0["evidence"] as? [String: Any])?["source"] as? String == pcap }
        let observed = fromCapture.filter { $0["kind"] as? String == "intent-violation" }
        // The trainer's HTTPS to the internet breaks llm-stays-internal, whatever the policies say.
        #expect(observed.count == 1)
        #expect(observed.first?["ruleId"] as? String == "llm-stays-internal")
        let evidence = try #require(observed.first?["evidence"] as? [String: Any])
        #expect(
            evidence["packets"] as? Int == 9 && evidence["firstPacket"] as? Int == 10
                && evidence["source"] as? String == pcap)
        #expect(
            (object["summary"] as? [String: Any]).flatMap { ($0["figures"] as? [String: String])?["capture \(pcap)"] }
                == "24 packets, 4 connections, 1 denied by policy")
        // The capture is also judged as `capture analyze` judges it: the policy denial is among them.
        #expect(fromCapture.contains { $0["kind"] as? String == "denied-but-observed" })
    }
}

/// `policy diff --capture` on a flow log: the change judged on the logged connections, with the
/// log's lines as evidence and its unknown counts said so.
@Suite struct FlowLogChangeImpactTests {
    @Test func aChangeJudgedOnAHubbleLog() throws {
        let dir = try CheckCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The proposal drops db's only allow rule: web's connections to pg become denied.
        let before = "captures/flowlogs/shop-cluster.yaml"
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent(before), encoding: .utf8)
        let cut = try #require(
            text.range(of: "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-from-web"))
        let after = dir.appendingPathComponent("after.yaml")
        try String(text[..<cut.lowerBound]).write(to: after, atomically: true, encoding: .utf8)
        let log = "captures/flowlogs/hubble-shop.jsonl"
        let r = try CLIRunner.run(["policy", "diff", before, after.path, "--capture", log])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("Impact on observed traffic: 3 blocked, 0 newly allowed, 3 unchanged"), "\(r.stdout)")
        #expect(r.stdout.contains(":5432 TCP: packets unknown, lines 1-3 in \(log)\n"), "\(r.stdout)")
        #expect(r.stdout.contains(":5432 TCP: packets unknown, lines 7-7 in \(log)\n"), "\(r.stdout)")
    }
}
