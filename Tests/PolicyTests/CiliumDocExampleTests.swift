import InterlockCore
import Manifests
import Testing

@testable import Policy

/// The examples of Cilium's documentation (`CiliumDocExample.all`), each with the verdicts the documentation
/// states, on `CiliumCluster`; and what the verdicts explain and report.
@Suite struct CiliumDocExampleTests {
    typealias C = CiliumCluster

    @Test(arguments: CiliumDocExample.all) func documentedVerdicts(_ example: CiliumDocExample) throws {
        let ev = try C.evaluator(example.policies, extra: example.extra, clusterName: example.clusterName)
        try #require(!example.connections.isEmpty)
        for c in example.connections {
            #expect(C.verdict(ev, c.source, c.destination, c.proto, c.port) == c.verdict, "\(c)")
        }
    }

    /// "Simple Ingress Allow": a denied connection names Cilium's default deny and the policy that causes it.
    @Test func defaultDenyIsExplained() throws {
        let ev = try C.evaluator(CiliumDocExample.simpleIngressAllow.policies)
        let explained = ev.verdict(query(ev, "ns1/leia", "ns1/backend"))
        let deciding = try #require(explained.ingress.decidedBy.first)
        #expect(deciding.detail == "Cilium default deny: a rule selects the endpoint for ingress")
        #expect(deciding.policy?.description == "CiliumNetworkPolicy ns1/l3-rule")
        #expect(deciding.description.contains("(cilium.yaml:"))
    }

    /// An allow subject to an L7 rule is reported as such, in text and JSON.
    @Test func l7IsReported() throws {
        let sa = try C.evaluator(CiliumDocExample.serviceAccounts.policies)
        let q = query(sa, "ns1/luke", "ns1/leia")
        let report = VerdictReport(query: q, verdict: sa.verdict(q), inventory: sa.inventory, warnings: [])
        #expect(report.text(explain: false) == "allowed\nwarning: \(VerdictReport.subjectToL7): L7 rules (http)\n")
        #expect(report.json.serialized(pretty: false).contains("\"verdict\":\"allowed-subject-to-l7\""))
    }

    /// Host policies (`nodeSelector`) are clusterwide only: a namespaced one is bad input.
    @Test func namespacedHostPolicyIsRejected() {
        #expect(throws: InputError.self) {
            _ = try C.input(C.cnp("bad", "spec:\n  nodeSelector: {}\n  ingress:\n  - {}"))
        }
    }

    private func query(_ ev: ReferenceEvaluator, _ source: String, _ destination: String) -> Query {
        Query(
            source: C.endpoint(ev.inventory, source), destination: C.endpoint(ev.inventory, destination),
            proto: .tcp, port: 80)
    }
}
