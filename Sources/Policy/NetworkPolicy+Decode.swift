import Documents
import InterlockCore
import Manifests

extension NetworkPolicy {
    /// Reads a NetworkPolicy (or, with `networks`, a MultiNetworkPolicy) with the API server's
    /// defaulting and validation; unknown fields are rejected by a strict cursor, dropped with a warning
    /// by a tolerant one (see `Cursor`).
    public static func decode(_ object: ManifestObject, networks: [String] = []) throws(InputError) -> NetworkPolicy {
        let c = object.cursor
        // `spec` is `omitempty` in the Go type: the API server takes a policy without one as an empty spec,
        // which selects every pod of the namespace and isolates it for ingress.
        if c.optional("spec") == nil {
            try c.tolerate(
                "missing-field",
                "\(object.kind) has no spec: treated as {} (every pod of namespace \(object.effectiveNamespace) isolated for ingress, no ingress allowed), as the API server takes it"
            )
        }
        let spec = c.optional("spec") ?? Cursor(node: .mapping(.init(entries: [], mark: c.mark)), file: c.file)
        try spec.rejectUnknownKeys(["podSelector", "policyTypes", "ingress", "egress"], in: "\(object.kind) spec")
        let ref = PolicyRef(
            kind: object.kind, namespace: object.effectiveNamespace, name: object.name, location: object.location)
        // "This field is NOT optional and follows standard label selector semantics. An empty
        // podSelector matches all pods in this namespace." A missing one decodes as empty.
        let podSelector =
            try spec.optional("podSelector").map { s throws(InputError) in try LabelSelector.decode(s) } ?? .everything
        let ingress = try rules(spec, .ingress, ref)
        let egress = try rules(spec, .egress, ref)
        var types = try directions(spec, "policyTypes")
        if types.isEmpty {
            // "If this field is not specified, it will default based on the existence of ingress or
            // egress rules; policies that contain an egress section are assumed to affect egress, and
            // all policies (whether or not they contain an ingress section) are assumed to affect ingress."
            types.insert(.ingress)
            if !egress.isEmpty { types.insert(.egress) }
        }
        return NetworkPolicy(
            ref: ref, namespace: object.effectiveNamespace, podSelector: podSelector,
            affectsIngress: types.contains(.ingress), affectsEgress: types.contains(.egress),
            ingress: ingress, egress: egress, networks: networks)
    }

    /// The directions listed under `key` (`Ingress`, `Egress`); empty when absent.
    static func directions(_ spec: Cursor, _ key: String) throws(InputError) -> Set<Direction> {
        var types = Set<Direction>()
        for t in try spec.optional(key)?.array() ?? [] {
            switch try t.string() {
            case "Ingress": types.insert(.ingress)
            case "Egress": types.insert(.egress)
            default: throw t.error("\(key) entries must be Ingress or Egress")
            }
        }
        return types
    }

    private static func rules(_ spec: Cursor, _ direction: Direction, _ policy: PolicyRef) throws(InputError)
        -> [PolicyRule]
    {
        let peerKey = direction == .ingress ? "from" : "to"
        var out: [PolicyRule] = []
        for (index, r) in (try spec.optional(direction.rawValue)?.array() ?? []).enumerated() {
            try r.rejectUnknownKeys([peerKey, "ports"], in: "\(direction.rawValue) rule")
            let ref = RuleRef(policy: policy, direction: direction, index: index, name: nil, location: r.location)
            // "If this field is empty or missing, this rule matches all sources/destinations."
            var peers: [(peer: PolicyPeer, location: SourceLocation)]?
            var hostBits: [(text: String, location: SourceLocation)] = []
            let peerItems = try r.optional(peerKey)?.array() ?? []
            if !peerItems.isEmpty {
                var list: [(peer: PolicyPeer, location: SourceLocation)] = []
                for p in peerItems {
                    list.append((try peer(p), p.location))
                    hostBits += hostBitCIDRs(p)
                }
                peers = list
            }
            // "If this field is empty or missing, this rule matches all ports."
            var ports: [PolicyPort]?
            let portItems = try r.optional("ports")?.array() ?? []
            if !portItems.isEmpty {
                var list: [PolicyPort] = []
                for p in portItems { list.append(try port(p)) }
                ports = list
            }
            out.append(PolicyRule(ref: ref, peers: peers, ports: ports, hostBitCIDRs: hostBits))
        }
        return out
    }

    static func peer(_ p: Cursor) throws(InputError) -> PolicyPeer {
        try p.rejectUnknownKeys(["podSelector", "namespaceSelector", "ipBlock"], in: "peer")
        if let block = p.optional("ipBlock") {
            // "If this field is set then neither of the other fields can be."
            guard p.optional("podSelector") == nil, p.optional("namespaceSelector") == nil else {
                throw block.error("ipBlock cannot be combined with podSelector or namespaceSelector in one peer")
            }
            try block.rejectUnknownKeys(["cidr", "except"], in: "ipBlock")
            let cidr = try block.required("cidr").cidr()
            var except: [CIDR] = []
            for e in try block.optional("except")?.array() ?? [] { except.append(try e.cidr()) }
            return .ipBlock(IPBlock(cidr: cidr, except: except))
        }
        let ns = try p.optional("namespaceSelector").map { s throws(InputError) in try LabelSelector.decode(s) }
        let pods = try p.optional("podSelector").map { s throws(InputError) in try LabelSelector.decode(s) }
        if ns == nil && pods == nil { return .empty }
        return .pods(namespaceSelector: ns, podSelector: pods)
    }

    /// The CIDRs of a peer's ipBlock (already decoded) written with host bits set.
    static func hostBitCIDRs(_ peer: Cursor) -> [(text: String, location: SourceLocation)] {
        guard let block = peer.optional("ipBlock") else { return [] }
        let values = [block.optional("cidr")].compactMap { $0 } + ((try? block.optional("except")?.array()) ?? [])
        return values.compactMap { value in
            guard let text = try? value.string(), CIDR(text) != nil, CIDR(text, strict: true) == nil else { return nil }
            return (text, value.location)
        }
    }

    static func port(_ p: Cursor) throws(InputError) -> PolicyPort {
        try p.rejectUnknownKeys(["protocol", "port", "endPort"], in: "port")
        let proto = try p.policyProtocol()
        var port: IntOrName?
        if let value = p.optional("port") {
            let v = try value.intOrName()
            if case .number(let n) = v, !(1...65535).contains(n) { throw value.error("port \(n) is outside 1-65535") }
            port = v
        }
        var endPort: UInt16?
        if let e = p.optional("endPort") {
            let end = try e.port("endPort")
            // "This field cannot be defined if the port field is not defined ... The endPort must be
            // equal or greater than port."
            switch port {
            case nil: throw e.error("endPort needs a numeric port")
            case .number(let n) where Int(end) < n: throw e.error("endPort \(end) is below port \(n)")
            default: endPort = end
            }
        }
        return PolicyPort(proto: proto, port: port, endPort: endPort, location: p.location)
    }
}
