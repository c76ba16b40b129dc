import Documents
import InterlockCore
import Manifests
import TestSupport
import Testing

@testable import Policy

/// Objects the Go API machinery decodes (missing fields as zero values, unknown keys dropped) load, each
/// deviation a warning at its file:line:column and a lint finding at the same line; what the evaluation
/// cannot use stays an input error.
@Suite struct TolerantDecodingTests {
    /// The admin `pods` peer with no podSelector the issue cites: `{}`, every pod of the selected namespaces.
    @Test func adminPodsPeerWithoutPodSelectorSelectsAllPods() throws {
        let input = try XYZ.input(
            """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-y}
            spec:
              priority: 5
              subject: {namespaces: {matchLabels: {ns: x}}}
              egress:
              - action: Deny
                to:
                - pods:
                    namespaceSelector: {matchLabels: {ns: y}}
            """)
        let warnings = input.decodeWarnings.map(\.message)
        #expect(
            warnings == [
                "AdminNetworkPolicy pods peer has no podSelector: treated as {} (all pods); the API server requires it"
            ])
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        let reached = XYZ.reachable(ev, .tcp, 80)
        #expect(!reached.contains("x/a->y/b") && !reached.contains("x/c->y/a"))
        #expect(reached.contains("x/a->z/b") && reached.contains("y/a->x/b"))
        // The same line in lint, so that CI can be strict.
        let finding = try #require(PolicyLinter.lint(input).first { $0.check == "missing-field" })
        #expect(finding.location == input.decodeWarnings[0].location)
    }

    /// Without a namespaceSelector either, the peer is every pod of every namespace.
    @Test func adminPodsPeerWithNeitherSelectorSelectsEveryPod() throws {
        let input = try XYZ.input(
            TemplateManifests.adminEgress(
                "deny-all", subject: "{matchLabels: {ns: x}}", action: "Deny", peer: "{pods: {}}"))
        #expect(input.decodeWarnings.map(\.check) == ["missing-field", "missing-field"])
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        #expect(XYZ.reachable(ev, .tcp, 80).allSatisfy { !$0.hasPrefix("x/") })
    }

    /// Unknown keys are dropped where Go drops them (its decoder matches field names case-sensitively):
    /// a mis-cased `podselector` leaves the peer empty, which matches nothing, as the API server would have it.
    @Test func unknownKeysAreDroppedWithTheirPosition() throws {
        let input = try XYZ.input(
            XYZ.policy(
                "p",
                """
                  podSelector: {}
                  colour: blue
                  ingress:
                  - from: [{podselector: {matchLabels: {pod: b}}}]
                """))
        let w = input.decodeWarnings
        #expect(w.map(\.description).count == 2)
        #expect(
            w[0].description
                == "test.yaml:\(w[0].location.line):3: unknown field 'colour' in NetworkPolicy spec dropped; the API server drops it too and warns: unknown field \"colour\""
        )
        #expect(w[1].message.hasPrefix("unknown field 'podselector' in peer dropped (did you mean 'podSelector'?)"))
        #expect(w[1].location.line == w[0].location.line + 2)
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        #expect(XYZ.reachable(ev, .tcp, 80).allSatisfy { !$0.hasSuffix("->x/a") && !$0.hasSuffix("->x/b") })
    }

    /// A NetworkPolicy without spec is what the API server stores for it: an empty spec, which isolates every
    /// pod of the namespace for ingress.
    @Test func networkPolicyWithoutSpecDeniesIngressToItsNamespace() throws {
        let input = try XYZ.input(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bare, namespace: y}\n")
        #expect(input.decodeWarnings.map(\.check) == ["missing-field"])
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        let reached = XYZ.reachable(ev, .tcp, 80)
        #expect(reached.allSatisfy { !$0.contains("->y/") })
        #expect(reached.count == 9 * 8 - 3 * 8)
    }

    /// Admin rules: a missing priority is 0; a missing or empty peer list matches no peer.
    @Test func adminRuleWithoutPeersMatchesNothing() throws {
        let input = try XYZ.input(
            """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: odd}
            spec:
              subject: {namespaces: {}}
              egress:
              - action: Deny
              - action: Deny
                to: []
            """)
        #expect(input.policies.adminPolicies[0].priority == 0)
        #expect(input.decodeWarnings.map(\.check) == ["missing-field", "missing-field", "missing-field"])
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        #expect(XYZ.reachable(ev, .tcp, 80).count == 72)
    }

    /// An ingress peer with a field of egress peers only (`nodes`) decodes, as in Go, as a peer with no
    /// field, which "fails closed": a Deny rule with it denies all ingress to its subject.
    @Test func unknownAdminPeerFieldFailsClosed() throws {
        let input = try XYZ.input(
            """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: p}
            spec: {priority: 1, subject: {namespaces: {matchLabels: {ns: z}}}, ingress: [{action: Deny, from: [{nodes: {}}]}]}
            """)
        #expect(input.decodeWarnings.map(\.check) == ["unknown-field"])
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        #expect(XYZ.reachable(ev, .tcp, 80) == XYZ.pairs { _, d in !d.hasPrefix("z/") })
    }

    /// What stays an error: a wrong type, a missing field whose zero value means nothing (an empty CIDR,
    /// action, operator), an enum value in the wrong case (the API server refuses "Unsupported value").
    @Test(arguments: [
        ("  podSelector: {}\n  ingress: [{from: [{ipBlock: {}}]}]", "missing required field 'cidr'"),
        ("  podSelector: {}\n  ingress: [{ports: [{protocol: tcp}]}]", "protocol must be TCP, UDP or SCTP"),
        ("  podSelector: {}\n  policyTypes: [ingress]", "policyTypes entries must be Ingress or Egress"),
        ("  podSelector: {matchExpressions: [{key: a}]}", "missing required field 'operator'"),
        ("  podSelector: {}\n  ingress: [{ports: [{port: [80]}]}]", "expected a port number or name"),
        ("  podSelector: {}\n  ingress: web", "expected a list"),
    ])
    func whatTheEvaluationCannotUseStaysAnError(_ spec: String, _ message: String) throws {
        #expect {
            _ = try XYZ.input(XYZ.policy("p", spec))
        } throws: { error in
            (error as? InputError)?.message.contains(message) == true
        }
    }

    @Test func specThatIsAStringStaysAnError() throws {
        #expect(throws: InputError.self) {
            _ = try XYZ.input("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: all\n")
        }
    }

    /// A strict cursor (Interlock's own formats) still refuses every deviation.
    @Test func strictCursorsStillRefuse() throws {
        let doc = try YAMLReader.documents("a: 1\nb: 2\n", file: "f.yaml")[0]
        #expect(throws: InputError.self) { try doc.cursor.rejectUnknownKeys(["a"], in: "thing") }
        #expect(throws: InputError.self) { _ = try doc.cursor.requiredOrZero("c", in: "thing", treatedAs: "0") }
        let log = DecodeLog()
        try doc.cursor.logging(to: log).rejectUnknownKeys(["a"], in: "thing")
        #expect(log.warnings.map(\.location.line) == [2])
    }
}
