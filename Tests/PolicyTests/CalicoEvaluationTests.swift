import InterlockCore
import Manifests
import Testing

@testable import Policy

/// Calico's enforcement order, from the cases Calico's documentation states with their outcomes:
/// tiers (https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy), rule
/// actions and fields (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy), network
/// sets (https://docs.tigera.io/calico/latest/reference/resources/globalnetworkset) and staged policies
/// (https://docs.tigera.io/calico/latest/reference/resources/stagednetworkpolicy), on the XYZ cluster.
@Suite struct CalicoEvaluationTests {
    static func calico(_ policies: String) throws -> ReferenceEvaluator {
        let i = try XYZ.input(policies)
        var options = EvaluationOptions()
        options.cni = .calico
        return ReferenceEvaluator(inventory: i.inventory, policies: i.policies, options: options)
    }

    static func object(_ kind: String, _ name: String, ns: String? = nil, labels: String = "{}", _ spec: String)
        -> String
    {
        let namespace = ns.map { ", namespace: \($0)" } ?? ""
        return
            "apiVersion: projectcalico.org/v3\nkind: \(kind)\nmetadata: {name: \(name)\(namespace), labels: \(labels)}\nspec:\n\(spec)\n---\n"
    }

    static func tier(_ name: String, order: Int, pass: Bool = false) -> String {
        object("Tier", name, "  order: \(order)\n  defaultAction: \(pass ? "Pass" : "Deny")")
    }

    func allowed(
        _ ev: ReferenceEvaluator, _ s: String, _ d: String, _ proto: IPProtocol = .tcp, _ port: UInt16? = 80,
        icmp: UInt8? = nil, from sourcePort: UInt16? = nil
    ) -> Bool {
        ev.isAllowed(
            Query(
                source: XYZ.endpoint(ev, s), destination: XYZ.endpoint(ev, d), proto: proto, port: port,
                icmpType: icmp, sourcePort: sourcePort))
    }

    /// The global policy of the reference's example: ingress to `role == 'database'` only from
    /// `role == 'frontend'` on TCP 6379 (here: pods `a` are the database, pods `b` the frontend).
    @Test func referenceExampleGlobalPolicy() throws {
        let ev = try Self.calico(
            Self.object(
                "GlobalNetworkPolicy", "allow-tcp-6379",
                """
                  selector: pod == 'a'
                  types: [Ingress, Egress]
                  ingress:
                  - action: Allow
                    metadata: {annotations: {from: frontend, to: database}}
                    protocol: TCP
                    source: {selector: pod == 'b'}
                    destination: {ports: [6379]}
                  egress:
                  - action: Allow
                """))
        #expect(allowed(ev, "y/b", "x/a", .tcp, 6379))
        #expect(!allowed(ev, "y/b", "x/a", .tcp, 6380))
        #expect(!allowed(ev, "y/b", "x/a", .udp, 6379))
        #expect(!allowed(ev, "y/c", "x/a", .tcp, 6379))
        // Unselected endpoints fall through to their namespace's profile, which allows.
        #expect(allowed(ev, "y/c", "x/b", .tcp, 80))
        let v = ev.verdict(
            Query(source: XYZ.endpoint(ev, "y/c"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 6379))
        #expect(v.ingress.decidedBy.map(\.detail) == ["end of tier `default`: no rule matched"])
    }

    /// "If no policy in the tier matches, the traffic is denied at the end of the tier, unless the
    /// tier's defaultAction is Pass"; "Pass: skips to the next tier"; a tier that selects nothing is skipped.
    @Test func tiersPassAndEndOfTier() throws {
        let security = Self.object(
            "GlobalNetworkPolicy", "security.pass-y",
            """
              tier: security
              order: 10
              selector: projectcalico.org/namespace == 'x'
              ingress:
              - action: Pass
                source: {namespaceSelector: ns == 'y'}
              - action: Deny
                source: {selector: pod == 'c'}
            """)
        let defaultTier = Self.object(
            "NetworkPolicy", "allow-b", ns: "x",
            """
              selector: all()
              ingress:
              - action: Allow
                source: {selector: pod == 'b', namespaceSelector: all()}
            """)
        let ev = try Self.calico(Self.tier("security", order: 100) + security + defaultTier)
        #expect(allowed(ev, "y/b", "x/a"))  // passed, then allowed in default
        #expect(!allowed(ev, "y/a", "x/a"))  // passed, then end of default tier
        #expect(!allowed(ev, "z/c", "x/a"))  // denied in security
        #expect(!allowed(ev, "z/b", "x/a"))  // end of tier security
        let v = ev.verdict(
            Query(source: XYZ.endpoint(ev, "z/b"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
        let end = try #require(v.ingress.decidedBy.first)
        #expect(end.detail == "end of tier `security`: no rule matched")
        #expect(end.policy?.kind == "Tier" && end.policy?.location.line != nil)
        let passing = try Self.calico(Self.tier("security", order: 100, pass: true) + security + defaultTier)
        #expect(
            passing.isAllowed(
                Query(source: XYZ.endpoint(ev, "z/b"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80)))
    }

    /// Policies by order within a tier (no order last, ties by name); Kubernetes NetworkPolicies sit in
    /// the default tier at order 1000; Log goes on.
    @Test func orderInTierAndKubernetesPolicies() throws {
        let denyY: (Int) -> String = { order in
            Self.object(
                "NetworkPolicy", "deny-y", ns: "x",
                """
                  order: \(order)
                  selector: all()
                  ingress:
                  - action: Log
                  - action: Deny
                    source: {namespaceSelector: ns == 'y'}
                """)
        }
        let allowAll = XYZ.policy("allow-all", "  podSelector: {}\n  ingress: [{}]")
        let before = try Self.calico(denyY(500) + allowAll)
        #expect(!allowed(before, "y/a", "x/a"))
        #expect(allowed(before, "z/a", "x/a"))
        let after = try Self.calico(denyY(2000) + allowAll)
        #expect(allowed(after, "y/a", "x/a"))
        let unordered = try Self.calico(
            Self.object("NetworkPolicy", "a-deny", ns: "x", "  ingress: [{action: Deny}]")
                + Self.object("NetworkPolicy", "b-allow", ns: "x", "  order: 5000\n  ingress: [{action: Allow}]"))
        #expect(allowed(unordered, "y/a", "x/a"))
    }

    /// A GlobalNetworkSet matched by a rule selector matches every address in its nets, pod addresses
    /// included; `nets`/`notNets` match addresses directly.
    @Test func networkSets() throws {
        let ev = try Self.calico(
            Self.object(
                "GlobalNetworkSet", "y-pods", labels: "{role: trusted}", "  nets: [10.0.2.0/24]")
                + Self.object(
                    "NetworkPolicy", "from-trusted", ns: "x",
                    """
                      ingress:
                      - action: Allow
                        source: {selector: role == 'trusted', namespaceSelector: global()}
                      - action: Allow
                        source: {nets: [10.0.3.0/24], notNets: [10.0.3.3/32]}
                    """))
        #expect(allowed(ev, "y/a", "x/a") && allowed(ev, "y/c", "x/b"))
        #expect(allowed(ev, "z/a", "x/a") && !allowed(ev, "z/c", "x/a"))
        #expect(!allowed(ev, "x/b", "x/a"))
    }

    /// `icmp`/`notICMP` by type and code; `notProtocol`; `notPorts` and named ports.
    @Test func protocolsPortsAndICMP() throws {
        let ev = try Self.calico(
            Self.object(
                "NetworkPolicy", "ping-and-web", ns: "x",
                """
                  ingress:
                  - action: Allow
                    protocol: ICMP
                    icmp: {type: 8}
                  - action: Allow
                    protocol: TCP
                    destination: {ports: ["80:90"], notPorts: [serve-81-tcp]}
                  - action: Allow
                    protocol: UDP
                    destination: {ports: [81]}
                  - action: Allow
                    notProtocol: TCP
                    source: {selector: pod == 'c'}
                """))
        #expect(allowed(ev, "y/a", "x/a", .icmp, nil, icmp: 8))
        #expect(!allowed(ev, "y/a", "x/a", .icmp, nil, icmp: 0))
        #expect(!allowed(ev, "y/a", "x/a", .icmp, nil))
        #expect(allowed(ev, "y/a", "x/a", .tcp, 85) && !allowed(ev, "y/a", "x/a", .tcp, 81))
        #expect(allowed(ev, "y/a", "x/a", .udp, 81) && !allowed(ev, "y/a", "x/a", .udp, 80))
        #expect(allowed(ev, "x/c", "x/a", .sctp, 95) && !allowed(ev, "x/c", "x/a", .tcp, 95))
    }

    /// A `source` with `ports`/`notPorts` matches on the packet's source port
    /// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule); a question
    /// without one is allowed only when it is allowed from every source port.
    @Test func sourcePorts() throws {
        let ev = try Self.calico(
            Self.object(
                "NetworkPolicy", "dns-replies-and-privileged", ns: "x",
                "  ingress: [{action: Allow, protocol: UDP, source: {ports: [53]}},"
                    + " {action: Deny, protocol: TCP, source: {ports: ['1:1023']}},"
                    + " {action: Allow, protocol: TCP, source: {notPorts: [serve-81-tcp]}}]"))
        func allowed(_ proto: IPProtocol, _ port: UInt16, from sourcePort: UInt16?) -> Bool {
            self.allowed(ev, "y/a", "x/a", proto, port, from: sourcePort)
        }
        #expect(allowed(.udp, 5353, from: 53) && !allowed(.udp, 5353, from: 5353) && !allowed(.udp, 5353, from: nil))
        #expect(!allowed(.tcp, 80, from: 1023) && allowed(.tcp, 80, from: 1024) && allowed(.tcp, 80, from: 40000))
        // Unknown: denied from ports 1-1023, so not allowed from every source port.
        #expect(!allowed(.tcp, 80, from: nil))
        #expect(ev.looksAtSourcePorts)
        let v = ev.verdict(
            Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
        #expect(v.ingress.steps.first?.detail.hasSuffix("denied at source port 1") == true)
        #expect(v.ingress.decidedBy.map(\.rule?.index) == [1])
    }

    /// A named source port resolves on the source pod (pods serve `serve-81-tcp` on 81).
    @Test func namedSourcePorts() throws {
        let ev = try Self.calico(
            Self.object(
                "NetworkPolicy", "from-serving-port", ns: "x",
                "  ingress: [{action: Allow, protocol: TCP, source: {ports: [serve-81-tcp]}}]"))
        #expect(
            allowed(ev, "y/b", "x/a", from: 81) && !allowed(ev, "y/b", "x/a", from: 80)
                && !allowed(ev, "y/b", "x/a", from: nil))
    }

    /// The admin kinds sit in Calico's `kube-admin` (order 1,000) and `kube-baseline` tiers
    /// (order 10,000,000) around the default tier (order 1,000,000); a tier ordered below 1,000 comes first.
    @Test func adminTiers() throws {
        let anp = AdminSpec(
            name: "deny-y", priority: 10,
            ingress: [.init(action: "Deny", peers: ["{namespaces: {matchLabels: {ns: y}}}"])]
        ).render(asCNP: false)
        let early = Self.object(
            "GlobalNetworkPolicy", "early.allow-y",
            "  tier: early\n  selector: all()\n  ingress: [{action: Allow, source: {namespaceSelector: ns == 'y'}}]")
        let ev = try Self.calico(anp)
        #expect(!allowed(ev, "y/a", "x/a") && allowed(ev, "z/a", "x/a"))
        let overridden = try Self.calico(anp + Self.tier("early", order: 500) + early)
        #expect(allowed(overridden, "y/a", "x/a"))
    }

    /// Staged policies are not enforced.
    @Test func stagedPoliciesAreNotEnforced() throws {
        let ev = try Self.calico(
            Self.object("StagedNetworkPolicy", "deny-all", ns: "x", "  ingress: [{action: Deny}]"))
        #expect(allowed(ev, "y/a", "x/a"))
        #expect(ev.policies.calico.policies.map(\.staged) == [true])
    }

    /// Calico's preview: a staged policy enforced replaces the policy of its name (`stagedAction: Set`) or
    /// removes it (`Delete`); a StagedKubernetesNetworkPolicy replaces the Kubernetes policy of its name.
    @Test func enforcingStagedPolicies() throws {
        let deny = Self.object("NetworkPolicy", "guard", ns: "x", "  ingress: [{action: Deny}]")
        let allowStaged = Self.object(
            "StagedNetworkPolicy", "guard", ns: "x", "  ingress: [{action: Allow, source: {selector: pod == 'a'}}]")
        let deleteStaged = Self.object("StagedNetworkPolicy", "guard", ns: "x", "  stagedAction: Delete")
        let i = try XYZ.input(deny + allowStaged)
        var options = EvaluationOptions()
        options.cni = .calico
        let now = ReferenceEvaluator(inventory: i.inventory, policies: i.policies, options: options)
        let preview = ReferenceEvaluator(
            inventory: i.inventory, policies: i.policies.enforcingStaged(), options: options)
        #expect(!allowed(now, "x/a", "x/b") && !allowed(now, "x/c", "x/b"))
        #expect(allowed(preview, "x/a", "x/b") && !allowed(preview, "x/c", "x/b"))
        let deleted = try XYZ.input(deny + deleteStaged)
        let gone = ReferenceEvaluator(
            inventory: deleted.inventory, policies: deleted.policies.enforcingStaged(), options: options)
        #expect(allowed(gone, "x/c", "x/b"))
        let k8s = try XYZ.input(
            XYZ.policy("web", "  podSelector: {}\n  ingress: [{}]")
                + XYZ.policy("web", "  podSelector: {}\n  ingress: []").replacingOccurrences(
                    of: "networking.k8s.io/v1\nkind: NetworkPolicy",
                    with: "projectcalico.org/v3\nkind: StagedKubernetesNetworkPolicy"))
        #expect(
            ReferenceEvaluator(inventory: k8s.inventory, policies: k8s.policies).isAllowed(
                Query(source: XYZ.endpoint(now, "y/a"), destination: XYZ.endpoint(now, "x/a"), proto: .tcp, port: 80)))
        let lockedDown = ReferenceEvaluator(inventory: k8s.inventory, policies: k8s.policies.enforcingStaged())
        #expect(!allowed(lockedDown, "y/a", "x/a"))
        #expect(k8s.policies.hasStaged && !k8s.policies.enforcingStaged().hasStaged)
    }

    /// A global policy with `preDNAT`/`doNotTrack`/`applyOnForward` concerns host endpoints: read, reported
    /// as not evaluated, and no part of pod verdicts.
    @Test func hostLevelPoliciesAreReportedNotEvaluated() throws {
        let ev = try Self.calico(
            Self.object(
                "GlobalNetworkPolicy", "pre-dnat",
                "  preDNAT: true\n  applyOnForward: true\n  selector: all()\n  ingress: [{action: Deny}]"))
        #expect(allowed(ev, "y/a", "x/a"))
        #expect(
            ev.policies.warnings.contains {
                $0.contains("GlobalNetworkPolicy pre-dnat sets applyOnForward, preDNAT") && $0.contains("not evaluated")
            })
    }

    /// Without `--cni calico` the Calico kinds do not take part (generic semantics).
    @Test func genericIgnoresCalico() throws {
        let i = try XYZ.input(Self.object("NetworkPolicy", "deny-all", ns: "x", "  ingress: [{action: Deny}]"))
        let ev = ReferenceEvaluator(inventory: i.inventory, policies: i.policies)
        #expect(allowed(ev, "y/a", "x/a"))
    }

    /// Decoding errors point into the file: a bad selector names the character.
    @Test func badSelectorIsAnInputError() throws {
        #expect {
            _ = try Self.calico(Self.object("NetworkPolicy", "bad", ns: "x", "  selector: pod = 'a'"))
        } throws: { error in
            "\(error)".contains("invalid selector 'pod = 'a'': at character 5")
        }
    }
}
