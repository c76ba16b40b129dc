import InterlockCore
import Manifests
import Testing

@testable import Policy

/// Rules of "Semantics that must be right" beyond the e2e matrix, each citing the sentence it checks.
@Suite struct SemanticsTests {
    let denyAllX = XYZ.policy("deny-all", "  podSelector: {}\n  policyTypes: [Ingress, Egress]")

    func allowed(
        _ ev: ReferenceEvaluator, _ s: PolicyEndpoint, _ d: PolicyEndpoint, _ proto: IPProtocol = .tcp,
        _ port: UInt16? = 80
    ) -> Bool {
        ev.verdict(Query(source: s, destination: d, proto: proto, port: port)).allowed
    }

    @Test func podCanAlwaysReachItself() throws {
        // "Other pods that are allowed (exception: a pod cannot block access to itself)"
        let ev = try XYZ.evaluator(denyAllX)
        let a = XYZ.endpoint(ev, "x/a")
        let v = ev.verdict(Query(source: a, destination: a, proto: .tcp, port: 80))
        #expect(v.allowed)
        #expect(v.ingress.decidedBy.first?.tier == .exemption)
    }

    @Test func trafficToAndFromOwnNodeIsAllowed() throws {
        // "traffic to and from the node where a Pod is running is always allowed, regardless of the
        // IP address of the Pod or the node"
        let ev = try XYZ.evaluator(denyAllX)
        let a = XYZ.endpoint(ev, "x/a")
        let n1 = try ev.inventory.endpoint(named: "node/n1")
        let n2 = try ev.inventory.endpoint(named: "node/n2")
        #expect(allowed(ev, n1, a))
        #expect(allowed(ev, a, n1))
        #expect(!allowed(ev, n2, a))
        #expect(!allowed(ev, a, n2))
        // The node is found by its address too.
        #expect(try ev.inventory.endpoint(named: "192.168.0.1") == n1)
    }

    @Test func hostNetworkPodsAreNotSelectedAndTrafficIsTheNodes() throws {
        // Host-network pods: "ignores hostNetwork pods when matching podSelector and namespaceSelector.
        // Traffic to/from hostNetwork pods is treated the same as all other traffic to/from the node IP."
        let host = """
            apiVersion: v1
            kind: Pod
            metadata: {name: exporter, namespace: x, labels: {pod: h}}
            spec: {hostNetwork: true, nodeName: n2, containers: [{name: c, image: i}]}
            status: {podIP: 192.168.0.2}
            ---
            """
        let bySelector = XYZ.policy(
            "from-x", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {}}]}]")
        var ev = try XYZ.evaluator(bySelector, extra: host)
        let h = try ev.inventory.endpoint(named: "x/exporter")
        let a = XYZ.endpoint(ev, "x/a")
        #expect(!allowed(ev, h, a), "a pod selector must not select a host-network pod")
        // As a subject it is never isolated: a default-deny in its namespace does not apply.
        ev = try XYZ.evaluator(denyAllX, extra: host)
        #expect(
            allowed(ev, try ev.inventory.endpoint(named: "x/exporter"), try ev.inventory.endpoint(named: "10.0.2.1")))
        // Its traffic matches an ipBlock holding its node's address.
        let byBlock = XYZ.policy(
            "from-nodes",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/24}}]}]")
        ev = try XYZ.evaluator(byBlock, extra: host)
        #expect(allowed(ev, try ev.inventory.endpoint(named: "x/exporter"), XYZ.endpoint(ev, "x/a")))
    }

    @Test func missingAndNullPodSelectorSelectEveryPod() throws {
        // spec.podSelector "is NOT optional ... An empty podSelector matches all pods in this namespace";
        // missing and null decode as the empty selector.
        for spec in ["  ingress: []", "  podSelector: null\n  ingress: []", "  podSelector: {}\n  ingress: []"] {
            let ev = try XYZ.evaluator(XYZ.policy("deny", spec))
            #expect(!allowed(ev, XYZ.endpoint(ev, "y/a"), XYZ.endpoint(ev, "x/b")), "\(spec)")
        }
    }

    @Test func peerWithNullSelectorIsAMissingField() throws {
        // podSelector: null in a peer is the same as absent: namespaceSelector alone "selects all pods
        // in the namespaces selected by namespaceSelector".
        let ev = try XYZ.evaluator(
            XYZ.policy(
                "p",
                "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}, podSelector: null}]}]"
            ))
        #expect(allowed(ev, XYZ.endpoint(ev, "y/c"), XYZ.endpoint(ev, "x/a")))
        #expect(!allowed(ev, XYZ.endpoint(ev, "z/c"), XYZ.endpoint(ev, "x/a")))
    }

    @Test func emptyPeerMatchesNothing() throws {
        // A peer with no field is rejected by the API server; here it matches nothing (lint reports it).
        let ev = try XYZ.evaluator(XYZ.policy("p", "  podSelector: {}\n  ingress: [{from: [{}]}]"))
        #expect(!allowed(ev, XYZ.endpoint(ev, "y/c"), XYZ.endpoint(ev, "x/a")))
    }

    @Test func namespacesCarryTheirNameLabel() throws {
        // Namespaces always carry kubernetes.io/metadata.name, declared or not.
        let ev = try XYZ.evaluator(
            XYZ.policy(
                "p",
                "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]"
            ))
        #expect(allowed(ev, XYZ.endpoint(ev, "y/c"), XYZ.endpoint(ev, "x/a")))
        #expect(!allowed(ev, XYZ.endpoint(ev, "z/c"), XYZ.endpoint(ev, "x/a")))
    }

    @Test func portLessProtocolsMatchOnlyRulesWithoutPorts() throws {
        // Ports restrict a rule to TCP, UDP and SCTP traffic; a rule without ports matches every protocol.
        var ev = try XYZ.evaluator(XYZ.policy("p", "  podSelector: {}\n  ingress: [{ports: [{port: 80}]}]"))
        #expect(!allowed(ev, XYZ.endpoint(ev, "y/a"), XYZ.endpoint(ev, "x/a"), .icmp, nil))
        ev = try XYZ.evaluator(XYZ.policy("p", "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}}]}]"))
        #expect(allowed(ev, XYZ.endpoint(ev, "y/a"), XYZ.endpoint(ev, "x/a"), .icmp, nil))
    }

    @Test func externalAddressesAreOnlyJudgedByTheirPodSide() throws {
        let ev = try XYZ.evaluator(
            XYZ.policy("p", "  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]"))
        let inside = try ev.inventory.endpoint(named: "203.0.113.9")
        let outside = try ev.inventory.endpoint(named: "198.51.100.1")
        #expect(inside == .external(IPAddress("203.0.113.9")!))
        #expect(allowed(ev, inside, XYZ.endpoint(ev, "x/a")))
        #expect(!allowed(ev, outside, XYZ.endpoint(ev, "x/a")))
        #expect(allowed(ev, XYZ.endpoint(ev, "x/a"), outside), "x's egress is not isolated")
    }

    @Test func explanationNamesPolicyRuleAndLocation() throws {
        let ev = try XYZ.evaluator(
            XYZ.policy(
                "allow-y",
                "  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: z}}}]\n  - from: [{namespaceSelector: {matchLabels: {ns: y}}}]"
            ))
        let v = ev.verdict(
            Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
        let rule = try #require(v.ingress.decidedBy.first?.rule)
        #expect(rule.policy.qualifiedName == "x/allow-y")
        #expect(rule.index == 1)
        #expect(rule.location.file == "test.yaml")
        #expect(v.egress.decidedBy.first?.tier == .default)
        let denied = ev.verdict(
            Query(source: XYZ.endpoint(ev, "x/b"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
        #expect(denied.ingress.decidedBy.first?.action == .denies)
        #expect(denied.ingress.steps.contains { $0.action == .selects && $0.policy?.name == "allow-y" })
    }

    @Test func invalidPoliciesAreInputErrorsWithPositions() throws {
        let cases: [(String, String)] = [
            ("  podSelector: {matchExpressions: [{key: a, operator: In}]}", "non-empty values"),
            ("  podSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}", "takes no values"),
            ("  podSelector: {matchExpressions: [{key: a, operator: Equals, values: [x]}]}", "operator must be"),
            (
                "  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]",
                "cannot be combined"
            ),
            ("  podSelector: {}\n  ingress: [{ports: [{port: 80, endPort: 70}]}]", "below port"),
            ("  podSelector: {}\n  ingress: [{ports: [{endPort: 70}]}]", "needs a numeric port"),
            ("  podSelector: {}\n  ingress: [{ports: [{port: 70, protocol: ICMP}]}]", "protocol must be"),
            ("  podSelector: {}\n  ingress: [{ports: [{port: 70000}]}]", "outside 1-65535"),
            ("  podSelector: {}\n  ingress: [{ports: [{port: \"80\"}]}]", "must contain a letter"),
            ("  podSelector: {}\n  ingress: {from: []}", "expected a list"),
            ("  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0/8}}]}]", "invalid CIDR"),
            ("  podSelector: {}\n  policyTypes: [Inbound]", "Ingress or Egress"),
        ]
        for (spec, message) in cases {
            do {
                _ = try XYZ.evaluator(XYZ.policy("bad", spec))
                Issue.record("accepted: \(spec)")
            } catch let error as InputError {
                #expect(error.file == "test.yaml" && error.line != nil && error.column != nil, "\(error)")
                #expect(error.message.contains(message), "\(error)")
            }
        }
    }
}

@Suite struct EndpointNamingTests {
    @Test func serviceClusterIPsAreNotEndpoints() throws {
        let svc =
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: x}\nspec: {clusterIP: 10.96.0.20, ports: [{port: 80}]}\n---\n"
        let ev = try XYZ.evaluator("", extra: svc)
        #expect(throws: InputError.self) { try ev.inventory.endpoint(named: "10.96.0.20") }
        #expect(try ev.inventory.endpoint(named: "x/a[Pod]") == XYZ.endpoint(ev, "x/a"))
        #expect(try ev.inventory.endpoint(named: "10.0.3.2") == XYZ.endpoint(ev, "z/b"))
        #expect(throws: InputError.self) { try ev.inventory.endpoint(named: "a") }  // a in x, y and z: ambiguous
        #expect(throws: InputError.self) { try ev.inventory.endpoint(named: "node/n9") }
    }
}
