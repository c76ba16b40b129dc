import InterlockCore

/// Generates NetworkPolicies and admin-tier policies over planned namespaces: default-deny where the
/// namespace asks for it, then allow rules of varied breadth: same-namespace app-to-app on named
/// ports, tenant-wide namespaceSelector AND podSelector peers, monitoring scrapes, ipBlocks with
/// excepts, DNS egress, matchExpressions, endPort ranges and protocol-only SCTP ports.
struct PolicySynthesizer {
    var random: SeededGenerator

    typealias Fields = [(String, JSON)]

    mutating func generate(count: Int, namespaces: [ClusterSynthesizer.NamespacePlan], emit: (JSON) -> Void) {
        guard count > 0 else { return }
        let totalWorkloads = namespaces.reduce(0) { $0 + $1.workloads.count }
        var left = count
        for (i, ns) in namespaces.enumerated() where left > 0 {
            // A share proportional to the namespace's workloads (the last namespace takes the rest).
            var share =
                i == namespaces.count - 1
                ? left
                : min(left, Int((Double(count) * Double(ns.workloads.count) / Double(totalWorkloads)).rounded()))
            var k = 0
            if ns.defaultDeny && share > 0 {
                emit(
                    policy(
                        "default-deny", ns.name, podSelector: [], types: ["Ingress", "Egress"], ingress: nil,
                        egress: nil))
                share -= 1
                left -= 1
                k += 1
            }
            while share > 0 {
                emit(allowPolicy(k, in: ns, tenants: namespaces))
                share -= 1
                left -= 1
                k += 1
            }
        }
    }

    func policy(
        _ name: String, _ namespace: String, podSelector: Fields, types: [String],
        ingress: [JSON]?, egress: [JSON]?
    ) -> JSON {
        var spec: Fields = [("podSelector", .object(podSelector))]
        if let ingress { spec.append(("ingress", .array(ingress))) }
        if let egress { spec.append(("egress", .array(egress))) }
        spec.append(("policyTypes", .array(types.map { .string($0) })))
        return .object([
            ("apiVersion", "networking.k8s.io/v1"), ("kind", "NetworkPolicy"),
            ("metadata", .object([("name", .string(name)), ("namespace", .string(namespace))])),
            ("spec", .object(spec)),
        ])
    }

    static func labels(_ pairs: (String, String)...) -> JSON {
        .object([("matchLabels", .object(pairs.map { ($0.0, .string($0.1)) }))])
    }

    static func port(_ proto: String, _ port: JSON?, endPort: Int? = nil) -> JSON {
        var f: Fields = [("protocol", .string(proto))]
        if let port { f.append(("port", port)) }
        if let endPort { f.append(("endPort", .int(endPort))) }
        return .object(f)
    }

    static func rule(_ direction: String, peers: [JSON]?, ports: [JSON]?) -> JSON {
        var f: Fields = []
        if let peers { f.append((direction == "ingress" ? "from" : "to", .array(peers))) }
        if let ports { f.append(("ports", .array(ports))) }
        return .object(f)
    }

    /// One allow policy of a randomly chosen shape for a random workload of the namespace.
    mutating func allowPolicy(
        _ k: Int, in ns: ClusterSynthesizer.NamespacePlan, tenants: [ClusterSynthesizer.NamespacePlan]
    ) -> JSON {
        let w = ns.workloads.randomElement(using: &random)!
        let peer = ns.workloads.randomElement(using: &random)!
        let target: Fields = [("matchLabels", .object([("app", .string(w.name))]))]
        let named = w.app.ports.first
        let appPort: JSON = named.map { .string($0.0) } ?? .int(8080)
        let appProto = named?.2 ?? "TCP"
        let name = "np-\(k)"
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<30:
            return policy(
                "\(name)-\(w.name)-from-\(peer.name)", ns.name, podSelector: target, types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress", peers: [.object([("podSelector", Self.labels(("app", peer.name)))])],
                        ports: [Self.port(appProto, appPort)])
                ], egress: nil)
        case 30..<45:
            return policy(
                "\(name)-\(w.name)-from-tenant", ns.name, podSelector: target, types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress",
                        peers: [
                            .object([
                                ("namespaceSelector", Self.labels(("tenant", ns.tenant))),
                                ("podSelector", Self.labels(("tier", "frontend"))),
                            ])
                        ], ports: [Self.port(appProto, appPort)])
                ], egress: nil)
        case 45..<55:
            return policy(
                "\(name)-metrics-from-monitoring", ns.name, podSelector: [], types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress",
                        peers: [
                            .object([
                                ("namespaceSelector", Self.labels(("kubernetes.io/metadata.name", "monitoring")))
                            ])
                        ], ports: [Self.port("TCP", "metrics")])
                ], egress: nil)
        case 55..<63:
            let exceptions: [JSON] = ["10.0.0.0/8", "172.16.0.0/12"]
            return policy(
                "\(name)-\(w.name)-from-internet", ns.name, podSelector: target, types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress",
                        peers: [
                            .object([
                                (
                                    "ipBlock",
                                    .object([
                                        ("cidr", "0.0.0.0/0"), ("except", .array(exceptions)),
                                    ])
                                )
                            ])
                        ],
                        ports: [Self.port("TCP", 443), Self.port("TCP", 8443)])
                ], egress: nil)
        case 63..<75:
            return policy(
                "\(name)-egress-dns", ns.name, podSelector: [], types: ["Egress"], ingress: nil,
                egress: [
                    Self.rule(
                        "egress",
                        peers: [
                            .object([
                                ("namespaceSelector", Self.labels(("kubernetes.io/metadata.name", "kube-system"))),
                                ("podSelector", Self.labels(("k8s-app", "kube-dns"))),
                            ])
                        ], ports: [Self.port("UDP", 53), Self.port("TCP", 53)])
                ])
        case 75..<83:
            let cidr = Vocabulary.externalCIDRs.randomElement(using: &random)!
            let ranged = Bool.random(using: &random)
            return policy(
                "\(name)-\(w.name)-egress-external", ns.name, podSelector: target, types: ["Egress"], ingress: nil,
                egress: [
                    Self.rule(
                        "egress", peers: [.object([("ipBlock", .object([("cidr", .string(cidr))]))])],
                        ports: [ranged ? Self.port("TCP", 8000, endPort: 8999) : Self.port("TCP", 443)])
                ])
        case 83..<92:
            let expressions: [JSON] = [
                .object([("key", "tier"), ("operator", "In"), ("values", ["backend", "db", "cache"])]),
                .object([("key", "version"), ("operator", "NotIn"), ("values", ["v0"])]),
            ]
            let peerExpressions: [JSON] = [
                .object([("key", "gpu"), ("operator", Bool.random(using: &random) ? "Exists" : "DoesNotExist")])
            ]
            return policy(
                "\(name)-backends-by-expression", ns.name,
                podSelector: [("matchExpressions", .array(expressions))], types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress",
                        peers: [.object([("podSelector", .object([("matchExpressions", .array(peerExpressions))]))])],
                        ports: nil)
                ], egress: nil)
        case 92..<96:
            return policy(
                "\(name)-nodeports", ns.name, podSelector: target, types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress", peers: [.object([("ipBlock", .object([("cidr", "192.168.0.0/16")]))])],
                        ports: [Self.port("TCP", 30000, endPort: 32767)])
                ], egress: nil)
        default:
            return policy(
                "\(name)-sctp-from-tenant", ns.name, podSelector: target, types: ["Ingress"],
                ingress: [
                    Self.rule(
                        "ingress", peers: [.object([("namespaceSelector", Self.labels(("tenant", ns.tenant)))])],
                        ports: [Self.port("SCTP", nil)])
                ], egress: nil)
        }
    }
}
