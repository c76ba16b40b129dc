import Documents
import InterlockCore
import Manifests

extension AdminPolicy {
    /// Reads an AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)
    /// or a ClusterNetworkPolicy (v1alpha2), validating as their CRDs do.
    public static func decode(_ object: ManifestObject) throws(InputError) -> AdminPolicy {
        let spec = try object.cursor.required("spec")
        let ref = PolicyRef(kind: object.kind, namespace: nil, name: object.name, location: object.location)
        let isCNP = object.kind == "ClusterNetworkPolicy"
        let tier: AdminTier
        var priority = 0
        switch object.kind {
        case "AdminNetworkPolicy":
            try spec.rejectUnknownKeys(["priority", "subject", "ingress", "egress"], in: "AdminNetworkPolicy spec")
            tier = .admin
            priority = try Self.priority(spec, kind: object.kind)
        case "BaselineAdminNetworkPolicy":
            try spec.rejectUnknownKeys(["subject", "ingress", "egress"], in: "BaselineAdminNetworkPolicy spec")
            // The baseline policy is a singleton: the API only accepts the name `default`.
            guard object.name == "default" else {
                throw object.cursor.error(
                    "a BaselineAdminNetworkPolicy must be named 'default' (got '\(InputError.excerpt(object.name))')")
            }
            tier = .baseline
        default:
            try spec.rejectUnknownKeys(
                ["tier", "priority", "subject", "ingress", "egress"], in: "ClusterNetworkPolicy spec")
            let t = try spec.required("tier")
            switch try t.string() {
            case "Admin": tier = .admin
            case "Baseline": tier = .baseline
            default: throw t.error("tier must be Admin or Baseline")
            }
            priority = try Self.priority(spec, kind: object.kind)
        }
        let actions: [String: AdminAction] =
            isCNP
            ? ["Accept": .allow, "Deny": .deny, "Pass": .pass]
            : tier == .admin ? ["Allow": .allow, "Deny": .deny, "Pass": .pass] : ["Allow": .allow, "Deny": .deny]
        return AdminPolicy(
            ref: ref, tier: tier, priority: priority, subject: try subject(spec.required("subject"), kind: object.kind),
            ingress: try rules(spec, .ingress, ref, actions: actions, isCNP: isCNP),
            egress: try rules(spec, .egress, ref, actions: actions, isCNP: isCNP))
    }

    private static func priority(_ spec: Cursor, kind: String) throws(InputError) -> Int {
        guard
            let p = try spec.requiredOrZero(
                "priority", in: "\(kind) spec", treatedAs: "0 (evaluated before every other priority)")
        else { return 0 }
        let n = try p.int()
        guard (0...1000).contains(n) else { throw p.error("priority \(n) is outside 0-1000") }
        return n
    }

    static func subject(_ c: Cursor, kind: String) throws(InputError) -> AdminSubject {
        try c.rejectUnknownKeys(["namespaces", "pods"], in: "subject")
        switch (c.optional("namespaces"), c.optional("pods")) {
        case (let ns?, nil): return .namespaces(try LabelSelector.decode(ns))
        case (nil, let pods?):
            let (ns, p) = try namespacedPod(pods, "\(kind) pods subject")
            return .pods(namespaceSelector: ns, podSelector: p)
        default: throw c.error("subject needs exactly one of 'namespaces' and 'pods'")
        }
    }

    /// NamespacedPod: both selectors are required, and both are plain (not pointer) LabelSelectors in
    /// the Go types, so a missing one decodes as `{}`, which selects everything.
    private static func namespacedPod(_ c: Cursor, _ what: String) throws(InputError) -> (LabelSelector, LabelSelector)
    {
        try c.rejectUnknownKeys(["namespaceSelector", "podSelector"], in: what)
        func selector(_ key: String, _ zero: String) throws(InputError) -> LabelSelector {
            try c.requiredOrZero(key, in: what, treatedAs: "{} (\(zero))").map { s throws(InputError) in
                try LabelSelector.decode(s)
            } ?? .everything
        }
        return (try selector("namespaceSelector", "all namespaces"), try selector("podSelector", "all pods"))
    }

    private static func rules(
        _ spec: Cursor, _ direction: Direction, _ policy: PolicyRef,
        actions: [String: AdminAction], isCNP: Bool
    ) throws(InputError) -> [AdminRule] {
        let peerKey = direction == .ingress ? "from" : "to"
        let portKey = isCNP ? "protocols" : "ports"
        var out: [AdminRule] = []
        for (index, r) in (try spec.optional(direction.rawValue)?.array() ?? []).enumerated() {
            try r.rejectUnknownKeys(["name", "action", peerKey, portKey], in: "\(direction.rawValue) rule")
            let a = try r.required("action")
            let text = try a.string()
            guard let action = actions[text] else {
                throw a.error("action must be \(actions.keys.sorted().joined(separator: ", ")) (got '\(text)')")
            }
            var peers: [(peer: AdminPeer, location: SourceLocation)] = []
            let none = "[] (the rule matches no peer)"
            for p in try r.requiredOrZero(peerKey, in: "\(policy.kind) \(direction.rawValue) rule", treatedAs: none)?
                .array() ?? []
            {
                peers.append((try peer(p, direction, kind: policy.kind), p.location))
            }
            if peers.isEmpty, r.optional(peerKey) != nil {
                try r.tolerate(
                    "missing-field",
                    "\(policy.kind) \(direction.rawValue) rule has an empty '\(peerKey)': it matches no peer; the API server requires at least one"
                )
            }
            var ports: [AdminPort]?
            if let list = r.optional(portKey) {
                var parsed: [AdminPort] = []
                for p in try list.array() { parsed.append(isCNP ? try protocolMatch(p) : try port(p)) }
                ports = parsed
            }
            let ref = RuleRef(
                policy: policy, direction: direction, index: index,
                name: try r.optional("name")?.string(), location: r.location)
            out.append(AdminRule(ref: ref, action: action, peers: peers, ports: ports))
        }
        return out
    }

    static func peer(_ c: Cursor, _ direction: Direction, kind: String) throws(InputError) -> AdminPeer {
        let keys: Set<String> =
            direction == .ingress
            ? ["namespaces", "pods"] : ["namespaces", "pods", "nodes", "networks", "domainNames"]
        try c.rejectUnknownKeys(keys, in: "\(direction == .ingress ? "ingress" : "egress") peer")
        // Only the direction's fields: another one was dropped as unknown (an ingress `nodes` fails closed).
        func field(_ key: String) -> Cursor? { keys.contains(key) ? c.optional(key) : nil }
        let present = keys.filter { c.optional($0) != nil }
        guard present.count <= 1 else {
            throw c.error("a peer sets exactly one of \(keys.sorted().joined(separator: ", "))")
        }
        if let ns = field("namespaces") { return .namespaces(try LabelSelector.decode(ns)) }
        if let pods = field("pods") {
            let (ns, p) = try namespacedPod(pods, "\(kind) pods peer")
            return .pods(namespaceSelector: ns, podSelector: p)
        }
        if let nodes = field("nodes") { return .nodes(try LabelSelector.decode(nodes)) }
        if let networks = field("networks") {
            var cidrs: [CIDR] = []
            for n in try networks.array() { cidrs.append(try n.cidr()) }
            return .networks(cidrs)
        }
        if let names = field("domainNames") {
            var out: [String] = []
            for n in try names.array() { out.append(try n.string()) }
            return .domainNames(out)
        }
        return .empty
    }

    /// AdminNetworkPolicyPort: exactly one of `portNumber {protocol, port}`, `namedPort`,
    /// `portRange {protocol, start, end}` (start below end).
    static func port(_ c: Cursor) throws(InputError) -> AdminPort {
        try c.rejectUnknownKeys(["portNumber", "namedPort", "portRange"], in: "port")
        if let n = c.optional("portNumber") {
            try n.rejectUnknownKeys(["protocol", "port"], in: "portNumber")
            let p = try n.required("port").port()
            return .range(try n.policyProtocol(), PortRange(p))
        }
        if let name = c.optional("namedPort") { return .named(try name.string()) }
        if let r = c.optional("portRange") {
            return try range(r, protocolKey: "protocol", proto: try r.policyProtocol())
        }
        throw c.error("a port sets exactly one of portNumber, namedPort, portRange")
    }

    /// ClusterNetworkPolicyProtocol: one of `tcp`, `udp`, `sctp` with an optional
    /// `destinationPort {number | range {start, end}}`, or `destinationNamedPort`.
    static func protocolMatch(_ c: Cursor) throws(InputError) -> AdminPort {
        try c.rejectUnknownKeys(["tcp", "udp", "sctp", "destinationNamedPort"], in: "protocols entry")
        if let name = c.optional("destinationNamedPort") { return .named(try name.string()) }
        for (key, proto) in [("tcp", IPProtocol.tcp), ("udp", .udp), ("sctp", .sctp)] {
            guard let p = c[key] else { continue }
            guard let port = p.optional("destinationPort") else { return .range(proto, PortRange.valid) }
            try port.rejectUnknownKeys(["number", "range"], in: "destinationPort")
            if let n = port.optional("number") { return .range(proto, PortRange(try n.port())) }
            return try range(try port.required("range"), protocolKey: nil, proto: proto)
        }
        throw c.error("a protocols entry sets one of tcp, udp, sctp, destinationNamedPort")
    }

    private static func range(_ r: Cursor, protocolKey: String?, proto: IPProtocol) throws(InputError) -> AdminPort {
        try r.rejectUnknownKeys(Set(["start", "end"] + (protocolKey.map { [$0] } ?? [])), in: "port range")
        let start = try r.required("start").port("start")
        let end = try r.required("end").port("end")
        // "Start defines a network port that is the start of a port range, the Start value must be less than End."
        guard start < end else { throw r.error("port range start \(start) must be below end \(end)") }
        return .range(proto, PortRange(start, end))
    }
}
