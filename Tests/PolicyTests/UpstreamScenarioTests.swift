import InterlockCore
import Testing

@testable import Policy

/// The upstream NetworkPolicy e2e scenarios (test/e2e/network/netpol) on the x/y/z × a/b/c model.
/// Each case names the upstream test and gives the expected reachability as a predicate.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var policies: String
    var proto: IPProtocol = .tcp
    var port: UInt16 = 80
    var ipBlockSelectsPods = true
    var expected: @Sendable (String, String) -> Bool
    var testDescription: String { name }
}

private func ns(_ pod: String) -> String { String(pod.split(separator: "/")[0]) }

let upstreamScenarios: [Scenario] = [
    Scenario(
        name: "should support a 'default-deny-ingress' policy",
        policies: XYZ.policy("deny-ingress", "  podSelector: {}\n  ingress: []"),
        expected: { _, d in ns(d) != "x" }),
    Scenario(
        name: "should support a 'default-deny-all' policy",
        policies: XYZ.policy("deny-all", "  podSelector: {}\n  policyTypes: [Ingress, Egress]"),
        expected: { s, d in ns(s) != "x" && ns(d) != "x" }),
    Scenario(
        name: "should support allow-all policy",
        policies: XYZ.policy("allow-all", "  podSelector: {}\n  ingress: [{}]"),
        expected: { _, _ in true }),
    Scenario(
        name: "should enforce policy to allow traffic from pods within server namespace based on PodSelector",
        policies: XYZ.policy(
            "allow-b",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]"),
        expected: { s, d in d != "x/a" || s == "x/b" }),
    Scenario(
        name: "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector",
        policies: XYZ.policy(
            "allow-y",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}]}]"
        ),
        expected: { s, d in d != "x/a" || ns(s) == "y" }),
    Scenario(
        name: "should enforce policy based on PodSelector with MatchExpressions",
        policies: XYZ.policy(
            "allow-b-expr",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]}]"
        ),
        expected: { s, d in d != "x/a" || s == "x/b" }),
    Scenario(
        name: "should enforce policy based on NamespaceSelector with MatchExpressions",
        policies: XYZ.policy(
            "allow-not-x",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x]}]}}]}]"
        ),
        expected: { s, d in d != "x/a" || ns(s) != "x" }),
    Scenario(
        name: "should enforce policy based on PodSelector or NamespaceSelector (two peers: OR)",
        policies: XYZ.policy(
            "or",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x]}]}}, {podSelector: {matchLabels: {pod: b}}}]}]"
        ),
        expected: { s, d in d != "x/a" || ns(s) != "x" || s == "x/b" }),
    Scenario(
        name: "should enforce policy based on PodSelector and NamespaceSelector (one peer: AND)",
        policies: XYZ.policy(
            "and",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x]}]}, podSelector: {matchLabels: {pod: b}}}]}]"
        ),
        expected: { s, d in d != "x/a" || s == "y/b" || s == "z/b" }),
    Scenario(
        name: "should enforce policy based on Multiple PodSelectors and NamespaceSelectors",
        policies: XYZ.policy(
            "multi",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x]}]}, podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}}]}]"
        ),
        expected: { s, d in d != "x/a" || (ns(s) != "x" && !s.hasSuffix("/a")) }),
    Scenario(
        name: "should enforce policy based on any PodSelectors",
        policies: XYZ.policy(
            "any",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]}]"
        ),
        expected: { s, d in d != "x/a" || s == "x/b" || s == "x/c" }),
    Scenario(
        name:
            "should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
        policies: XYZ.policy(
            "y-a",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}, podSelector: {matchLabels: {pod: a}}}]}]"
        ),
        expected: { s, d in d != "x/a" || s == "y/a" }),
    Scenario(
        name: "should enforce policy based on Ports (port 81 only; probing 80)",
        policies: XYZ.policy(
            "p81",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: 81}]}]"
        ),
        expected: { _, d in d != "x/a" }),
    Scenario(
        name: "should enforce policy based on Ports (port 81 only; probing 81)",
        policies: XYZ.policy(
            "p81",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: 81}]}]"
        ),
        port: 81, expected: { s, d in d != "x/a" || ns(s) == "y" }),
    Scenario(
        name:
            "should enforce multiple, stacked policies with overlapping podSelectors (80 from y, 81 from z; probing 81)",
        policies: XYZ.policy(
            "p80",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: 80}]}]"
        )
            + XYZ.policy(
                "p81",
                "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: z}}}], ports: [{port: 81}]}]"
            ),
        port: 81, expected: { s, d in d != "x/a" || ns(s) == "z" }),
    Scenario(
        name: "should enforce multiple ingress policies with ingress allow-all policy taking precedence",
        policies: XYZ.policy("p81", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{port: 81}]}]")
            + XYZ.policy("all", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{}]"),
        expected: { _, _ in true }),
    Scenario(
        name: "should allow ingress access on one named port",
        policies: XYZ.policy("named", "  podSelector: {}\n  ingress: [{ports: [{port: serve-81-tcp}]}]"),
        port: 81, expected: { _, _ in true }),
    Scenario(
        name: "should allow ingress access on one named port (probing another port)",
        policies: XYZ.policy("named", "  podSelector: {}\n  ingress: [{ports: [{port: serve-81-tcp}]}]"),
        expected: { _, d in ns(d) != "x" }),
    Scenario(
        name: "should allow ingress access from namespace on one named port",
        policies: XYZ.policy(
            "named-ns",
            "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}], ports: [{port: serve-80-tcp}]}]"
        ),
        expected: { s, d in ns(d) != "x" || ns(s) == "y" }),
    Scenario(
        name: "should allow egress access on one named port (resolved on the destination)",
        policies: XYZ.policy(
            "egress-named",
            "  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: serve-80-udp, protocol: UDP}]}]"),
        proto: .udp, expected: { _, _ in true }),
    Scenario(
        name: "should allow egress access on one named port (probing another port)",
        policies: XYZ.policy(
            "egress-named",
            "  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: serve-80-udp, protocol: UDP}]}]"),
        proto: .udp, port: 81, expected: { s, _ in ns(s) != "x" }),
    Scenario(
        name: "a named port matches only its own protocol (serve-80-udp does not open TCP 80)",
        policies: XYZ.policy("named-udp", "  podSelector: {}\n  ingress: [{ports: [{port: serve-80-udp}]}]"),
        expected: { _, d in ns(d) != "x" }),
    Scenario(
        name:
            "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector",
        policies: XYZ.policy(
            "egress-y-b",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {ns: y}}, podSelector: {matchLabels: {pod: b}}}]}]"
        ),
        expected: { s, d in s != "x/a" || d == "y/b" }),
    Scenario(
        name:
            "should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)",
        policies: XYZ.policy("deny-egress", "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]")
            + XYZ.policy(
                "allow-from-x-a",
                "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: x}}, podSelector: {matchLabels: {pod: a}}}]}]"
            ),
        expected: { s, d in s != "x/a" && (ns(d) != "x") }),
    Scenario(
        name: "should work with Ingress, Egress specified together",
        policies: XYZ.policy(
            "both",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress, Egress]\n  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]\n  egress: [{to: [{namespaceSelector: {matchLabels: {ns: y}}}]}]"
        ),
        expected: { s, d in (d != "x/a" || s == "x/b") && (s != "x/a" || ns(d) == "y") }),
    Scenario(
        name: "should allow egress access to server in CIDR block",
        policies: XYZ.policy(
            "cidr",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.2.2/32}}]}]"
        ),
        expected: { s, d in s != "x/a" || d == "y/b" }),
    Scenario(
        name: "should enforce except clause while egress access to server in CIDR block",
        policies: XYZ.policy(
            "cidr-except",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.2.0/24, except: [10.0.2.2/32]}}]}]"
        ),
        expected: { s, d in s != "x/a" || d == "y/a" || d == "y/c" }),
    Scenario(
        name: "except is per peer: another peer's cidr still admits the excepted address (additive)",
        policies: XYZ.policy(
            "cidr-two",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.2.0/24, except: [10.0.2.2/32]}}, {ipBlock: {cidr: 10.0.2.2/32}}]}]"
        ),
        expected: { s, d in s != "x/a" || ns(d) == "y" }),
    Scenario(
        name: "ipBlocks match no pods with --ipblock-selects-pods false",
        policies: XYZ.policy(
            "cidr",
            "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]"
        ),
        ipBlockSelectsPods: false, expected: { s, _ in s != "x/a" }),
    Scenario(
        name: "should not allow access by TCP when a policy specifies only UDP",
        policies: XYZ.policy(
            "udp-only", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{protocol: UDP, port: 81}]}]"),
        port: 81, expected: { _, d in d != "x/a" }),
    Scenario(
        name: "should not allow access by TCP when a policy specifies only SCTP",
        policies: XYZ.policy(
            "sctp-only", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{protocol: SCTP}]}]"),
        expected: { _, d in d != "x/a" }),
    Scenario(
        name: "a protocol-only SCTP port matches every SCTP port",
        policies: XYZ.policy(
            "sctp-only", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{protocol: SCTP}]}]"),
        proto: .sctp, port: 81, expected: { _, _ in true }),
    Scenario(
        name: "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
        policies: XYZ.policy(
            "tcp-any", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{protocol: TCP}]}]"),
        port: 81, expected: { _, _ in true }),
    Scenario(
        name:
            "should enforce policy to allow ingress traffic from pods in all namespaces within a port range (endPort, inside)",
        policies: XYZ.policy(
            "range",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 80, endPort: 81}]}]"
        ),
        port: 81, expected: { _, _ in true }),
    Scenario(
        name: "endPort: a port outside the range is denied",
        policies: XYZ.policy(
            "range",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 70, endPort: 79}]}]"
        ),
        expected: { _, d in d != "x/a" }),
    Scenario(
        name: "namespaceSelector {} selects pods of every namespace; podSelector {} only the policy's own",
        policies: XYZ.policy(
            "own-ns", "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {}}]}]"),
        expected: { s, d in d != "x/a" || ns(s) == "x" }),
    Scenario(
        name: "should enforce multiple egress policies with egress allow-all policy taking precedence",
        policies: XYZ.policy(
            "e81", "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 81}]}]")
            + XYZ.policy("eall", "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress: [{}]"),
        expected: { _, _ in true }),
    Scenario(
        name: "an egress section without policyTypes makes the policy affect egress",
        policies: XYZ.policy(
            "implicit-egress",
            "  podSelector: {matchLabels: {pod: a}}\n  egress: [{to: [{podSelector: {matchLabels: {pod: b}}}]}]"),
        expected: { s, d in (s != "x/a" || d == "x/b") && d != "x/a" }),
    Scenario(
        name: "a policy in another namespace does not select x's pods",
        policies: XYZ.policy("deny-y", "  podSelector: {}\n  ingress: []", ns: "y"),
        expected: { _, d in ns(d) != "y" }),
]

@Suite struct UpstreamScenarioTests {
    @Test(arguments: upstreamScenarios)
    func scenario(_ s: Scenario) throws {
        let ev = try XYZ.evaluator(s.policies, ipBlockSelectsPods: s.ipBlockSelectsPods)
        let got = XYZ.reachable(ev, s.proto, s.port)
        let want = XYZ.pairs(s.expected)
        #expect(got.subtracting(want).sorted() == [], "allowed but expected denied")
        #expect(want.subtracting(got).sorted() == [], "denied but expected allowed")
    }
}
