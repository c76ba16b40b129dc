import InterlockCore
import Manifests
import Testing

@testable import Policy

/// An admin-tier policy written once and rendered in both API versions: AdminNetworkPolicy /
/// BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy (v1alpha2).
struct AdminSpec: Sendable {
    enum Port: Sendable {
        case number(String, Int)
        case range(String, Int, Int)
        case named(String)
    }
    struct Rule: Sendable {
        var action: String  // Allow, Deny, Pass
        var peers: [String]  // peer mappings in flow YAML, e.g. "{namespaces: {matchLabels: {ns: y}}}"
        var ports: [Port]? = nil
        var name: String? = nil
    }
    var name: String
    var baseline = false
    var priority = 0
    var subject = "{namespaces: {matchLabels: {ns: x}}}"
    var ingress: [Rule] = []
    var egress: [Rule] = []

    func render(asCNP: Bool) -> String {
        var out: String
        if asCNP {
            out =
                "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: \(name)}\nspec:\n"
            out += "  tier: \(baseline ? "Baseline" : "Admin")\n  priority: \(priority)\n"
        } else if baseline {
            out =
                "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n"
        } else {
            out =
                "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: \(name)}\nspec:\n  priority: \(priority)\n"
        }
        out += "  subject: \(subject)\n"
        for (key, peerKey, rules) in [("ingress", "from", ingress), ("egress", "to", egress)] where !rules.isEmpty {
            out += "  \(key):\n"
            for r in rules {
                let action = asCNP && r.action == "Allow" ? "Accept" : r.action
                out += "  - action: \(action)\n"
                if let name = r.name { out += "    name: \(name)\n" }
                out += "    \(peerKey): [\(r.peers.joined(separator: ", "))]\n"
                if let ports = r.ports {
                    out += "    \(asCNP ? "protocols" : "ports"):\n"
                    for p in ports { out += "    - " + render(p, asCNP) + "\n" }
                }
            }
        }
        return out + "---\n"
    }

    private func render(_ p: Port, _ asCNP: Bool) -> String {
        switch (p, asCNP) {
        case (.number(let proto, let n), false): return "{portNumber: {protocol: \(proto), port: \(n)}}"
        case (.number(let proto, let n), true): return "{\(proto.lowercased()): {destinationPort: {number: \(n)}}}"
        case (.range(let proto, let a, let b), false):
            return "{portRange: {protocol: \(proto), start: \(a), end: \(b)}}"
        case (.range(let proto, let a, let b), true):
            return "{\(proto.lowercased()): {destinationPort: {range: {start: \(a), end: \(b)}}}}"
        case (.named(let name), false): return "{namedPort: \(name)}"
        case (.named(let name), true): return "{destinationNamedPort: \(name)}"
        }
    }
}

struct AdminCase: Sendable, CustomTestStringConvertible {
    struct Check: Sendable {
        var source: String, destination: String
        var proto: IPProtocol = .tcp
        var port: UInt16 = 80
        var allowed: Bool
    }
    var name: String
    var admin: [AdminSpec]
    var networkPolicies = ""
    var ipBlockSelectsPods = true
    var checks: [Check]
    var testDescription: String { name }
}

private let fromY = "{namespaces: {matchLabels: {ns: y}}}"
private let fromAll = "{namespaces: {}}"
private typealias Check = AdminCase.Check

let adminCases: [AdminCase] = [
    AdminCase(
        name: "Deny over a NetworkPolicy allow",
        admin: [AdminSpec(name: "deny-y", priority: 10, ingress: [.init(action: "Deny", peers: [fromY])])],
        networkPolicies: XYZ.policy("allow-all", "  podSelector: {}\n  ingress: [{}]"),
        checks: [
            Check(source: "y/a", destination: "x/a", allowed: false),
            Check(source: "z/a", destination: "x/a", allowed: true),
        ]),
    AdminCase(
        name: "Allow over a NetworkPolicy deny",
        admin: [AdminSpec(name: "allow-y", priority: 10, ingress: [.init(action: "Allow", peers: [fromY])])],
        networkPolicies: XYZ.policy("deny", "  podSelector: {}\n  ingress: []"),
        checks: [
            Check(source: "y/a", destination: "x/a", allowed: true),
            Check(source: "z/a", destination: "x/a", allowed: false),
        ]),
    AdminCase(
        name: "Pass into NetworkPolicy (which decides) and Deny below it",
        admin: [
            AdminSpec(name: "pass-y", priority: 5, ingress: [.init(action: "Pass", peers: [fromY])]),
            AdminSpec(name: "deny-all", priority: 10, ingress: [.init(action: "Deny", peers: [fromAll])]),
        ],
        networkPolicies: XYZ.policy(
            "only-b",
            "  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: b}}}]}]"),
        checks: [
            Check(source: "y/b", destination: "x/a", allowed: true),
            Check(source: "y/a", destination: "x/a", allowed: false),
            Check(source: "z/b", destination: "x/a", allowed: false),
        ]),
    AdminCase(
        name: "Pass into baseline when no NetworkPolicy selects the pod",
        admin: [
            AdminSpec(name: "pass-all", priority: 5, ingress: [.init(action: "Pass", peers: [fromAll])]),
            AdminSpec(name: "default", baseline: true, priority: 0, ingress: [.init(action: "Deny", peers: [fromY])]),
        ],
        checks: [
            Check(source: "y/a", destination: "x/a", allowed: false),
            Check(source: "z/a", destination: "x/a", allowed: true),
        ]),
    AdminCase(
        name: "a NetworkPolicy selecting the pod skips the baseline",
        admin: [
            AdminSpec(name: "default", baseline: true, priority: 0, ingress: [.init(action: "Deny", peers: [fromY])])
        ],
        networkPolicies: XYZ.policy(
            "allow-y",
            "  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}]}]"
        ),
        checks: [
            Check(source: "y/a", destination: "x/a", allowed: true),
            Check(source: "y/a", destination: "x/b", allowed: false),
        ]),
    AdminCase(
        name: "priority: the lower number is evaluated first",
        admin: [
            AdminSpec(name: "a-deny", priority: 20, ingress: [.init(action: "Deny", peers: [fromY])]),
            AdminSpec(name: "b-allow", priority: 10, ingress: [.init(action: "Allow", peers: [fromY])]),
        ],
        networkPolicies: XYZ.policy("deny", "  podSelector: {}\n  ingress: []"),
        checks: [Check(source: "y/a", destination: "x/a", allowed: true)]),
    AdminCase(
        name: "first match inside a policy",
        admin: [
            AdminSpec(
                name: "ordered", priority: 10,
                ingress: [
                    .init(
                        action: "Allow",
                        peers: [
                            "{pods: {namespaceSelector: {matchLabels: {ns: y}}, podSelector: {matchLabels: {pod: a}}}}"
                        ], name: "allow-y-a"),
                    .init(action: "Deny", peers: [fromY], name: "deny-rest-of-y"),
                ])
        ],
        checks: [
            Check(source: "y/a", destination: "x/a", allowed: true),
            Check(source: "y/b", destination: "x/a", allowed: false),
        ]),
    AdminCase(
        name: "port ranges",
        admin: [
            AdminSpec(
                name: "range", priority: 10,
                ingress: [.init(action: "Deny", peers: [fromY], ports: [.range("TCP", 80, 81)])])
        ],
        checks: [
            Check(source: "y/a", destination: "x/a", port: 81, allowed: false),
            Check(source: "y/a", destination: "x/a", port: 82, allowed: true),
            Check(source: "y/a", destination: "x/a", proto: .udp, port: 80, allowed: true),
        ]),
    AdminCase(
        name: "port numbers default to one protocol",
        admin: [
            AdminSpec(
                name: "udp", priority: 10, ingress: [.init(action: "Deny", peers: [fromY], ports: [.number("UDP", 80)])]
            )
        ],
        checks: [
            Check(source: "y/a", destination: "x/a", proto: .udp, port: 80, allowed: false),
            Check(source: "y/a", destination: "x/a", allowed: true),
        ]),
    AdminCase(
        name: "named ports resolve on the destination pod, protocol included",
        admin: [
            AdminSpec(
                name: "named", priority: 10,
                egress: [.init(action: "Deny", peers: [fromY], ports: [.named("serve-80-tcp")])])
        ],
        checks: [
            Check(source: "x/a", destination: "y/a", allowed: false),
            Check(source: "x/a", destination: "y/a", port: 81, allowed: true),
            Check(source: "x/a", destination: "y/a", proto: .udp, port: 80, allowed: true),
        ]),
    AdminCase(
        name: "networks match pod IPs too",
        admin: [
            AdminSpec(
                name: "networks", priority: 10, egress: [.init(action: "Deny", peers: ["{networks: [10.0.2.0/24]}"])])
        ],
        checks: [
            Check(source: "x/a", destination: "y/c", allowed: false),
            Check(source: "x/a", destination: "z/c", allowed: true),
        ]),
    // The switch that makes ipBlocks cluster-external only does the same to networks peers.
    AdminCase(
        name: "networks match no pod with --ipblock-selects-pods false",
        admin: [
            AdminSpec(
                name: "networks", priority: 10, egress: [.init(action: "Deny", peers: ["{networks: [0.0.0.0/0]}"])])
        ],
        ipBlockSelectsPods: false,
        checks: [
            Check(source: "x/a", destination: "y/c", allowed: true),
            Check(source: "x/a", destination: "192.0.2.1", allowed: false),
        ]),
    AdminCase(
        name: "nodes peers match node addresses",
        admin: [AdminSpec(name: "nodes", priority: 10, egress: [.init(action: "Deny", peers: ["{nodes: {}}"])])],
        checks: [
            Check(source: "x/a", destination: "node/n2", allowed: false),
            Check(source: "x/a", destination: "y/a", allowed: true),
        ]),
    AdminCase(
        name: "egress Allow is final for egress; the destination's ingress still applies",
        admin: [AdminSpec(name: "allow-egress", priority: 10, egress: [.init(action: "Allow", peers: [fromAll])])],
        networkPolicies: XYZ.policy("deny-egress", "  podSelector: {}\n  policyTypes: [Egress]")
            + XYZ.policy("deny-ingress-y", "  podSelector: {}\n  ingress: []", ns: "y"),
        checks: [
            Check(source: "x/a", destination: "z/a", allowed: true),
            Check(source: "x/a", destination: "y/a", allowed: false),
        ]),
    AdminCase(
        name: "a subject never includes pods of other namespaces",
        admin: [AdminSpec(name: "deny-y", priority: 10, ingress: [.init(action: "Deny", peers: [fromY])])],
        checks: [Check(source: "y/a", destination: "z/a", allowed: true)]),
]

@Suite struct AdminTierTests {
    func run(_ c: AdminCase, asCNP: Bool) throws {
        let ev = try XYZ.evaluator(
            c.networkPolicies + c.admin.map { $0.render(asCNP: asCNP) }.joined(),
            ipBlockSelectsPods: c.ipBlockSelectsPods)
        #expect(ev.policies.adminPolicies.count == c.admin.count)
        for check in c.checks {
            let q = Query(
                source: try ev.inventory.endpoint(named: check.source),
                destination: try ev.inventory.endpoint(named: check.destination),
                proto: check.proto, port: check.port)
            let v = ev.verdict(q)
            #expect(
                v.allowed == check.allowed,
                "\(asCNP ? "CNP" : "ANP"): \(check.source) -> \(check.destination) \(check.proto) \(check.port)")
            #expect(ev.isAllowed(q) == v.allowed)
        }
    }

    @Test(arguments: adminCases) func asAdminNetworkPolicy(_ c: AdminCase) throws { try run(c, asCNP: false) }
    @Test(arguments: adminCases) func asClusterNetworkPolicy(_ c: AdminCase) throws { try run(c, asCNP: true) }

    @Test func explanationNamesTierPolicyRuleAndAction() throws {
        let c = adminCases.first { $0.name == "first match inside a policy" }!
        let ev = try XYZ.evaluator(c.admin.map { $0.render(asCNP: false) }.joined())
        let v = ev.verdict(
            Query(source: XYZ.endpoint(ev, "y/b"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
        let step = try #require(v.ingress.decidedBy.first)
        #expect(
            step.tier == .admin && step.action == .denies && step.rule?.index == 1
                && step.rule?.name == "deny-rest-of-y")
        #expect(step.description.contains("AdminNetworkPolicy ordered ingress rule 1 'deny-rest-of-y'"))
        #expect(step.description.hasSuffix("denies: priority 10"))
    }

    @Test func emptyPeerFailsClosed() throws {
        // "For Accept rules, 'fail closed' means: treat the rule as matching no traffic. For Deny and
        // Pass rules, 'fail closed' means: treat the rule as a 'Deny all' rule."
        for (action, allowed) in [("Allow", false), ("Pass", false), ("Deny", false)] {
            let spec = AdminSpec(name: "broken", priority: 1, ingress: [.init(action: action, peers: ["{}"])])
            let ev = try XYZ.evaluator(
                spec.render(asCNP: false) + XYZ.policy("deny", "  podSelector: {}\n  ingress: []"))
            #expect(
                ev.isAllowed(
                    Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80))
                    == allowed)
        }
        let allowOnly = AdminSpec(name: "broken", priority: 1, ingress: [.init(action: "Allow", peers: ["{}"])])
        let ev = try XYZ.evaluator(allowOnly.render(asCNP: true))
        #expect(
            ev.isAllowed(
                Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80)))
    }

    @Test func samePriorityOverlapIsReported() throws {
        let a = AdminSpec(name: "a", priority: 10, ingress: [.init(action: "Allow", peers: [fromY])])
        let b = AdminSpec(
            name: "b", priority: 10, subject: "{pods: {podSelector: {matchLabels: {pod: a}}}}",
            ingress: [.init(action: "Deny", peers: [fromY])])
        let input = try XYZ.input(a.render(asCNP: false) + b.render(asCNP: false))
        let warnings = input.policies.priorityConflicts(in: input.inventory)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("AdminNetworkPolicy a and AdminNetworkPolicy b share priority 10") == true)
        // Deterministic: ties go by name.
        let ev = ReferenceEvaluator(inventory: input.inventory, policies: input.policies)
        #expect(
            ev.isAllowed(
                Query(source: XYZ.endpoint(ev, "y/a"), destination: XYZ.endpoint(ev, "x/a"), proto: .tcp, port: 80)))
    }

    @Test(
        arguments: [
            (
                "kind: AdminNetworkPolicy\nmetadata: {name: p}\nspec: {priority: 1001, subject: {namespaces: {}}}",
                "outside 0-1000"
            ),
            (
                "kind: BaselineAdminNetworkPolicy\nmetadata: {name: p}\nspec: {subject: {namespaces: {}}}",
                "must be named 'default'"
            ),
            (
                "kind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}, ingress: [{action: Pass, from: [{namespaces: {}}]}]}",
                "action must be Allow, Deny"
            ),
            (
                "kind: AdminNetworkPolicy\nmetadata: {name: p}\nspec: {priority: 1, subject: {namespaces: {}, pods: {podSelector: {}}}}",
                "exactly one of"
            ),
            (
                "kind: AdminNetworkPolicy\nmetadata: {name: p}\nspec: {priority: 1, subject: {namespaces: []}}",
                "a label selector must be a mapping"
            ),
            (
                "kind: AdminNetworkPolicy\nmetadata: {name: p}\nspec: {priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portRange: {start: 90, end: 80}}]}]}",
                "must be below end"
            ),
        ] as [(String, String)])
    func invalidAdminPoliciesAreInputErrors(_ body: String, _ message: String) throws {
        do {
            _ = try XYZ.input("apiVersion: policy.networking.k8s.io/v1alpha1\n" + body + "\n---\n")
            Issue.record("accepted: \(body)")
        } catch let error as InputError {
            #expect(error.line != nil && error.message.contains(message), "\(error)")
        }
    }
}
