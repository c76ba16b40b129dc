import InterlockCore
import Manifests
import Testing

@testable import Policy

/// `serviceAccounts`, `services` and `http` in Calico rules, from the examples of Calico's guides with
/// the outcomes they state: https://docs.tigera.io/calico/latest/network-policy/policy-rules/service-accounts,
/// https://docs.tigera.io/calico/latest/network-policy/policy-rules/service-policy and the `http` match of
/// https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#httpmatch. On the XYZ cluster,
/// plus pods `x/api` (service account `api-service`) and `x/intern` (`intern`), and a Service `z/dns`
/// over the `z` pods labelled `pod: a` (UDP 53 to their port `serve-81-udp`).
@Suite struct CalicoServiceRuleTests {
    static let extra = """
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: x, labels: {app: api}}
        spec: {serviceAccountName: api-service, containers: [{name: c}]}
        status: {podIP: 10.0.1.10}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: intern, namespace: x, labels: {app: api}}
        spec: {serviceAccountName: intern, containers: [{name: c}]}
        status: {podIP: 10.0.1.11}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: dns, namespace: z}
        spec:
          selector: {pod: a}
          ports: [{port: 53, protocol: UDP, targetPort: serve-81-udp}]
        ---

        """

    static func calico(_ policies: String) throws -> ReferenceEvaluator {
        let i = try XYZ.input(policies, extra: extra)
        var options = EvaluationOptions()
        options.cni = .calico
        return ReferenceEvaluator(inventory: i.inventory, policies: i.policies, options: options)
    }

    /// The evaluator with one Calico policy whose spec is `lines`.
    static func calico(_ kind: String, _ name: String, ns: String? = nil, _ lines: String...) throws
        -> ReferenceEvaluator
    {
        try calico(CalicoEvaluationTests.object(kind, name, ns: ns, lines.joined(separator: "\n")))
    }

    func query(_ ev: ReferenceEvaluator, _ s: String, _ d: String, _ proto: IPProtocol, _ port: UInt16) -> Query {
        Query(source: XYZ.endpoint(ev, s), destination: XYZ.endpoint(ev, d), proto: proto, port: port)
    }

    /// "Limit ingress traffic for workloads by service account name": only the named accounts reach the
    /// database (here `x/a`); in a namespaced policy, accounts of its namespace.
    @Test func serviceAccountNames() throws {
        let ev = try Self.calico(
            CalicoEvaluationTests.object(
                "NetworkPolicy", "demo-calico", ns: "x",
                """
                  selector: pod == 'a'
                  ingress:
                  - action: Allow
                    source:
                      serviceAccounts:
                        names: [api-service, user-auth-service]
                """))
        #expect(ev.isAllowed(query(ev, "x/api", "x/a", .tcp, 80)))
        #expect(!ev.isAllowed(query(ev, "x/intern", "x/a", .tcp, 80)))
        #expect(!ev.isAllowed(query(ev, "x/b", "x/a", .tcp, 80)))
    }

    /// `serviceAccounts.selector` matches an account's labels, which carry its name as
    /// `projectcalico.org/name` (ServiceAccount objects are not read); `names` and `selector` must both
    /// match.
    @Test func serviceAccountSelector() throws {
        let ev = try Self.calico(
            "NetworkPolicy", "not-interns", ns: "x", "  selector: pod == 'a'", "  ingress:",
            "  - {action: Deny, source: {serviceAccounts: {selector: projectcalico.org/name == 'intern'}}}",
            "  - {action: Allow, source: {serviceAccounts: {names: [intern, api-service], selector: \"!(projectcalico.org/name in {'intern'})\"}}}"
        )
        #expect(!ev.isAllowed(query(ev, "x/intern", "x/a", .tcp, 80)))
        #expect(ev.isAllowed(query(ev, "x/api", "x/a", .tcp, 80)))
        #expect(!ev.isAllowed(query(ev, "x/b", "x/a", .tcp, 80)))
    }

    /// `spec.serviceAccountSelector` narrows the endpoints a policy applies to ("Use the
    /// serviceAccountSelector to select workloads" in the service-accounts guide): only the intern is
    /// isolated here.
    @Test func policyServiceAccountSelector() throws {
        let ev = try Self.calico(
            "NetworkPolicy", "restrict-intern-access", ns: "x",
            "  serviceAccountSelector: projectcalico.org/name == 'intern'",
            "  ingress: [{action: Allow, source: {serviceAccounts: {names: [api-service]}}}]")
        #expect(ev.isAllowed(query(ev, "x/api", "x/intern", .tcp, 80)))
        #expect(!ev.isAllowed(query(ev, "x/b", "x/intern", .tcp, 80)))
        #expect(ev.isAllowed(query(ev, "x/b", "x/api", .tcp, 80)))
    }

    /// "Allow access to Kubernetes DNS for the entire cluster": a global egress Allow to the `dns`
    /// Service; "Endpoint addresses and ports to allow will be automatically detected from the
    /// service", and the policy "enacts a default-deny behavior for all pods".
    @Test func serviceDestination() throws {
        let ev = try Self.calico(
            CalicoEvaluationTests.object(
                "GlobalNetworkPolicy", "allow-kube-dns",
                """
                  selector: all()
                  egress:
                  - action: Allow
                    destination:
                      services: {name: dns, namespace: z}
                """))
        #expect(ev.isAllowed(query(ev, "x/b", "z/a", .udp, 81)))
        #expect(!ev.isAllowed(query(ev, "x/b", "z/a", .udp, 80)))
        #expect(!ev.isAllowed(query(ev, "x/b", "z/a", .tcp, 81)))
        #expect(!ev.isAllowed(query(ev, "x/b", "z/b", .udp, 81)))
    }

    /// "Allow access from a specified service": in a source, the Service's endpoints, any port; a
    /// namespaced policy's match defaults to its namespace.
    @Test func serviceSource() throws {
        let ev = try Self.calico(
            CalicoEvaluationTests.object(
                "NetworkPolicy", "from-dns", ns: "y",
                "  ingress: [{action: Allow, source: {services: {name: dns, namespace: z}}},"
                    + " {action: Allow, source: {services: {name: dns}}}]"))
        #expect(ev.isAllowed(query(ev, "z/a", "y/a", .tcp, 80)))
        #expect(!ev.isAllowed(query(ev, "z/b", "y/a", .tcp, 80)))
    }

    /// An `http` match is L7: an Allow with one allows at L4 subject to it (Cilium's distinct verdict);
    /// a Deny with one denies only the requests it takes, so what a later rule allows is subject to it.
    @Test func httpIsSubjectToL7() throws {
        let ev = try Self.calico(
            "NetworkPolicy", "http-rules", ns: "x", "  selector: pod == 'a'", "  ingress:",
            "  - {action: Allow, source: {selector: pod == 'b'}, http: {methods: [GET], paths: [{prefix: /public}]}}",
            "  - {action: Deny, source: {selector: pod == 'c'}, http: {methods: [DELETE]}}",
            "  - {action: Allow}")
        let fromB = ev.verdict(query(ev, "x/b", "x/a", .tcp, 80))
        #expect(fromB.allowed && fromB.subjectToL7 == ["L7 rules (http)"])
        let fromC = ev.verdict(query(ev, "x/c", "x/a", .tcp, 80))
        #expect(fromC.allowed && fromC.subjectToL7 == ["L7 rules (http)"])
        let fromY = ev.verdict(query(ev, "y/a", "x/a", .tcp, 80))
        #expect(fromY.allowed && fromY.subjectToL7.isEmpty)
        let report = VerdictReport(
            query: query(ev, "x/b", "x/a", .tcp, 80), verdict: fromB, inventory: ev.inventory, warnings: [])
        #expect(report.json.serialized().contains("allowed-subject-to-l7"))
        #expect(report.text(explain: false).contains("warning: \(VerdictReport.subjectToL7): L7 rules (http)"))
    }
}
