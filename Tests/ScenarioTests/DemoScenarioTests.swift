import Findings
import Foundation
import Intents
import InterlockCore
import Reports
import Testing
import Traffic

@testable import Scenario

/// The bundled scenario (policies/demo) finds the deliberate mistakes its READMEs list, each at the
/// line responsible, and its reports carry the same facts.
@Suite struct DemoScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let demo = root + "/policies/demo"

    /// The static check: the scenario without its capture and jobs (`DemoTrafficTests` covers those).
    static let outcome: Result<CheckOutcome, any Error> = Result {
        var spec = try ScenarioSpec.load(path: demo)
        spec.captures = []
        spec.jobs = []
        return try CheckRun.run(spec)
    }
    /// The whole scenario, capture and jobs included.
    static let fullOutcome: Result<CheckOutcome, any Error> = Result {
        try CheckRun.run(try ScenarioSpec.load(path: demo))
    }

    func run() throws -> CheckOutcome { try Self.outcome.get() }

    @Test func theScenarioNamesItsInputsRelativeToItself() throws {
        let spec = try ScenarioSpec.load(path: Self.demo)
        #expect(spec.name == "demo" && spec.file == Self.demo + "/scenario.yaml")
        #expect(spec.topology == Self.root + "/topologies/dgx-h100-1su.yaml")
        #expect(
            spec.manifests == [Self.demo + "/cluster", Self.demo + "/cilium", Self.root + "/captures/demo-pods.yaml"])
        #expect(spec.captures.map(\.path) == [Self.root + "/captures/demo-violations.pcap"])
        #expect(spec.captures.first?.acls == [Self.root + "/captures/demo-acls.yaml"])
        #expect(spec.jobs.map(\.path) == [Self.demo + "/jobs.yaml"] && spec.jobs.first?.collective == .allToAll)
        #expect(spec.intents == [Self.demo + "/intents.yaml", Self.demo + "/fabric.yaml"])
        #expect(Paths.normalize("policies/demo/./../../topologies/x.yaml") == "topologies/x.yaml")
        #expect(Paths.normalize("../a/../b") == "../b")
    }

    @Test func everyPlantedMistakeIsFoundAtItsLine() throws {
        let outcome = try run()
        func at(_ rule: String) -> [String] {
            outcome.report.findings.filter { $0.ruleID == rule }.compactMap { f in
                f.location.map { "\($0.file.replacingOccurrences(of: Self.demo + "/", with: "")):\($0.line)" }
            }
        }
        // 1: the notebook's egress is open (the training default-deny has no Egress).
        #expect(at("llm-stays-internal") == ["cluster/netpol/training.yaml:5"])
        // 2: Prometheus cannot scrape the trainers: the scrape rule's namespace selector selects nothing.
        #expect(at("prometheus-scrapes-trainers") == ["cluster/netpol/training.yaml:63"])
        // 3: the gateway cannot reach vLLM: vLLM's ingress rule names a port vLLM does not have.
        #expect(at("gateway-reaches-vllm") == ["cluster/netpol/inference.yaml:54"])
        // 4: the notebook reaches the storage gateway through the OR-ed peers.
        #expect(at("storage-clients") == ["cluster/netpol/storage.yaml:18"])
        // 5: dgx0016 is in both tenants' partitions.
        #expect(at("ai-infra-baseline/tenant-isolation") == ["fabric.yaml:20"])
        let storage = try #require(outcome.report.findings.first { $0.ruleID == "storage-clients" })
        #expect(
            storage.source?.name.hasPrefix("training/jupyter[Deployment]") == true && storage.destination?.port == 2049)
        let partition = try #require(
            outcome.report.findings.first { $0.ruleID == "ai-infra-baseline/tenant-isolation" })
        #expect(
            partition.network == "compute" && partition.source?.name == "dgx0016-nic0"
                && partition.destination?.name == "dgx0017-nic0")
    }

    @Test func theBaselineFindsWhatTheClusterLeavesOpen() throws {
        let outcome = try run()
        // Platform namespaces without egress policies reach etcd, the kubelets and the controller
        // ports of the control-plane node; the fabric's ACLs keep every fabric-level rule.
        let baseline = outcome.report.findings.filter { $0.ruleID?.hasPrefix("ai-infra-baseline/") == true }
        #expect(
            Set(baseline.map(\.ruleID!)) == [
                "ai-infra-baseline/etcd-from-api-servers", "ai-infra-baseline/kubelet-api",
                "ai-infra-baseline/scheduler-controller-manager-local", "ai-infra-baseline/tenant-isolation",
            ])
        #expect(baseline.filter { $0.network != "pod" }.map(\.network) == ["compute"])
        #expect(outcome.report.findings.count == 9)
        #expect(outcome.report.count(atLeast: .high) == 7 && outcome.fails(at: .high))
        let notChecked = outcome.coverage.filter { $0.note != nil }.map(\.rule)
        #expect(notChecked == ["ai-infra-baseline/registry-access", "ai-infra-baseline/secrets-vault-access"])
        #expect(
            outcome.report.warnings.contains(
                "intent ai-infra-baseline/registry-access not checked: zone registry has no members"))
    }

    /// The serving tenant's CiliumNetworkPolicy makes the check evaluate the cluster as Cilium enforces it (a
    /// note says so), and its HTTP rule is reported as what Interlock does not evaluate, at its line.
    @Test func theCiliumPolicyIsEvaluatedAndItsL7RuleReported() throws {
        let warnings = try run().report.warnings
        #expect(warnings.contains { $0.hasPrefix("Cilium kinds present: evaluated as Cilium enforces them") })
        #expect(
            warnings.contains(
                "\(Self.demo)/cilium/vllm-api.yaml:11: CiliumNetworkPolicy inference/vllm-probes ingress rule 0 'ingress' has rules.http: what it allows is allowed at L4, subject to an L7 rule Interlock does not evaluate"
            ))
    }

    @Test func jsonCarriesTheSchemaAndTheSameCounts() throws {
        let outcome = try run()
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.json.serialized().utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "interlock.check/v1")
        let summary = try #require(object["summary"] as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(summary["findings"] as? Int == findings.count)
        let bySeverity = try #require(summary["bySeverity"] as? [String: Int])
        #expect(bySeverity["high"] == findings.filter { $0["severity"] as? String == "high" }.count)
        for f in findings {
            #expect(f["kind"] as? String == "intent-violation")
            let location = try #require(f["location"] as? [String: Any])
            #expect((location["line"] as? Int ?? 0) >= 1 && (location["file"] as? String)?.isEmpty == false)
            #expect((f["reasons"] as? [[String: Any]])?.first?["side"] as? String == "intent")
        }
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.count == 14 && rules.allSatisfy { $0["id"] != nil && $0["location"] != nil })
        let matrix = try #require(object["matrix"] as? [String: Any])
        let zones = try #require(matrix["zones"] as? [String])
        let cells = try #require(matrix["cells"] as? [[Any]])
        #expect(cells.count == zones.count && cells.allSatisfy { $0.count == zones.count })
    }
}
