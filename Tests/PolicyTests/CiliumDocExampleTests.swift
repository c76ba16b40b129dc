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

/// ICMP rules by type (Layer 4 Policies > "Limit ICMP/ICMPv6 types", and the `ICMPField` API reference).
extension CiliumDocExampleTests {
    /// "icmp-rule": endpoints labelled app=myService may only emit ICMP of type 8 and ICMPv6 EchoRequest,
    /// to any layer 3 destination.
    @Test func limitICMPTypes() throws {
        let fields = "[{type: 8, family: IPv4}, {type: EchoRequest, family: IPv6}]"
        let spec = "spec:\n  endpointSelector: {matchLabels: {app: myService}}\n  egress:\n  - icmps:\n"
        let ev = try C.evaluator(C.cnp("icmp-rule", spec + "    - fields: \(fields)"))
        for destination in ["ns1/backend", "8.8.8.8"] {
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil, icmpType: 8) == "allowed")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmpv6, nil, icmpType: 128) == "allowed")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil, icmpType: 0) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmpv6, nil, icmpType: 8) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .icmp, nil) == "denied")
            #expect(C.verdict(ev, "ns1/devpod", destination, .tcp, 80) == "denied")
        }
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 0) == "allowed")
    }

    /// Type names resolve in their family (EchoReply is 0 in ICMP, 129 in ICMPv6); a deny rule by type
    /// denies that type only.
    @Test func namesByFamilyAndDenyByType() throws {
        let deny = "  ingressDeny:\n  - icmps: [{fields: [{type: EchoReply}, {type: EchoReply, family: IPv6}]}]"
        let spec = "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress:\n  - fromEntities: [all]\n"
        let ev = try C.evaluator(C.cnp("icmp-deny", spec + deny))
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 0) == "denied")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmpv6, nil, icmpType: 129) == "denied")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmp, nil, icmpType: 8) == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .icmpv6, nil, icmpType: 0) == "allowed")
        #expect(C.verdict(ev, "ns1/frontend", "ns1/backend", .tcp, 80) == "allowed")
    }

    /// A type outside 0-255, or a name of the other family, is an input error with its position.
    @Test(arguments: ["{type: 256}", "{type: Echo, family: IPv6}", "{type: PacketTooBig}"])
    func rejectsUnknownTypes(_ field: String) throws {
        let policy = C.cnp(
            "bad", "spec:\n  endpointSelector: {}\n  egress:\n  - icmps:\n    - fields:\n      - \(field)")
        #expect(throws: InputError.self) { _ = try C.evaluator(policy) }
    }
}
