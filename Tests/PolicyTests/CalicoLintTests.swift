import InterlockCore
import Manifests
import Testing

@testable import Policy

/// `policy lint` on the mistakes that make Calico reject a policy or ignore part of it, and on the
/// Calico policies Interlock does not evaluate.
@Suite struct CalicoLintTests {
    func findings(_ objects: String) throws -> [LintFinding] {
        PolicyLinter.lint(try XYZ.input(objects)).filter { $0.check.hasPrefix("calico-") }
    }

    func checks(_ objects: String) throws -> [String] { try findings(objects).map(\.check) }

    func policy(_ name: String, _ spec: String) -> String {
        CalicoEvaluationTests.object("NetworkPolicy", name, ns: "x", spec)
    }

    /// "If any ports are specified it requires the Protocol match in the Rule to be set to TCP or UDP"
    /// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule): the API
    /// server rejects ports with no protocol, a port-less protocol, or only `notProtocol`.
    @Test func portsNeedAProtocolWithPorts() throws {
        let bare = policy("bare", "  ingress: [{action: Allow, destination: {ports: [80]}}]")
        #expect(try checks(bare) == ["calico-ports-without-protocol"])
        let icmp = policy("icmp", "  egress: [{action: Allow, protocol: ICMP, source: {notPorts: [53]}}]")
        #expect(try checks(icmp) == ["calico-ports-without-protocol"])
        let negated = policy("negated", "  ingress: [{action: Deny, notProtocol: UDP, destination: {ports: [80]}}]")
        #expect(try findings(negated).map(\.message).allSatisfy { $0.contains("notProtocol and no protocol") })
        #expect(try checks(negated).count == 1)
        #expect(
            try checks(policy("fine", "  ingress: [{action: Allow, protocol: SCTP, destination: {ports: [80]}}]"))
                .isEmpty)
    }

    /// "types ... Egress if there are egress rules": rules of a direction `types` leaves out do nothing
    /// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#spec).
    @Test func typesLeavingOutRules() throws {
        let one = policy("one-way", "  types: [Ingress]\n  ingress: [{action: Allow}]\n  egress: [{action: Deny}]")
        #expect(try checks(one) == ["calico-types-ignore-rules"])
        #expect(try checks(policy("both", "  ingress: [{action: Allow}]\n  egress: [{action: Deny}]")).isEmpty)
    }

    /// A policy's tier must exist (https://docs.tigera.io/calico/latest/reference/resources/tier); a
    /// policy without order goes after every ordered one of its tier.
    @Test func tiersAndOrder() throws {
        let secured = "  tier: security\n  order: 10\n  ingress: [{action: Pass}]"
        #expect(try checks(policy("security.pass", secured)).contains("calico-unknown-tier"))
        #expect(
            try !checks(CalicoEvaluationTests.tier("security", order: 100) + policy("security.pass", secured))
                .contains("calico-unknown-tier"))
        let ordered = policy("first", "  order: 100\n  ingress: [{action: Allow}]")
        let unordered = policy("last", "  ingress: [{action: Deny}]")
        let found = try findings(ordered + unordered)
        #expect(found.map(\.check) == ["calico-no-order"])
        #expect(found.first?.message.contains("NetworkPolicy x/last") == true)
        #expect(try checks(unordered).isEmpty)
    }

    /// A Pass in the last tier holding a policy goes to the namespace's profile, which allows: "the next Tier
    /// containing a Policy that applies to the endpoint processes the packet"
    /// (https://docs.tigera.io/calico/latest/reference/resources/tier). The evaluator agrees: the Pass allows.
    @Test func passInLastTier() throws {
        let security = CalicoEvaluationTests.tier("security", order: 100)
        let pass = policy("security.pass", "  tier: security\n  ingress: [{action: Pass}]")
        let found = try findings(security + pass)
        #expect(found.map(\.check) == ["calico-pass-in-last-tier"])
        #expect(found.first?.message.contains("the namespace's profile, which allows it") == true)
        let ev = try CalicoEvaluationTests.calico(security + pass)
        let q = Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80)
        #expect(ev.isAllowed(q))
        // A later tier (the default one, order 1,000,000) holds a policy: the Pass goes to it.
        let app = policy("app", "  ingress: [{action: Deny}]")
        #expect(try checks(security + pass + app).isEmpty)
        #expect(try !CalicoEvaluationTests.calico(security + pass + app).isAllowed(q))
        // A tier whose defaultAction is Pass, last: its unmatched traffic goes to the profile too.
        let passing = CalicoEvaluationTests.tier("security", order: 100, pass: true)
        let some = policy("security.some", "  tier: security\n  ingress: [{action: Deny, protocol: UDP}]")
        let tierFound = try findings(passing + some)
        #expect(tierFound.map(\.check) == ["calico-pass-in-last-tier"])
        #expect(tierFound.first?.message.hasPrefix("Tier security: defaultAction Pass") == true)
        #expect(try CalicoEvaluationTests.calico(passing + some).isAllowed(q))
    }

    /// HostEndpoints are an unevaluated kind: each is named, with its node and interface.
    @Test func hostEndpoints() throws {
        let host = CalicoEvaluationTests.object(
            "HostEndpoint", "n1-eth0", labels: "{role: storage}", "  node: n1\n  interfaceName: eth0")
        let found = try findings(host + host.replacingOccurrences(of: "n1-eth0", with: "n2-eth0"))
        #expect(found.map(\.check) == ["calico-host-endpoint", "calico-host-endpoint"])
        #expect(
            found.map(\.message)
                == ["n1-eth0", "n2-eth0"].map {
                    "HostEndpoint \($0) (node n1, interfaceName eth0): host-level rules are not evaluated; "
                        + "results are incomplete"
                })
    }

    /// `preDNAT`, `doNotTrack` and `applyOnForward` concern host endpoints
    /// (https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy): not evaluated.
    @Test func hostLevelOptions() throws {
        let host = CalicoEvaluationTests.object(
            "GlobalNetworkPolicy", "pre-dnat", "  preDNAT: true\n  applyOnForward: true\n  ingress: [{action: Deny}]")
        let found = try findings(host)
        #expect(found.map(\.check) == ["calico-host-policy"])
        #expect(found.first?.message.contains("applyOnForward, preDNAT apply to host endpoints") == true)
    }
}
