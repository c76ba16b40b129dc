import Findings
import Foundation
import InterlockCore
import Testing

@testable import Scenario

/// The demo scenario's dynamic inputs: its capture judged by the policies, the ACLs in force when
/// it was taken and the plane rules, and checked against the intents; its jobs simulated, judged
/// and checked, their link loads kept for the HTML report.
@Suite struct DemoTrafficTests {
    func run() throws -> CheckOutcome { try DemoScenarioTests.fullOutcome.get() }

    /// The line of the scenario file that holds `text`.
    func scenarioLine(of text: String) throws -> Int {
        let lines = try String(contentsOfFile: DemoScenarioTests.demo + "/scenario.yaml", encoding: .utf8).components(
            separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func theCaptureIsJudgedUnderTheACLsOfItsDay() throws {
        let findings = try run().report.findings
        let kinds = Set(findings.map(\.kind.rawValue))
        #expect(kinds.isSuperset(of: ["denied-but-observed", "wrong-plane", "unknown-endpoint", "acl-violation"]))
        // The storage network's SSH block is in the capture's ACLs (captures/demo-acls.yaml), not in fabric.yaml.
        let acl = try #require(findings.first { $0.kind == .aclViolation })
        #expect(acl.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line)" } == "demo-acls.yaml:14")
        #expect(acl.evidence?.source?.hasSuffix("captures/demo-violations.pcap") == true)
        // Findings with no rule of their own point at the scenario line that names the capture.
        let line = try scenarioLine(of: "demo-violations.pcap")
        let wrongPlane = findings.filter { $0.kind == .wrongPlane }
        #expect(
            !wrongPlane.isEmpty
                && wrongPlane.allSatisfy {
                    $0.location?.line == line && $0.location?.file.hasSuffix("scenario.yaml") == true
                })
    }

    @Test func capturedConnectionsAreCheckedAgainstTheIntents() throws {
        let findings = try run().report.findings
        let ssh = try #require(findings.first { $0.ruleID == "ai-infra-baseline/storage-protocols-only" })
        #expect(ssh.kind == .intentViolation && ssh.network == "storage" && ssh.destination?.port == 22)
        #expect(
            ssh.evidence?.source?.hasSuffix("captures/demo-violations.pcap") == true && (ssh.evidence?.packets ?? 0) > 0
        )
    }

    @Test func jobsAreSimulatedJudgedAndLoadTheFabric() throws {
        let outcome = try run()
        // jobs.yaml: two jobs of P = 4 nodes with 8 GPUs; all-to-all with PXN makes one flow per
        // (source node, destination node, rail): 2 · P(P−1) · 8.
        let figure = try #require(outcome.figures.first { $0.name.hasPrefix("jobs ") })
        #expect(figure.value.hasPrefix("2 jobs, 64 ranks, all-to-all (PXN), 1.00 GiB: \(2 * 4 * 3 * 8) flows"))
        // vLLM's ingress admits the gateway only: its ranks' RDMA traffic is denied by policy, which
        // nothing on the InfiniBand fabric enforces. Its inter-node bytes: N(N−8)·S/N = (N−8)·S, N = 32.
        let rdma = try #require(
            outcome.report.findings.first { $0.kind == .unenforceable && $0.title.contains("job vllm-serve") })
        #expect(rdma.evidence?.bytes == (32 - 8) * (1 << 30))
        #expect(rdma.location?.file.hasSuffix("cluster/netpol/inference.yaml") == true)
        // Loads: the bottleneck direction runs at 1.0; only compute links carry the collective.
        let fabric = try #require(outcome.fabric)
        #expect(!outcome.linkLoads.isEmpty && outcome.linkLoads.values.max() == 1.0)
        let compute = fabric.links.indices.filter { fabric.links[$0].plane == .compute }
        #expect(outcome.linkLoads.keys.map { Int($0) }.sorted() == compute)
        // Both jobs sit on the first eight nodes, under one leaf per rail: no spine link is loaded.
        let spine = outcome.linkLoads.filter { fabric.links[Int($0.key)].tier.description == "leaf-spine" }
        #expect(!spine.isEmpty && spine.values.allSatisfy { $0 == 0 })
    }

    @Test func bothKindsOfTrafficReachTheReports() throws {
        let outcome = try run()
        let html = outcome.html(toolVersion: "0.1.0")
        #expect(html.contains("id=\"count-total\" data-count=\"\(outcome.report.findings.count)\""))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.json.serialized().utf8)) as? [String: Any])
        let scenario = try #require(object["scenario"] as? [String: Any])
        #expect((scenario["captures"] as? [String])?.first?.hasSuffix("captures/demo-violations.pcap") == true)
        #expect((scenario["jobs"] as? [String])?.first?.hasSuffix("policies/demo/jobs.yaml") == true)
    }
}
