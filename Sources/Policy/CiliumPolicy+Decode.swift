import Documents
import InterlockCore
import Manifests

extension CiliumPolicy {
    /// Reads a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (`cilium.io/v2`): `spec`, `specs` or both,
    /// validated as Cilium's CRD schema and its rule sanitizer do; unknown fields are rejected by a strict
    /// cursor and dropped with a warning by a tolerant one.
    public static func decode(_ object: ManifestObject) throws(InputError) -> CiliumPolicy {
        let clusterwide = object.kind == "CiliumClusterwideNetworkPolicy"
        let namespace = clusterwide ? nil : object.effectiveNamespace
        let ref = PolicyRef(kind: object.kind, namespace: namespace, name: object.name, location: object.location)
        let c = object.cursor
        var cursors: [Cursor] = []
        if let spec = c.optional("spec") { cursors.append(spec) }
        cursors += try c.optional("specs")?.array() ?? []
        // "CiliumNetworkPolicy ... requires either spec or specs" (the CRD's validation).
        guard !cursors.isEmpty else { throw c.error("\(object.kind) needs 'spec' or 'specs'") }
        var rules: [CiliumRule] = []
        for (index, spec) in cursors.enumerated() {
            rules.append(try rule(spec, index: index, policy: ref, namespace: namespace))
        }
        return CiliumPolicy(ref: ref, namespace: namespace, rules: rules)
    }

    private static let ruleKeys: Set<String> = [
        "endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress", "egressDeny", "labels",
        "description", "enableDefaultDeny", "log",
    ]

    private static func rule(_ spec: Cursor, index: Int, policy: PolicyRef, namespace: String?) throws(InputError)
        -> CiliumRule
    {
        try spec.rejectUnknownKeys(ruleKeys, in: "\(policy.kind) rule")
        let subject: CiliumSubject
        switch (spec.optional("endpointSelector"), spec.optional("nodeSelector")) {
        case (let e?, nil): subject = .endpoints(try endpointSelector(e, namespace: namespace))
        case (nil, let n?):
            // "NodeSelector ... can only be used in CiliumClusterwideNetworkPolicies."
            guard namespace == nil else { throw n.error("nodeSelector is only valid in a clusterwide policy") }
            subject = .nodes(CiliumIdentity.scoped(try LabelSelector.decode(n), to: nil))
        default: throw spec.error("a Cilium rule needs exactly one of endpointSelector and nodeSelector")
        }
        func entries(_ key: String, _ direction: Direction) throws(InputError) -> [CiliumPeerRule] {
            var out: [CiliumPeerRule] = []
            for (i, r) in (try spec.optional(key)?.array() ?? []).enumerated() {
                let name = index == 0 ? key : "specs[\(index)].\(key)"
                let ref = RuleRef(policy: policy, direction: direction, index: i, name: name, location: r.location)
                out.append(try peerRule(r, ref: ref, deny: key.hasSuffix("Deny"), namespace: namespace))
            }
            return out
        }
        let ingress = try entries("ingress", .ingress)
        let ingressDeny = try entries("ingressDeny", .ingress)
        let egress = try entries("egress", .egress)
        let egressDeny = try entries("egressDeny", .egress)
        // "If not specified, the default is true for each traffic direction that has rules, and false
        // otherwise." Rule lists that are "omitted or empty" do not apply.
        let flags = spec.optional("enableDefaultDeny")
        try flags?.rejectUnknownKeys(["ingress", "egress"], in: "enableDefaultDeny")
        return CiliumRule(
            policy: policy, index: index, location: spec.location, subject: subject, ingress: ingress,
            ingressDeny: ingressDeny, egress: egress, egressDeny: egressDeny,
            defaultDenyIngress: try flags?.optional("ingress")?.bool() ?? !(ingress.isEmpty && ingressDeny.isEmpty),
            defaultDenyEgress: try flags?.optional("egress")?.bool() ?? !(egress.isEmpty && egressDeny.isEmpty))
    }

    /// A rule's `endpointSelector`, limited to the policy's namespace. Cilium always applies a namespaced policy in
    /// its own namespace: a `matchLabels` entry naming another one is removed ("CiliumNetworkPolicy contains
    /// illegal namespace match in EndpointSelector. EndpointSelector always applies in namespace of the policy
    /// resource, removing illegal namespace match"), which is warned about.
    private static func endpointSelector(_ e: Cursor, namespace: String?) throws(InputError) -> LabelSelector {
        var selector = try LabelSelector.decode(e)
        guard let namespace else { return CiliumIdentity.scoped(selector, to: nil) }
        let illegal = (try e.optional("matchLabels")?.stringMap() ?? [:]).filter {
            CiliumIdentity.plainKey($0.key) == CiliumIdentity.namespaceLabel && $0.value != namespace
        }
        if let other = illegal.values.sorted().first {
            try e.tolerate(
                "cilium-endpointselector-namespace",
                "endpointSelector names namespace '\(InputError.excerpt(other))': Cilium removes it and applies the rule in the policy's namespace '\(namespace)'"
            )
            selector.requirements.removeAll { r in r.op == .in && r.values.count == 1 && illegal[r.key] == r.values[0] }
        }
        return CiliumIdentity.scoped(selector, to: namespace)
    }

    private static func peerRule(_ r: Cursor, ref: RuleRef, deny: Bool, namespace: String?) throws(InputError)
        -> CiliumPeerRule
    {
        let side = ref.direction == .ingress ? "from" : "to"
        var keys: Set<String> = ["Endpoints", "Requires", "CIDR", "CIDRSet", "Entities", "Groups", "Nodes"]
        if ref.direction == .egress { keys.formUnion(["Services"] + (deny ? [] : ["FQDNs"])) }
        keys = Set(keys.map { side + $0 }).union(["toPorts", "icmps"] + (deny ? [] : ["authentication"]))
        try r.rejectUnknownKeys(keys, in: "\(ref.name ?? "") rule")
        var peers: [(peer: CiliumPeer, location: SourceLocation)] = []
        for s in try r.optional(side + "Endpoints")?.array() ?? [] {
            // A selector on a reserved label gets no namespace (it stands for an entity).
            let selector = try LabelSelector.decode(s)
            let reserved = CiliumIdentity.reservedEntity(selector) != nil
            peers.append((.endpoints(CiliumIdentity.scoped(selector, to: reserved ? nil : namespace)), s.location))
        }
        for e in try r.optional(side + "Entities")?.array() ?? [] {
            let text = try e.string()
            guard let entity = CiliumEntity(rawValue: text) else {
                throw e.error("unknown entity '\(InputError.excerpt(text))'")
            }
            peers.append((.entity(entity), e.location))
        }
        for c in try r.optional(side + "CIDR")?.array() ?? [] {
            peers.append((.cidr(IPBlock(cidr: try c.cidr(), except: [])), c.location))
        }
        for c in try r.optional(side + "CIDRSet")?.array() ?? [] {
            peers.append((try cidrSet(c), c.location))
        }
        for n in try r.optional(side + "Nodes")?.array() ?? [] {
            peers.append((.nodes(CiliumIdentity.scoped(try LabelSelector.decode(n), to: nil)), n.location))
        }
        for s in try r.optional("toServices")?.array() ?? [] {
            peers.append((try service(s, namespace: namespace), s.location))
        }
        if let fqdns = r.optional("toFQDNs") {
            var names: [String] = []
            for f in try fqdns.array() {
                try f.rejectUnknownKeys(["matchName", "matchPattern"], in: "toFQDNs entry")
                if let n = try (f.optional("matchName") ?? f.optional("matchPattern"))?.string() { names.append(n) }
            }
            if !names.isEmpty { peers.append((.fqdn(names), fqdns.location)) }
        }
        if let groups = r.optional(side + "Groups") {
            // Cloud provider groups resolve through the cloud's API only: the entry keeps a peer (so that it is not
            // taken as L4-only, which would match every peer) that never widens what is allowed.
            let taken = deny ? "every address outside the cluster" : "no address"
            try groups.tolerate(
                "cilium-groups-not-evaluated",
                "\(side)Groups (cloud provider groups) is not evaluated: this \(ref.name ?? "") rule takes it as \(taken)"
            )
            peers.append((.groups, groups.location))
        }
        var requires: [LabelSelector] = []
        for s in try r.optional(side + "Requires")?.array() ?? [] {
            requires.append(CiliumIdentity.scoped(try LabelSelector.decode(s), to: namespace))
        }
        var toPorts: [CiliumPortRule]?
        var below: [(port: Int, endPort: Int, location: SourceLocation)] = []
        if let list = r.optional("toPorts") {
            var parsed: [CiliumPortRule] = []
            for p in try list.array() { parsed.append(try portRule(p, deny: deny, below: &below)) }
            if !parsed.isEmpty { toPorts = parsed }
        }
        var icmps: [CiliumICMP]?
        if let list = r.optional("icmps") {
            var parsed: [CiliumICMP] = []
            for entry in try list.array() {
                try entry.rejectUnknownKeys(["fields"], in: "icmps entry")
                for f in try entry.optional("fields")?.array() ?? [] { parsed.append(try icmp(f)) }
            }
            if !parsed.isEmpty { icmps = parsed }
        }
        return CiliumPeerRule(
            ref: ref, peers: peers, requires: requires, toPorts: toPorts, icmps: icmps, endPortsBelowPort: below,
            deny: deny)
    }

    /// CIDRRule: `cidr`, `cidrGroupRef` or `cidrGroupSelector` minus `except`.
    private static func cidrSet(_ c: Cursor) throws(InputError) -> CiliumPeer {
        try c.rejectUnknownKeys(["cidr", "cidrGroupRef", "cidrGroupSelector", "except"], in: "CIDR set entry")
        var except: [CIDR] = []
        for e in try c.optional("except")?.array() ?? [] { except.append(try e.cidr()) }
        if let cidr = c.optional("cidr") { return .cidr(IPBlock(cidr: try cidr.cidr(), except: except)) }
        if let group = c.optional("cidrGroupRef") { return .cidrGroup(try group.string(), except: except) }
        if let selector = c.optional("cidrGroupSelector") {
            return .cidrGroupSelector(
                CiliumIdentity.scoped(try LabelSelector.decode(selector), to: nil), except: except)
        }
        throw c.error("a CIDR set entry needs cidr, cidrGroupRef or cidrGroupSelector")
    }

    /// Service: `k8sService {serviceName, namespace}` or `k8sServiceSelector {selector, namespace}`; without a
    /// namespace, the policy's (`nil`, every namespace, for a clusterwide policy).
    private static func service(_ c: Cursor, namespace policyNamespace: String?) throws(InputError) -> CiliumPeer {
        try c.rejectUnknownKeys(["k8sService", "k8sServiceSelector"], in: "toServices entry")
        if let s = c.optional("k8sService") {
            try s.rejectUnknownKeys(["serviceName", "namespace"], in: "k8sService")
            return .service(
                namespace: try s.optional("namespace")?.string() ?? policyNamespace,
                name: try s.optional("serviceName")?.string(), selector: nil)
        }
        if let s = c.optional("k8sServiceSelector") {
            try s.rejectUnknownKeys(["selector", "namespace"], in: "k8sServiceSelector")
            // Service labels carry no source; `k8s:`/`any:` prefixes are dropped as for endpoints.
            return .service(
                namespace: try s.optional("namespace")?.string() ?? policyNamespace, name: nil,
                selector: CiliumIdentity.scoped(try LabelSelector.decode(try s.required("selector")), to: nil))
        }
        throw c.error("a toServices entry needs k8sService or k8sServiceSelector")
    }

    private static func portRule(
        _ c: Cursor, deny: Bool, below: inout [(port: Int, endPort: Int, location: SourceLocation)]
    ) throws(InputError) -> CiliumPortRule {
        let l7Keys: Set<String> = ["rules", "terminatingTLS", "originatingTLS", "serverNames", "listener"]
        try c.rejectUnknownKeys(deny ? ["ports"] : l7Keys.union(["ports"]), in: "toPorts entry")
        var ports: [CiliumPort] = []
        for p in try c.optional("ports")?.array() ?? [] {
            let (parsed, end) = try port(p)
            ports.append(parsed)
            if let end, case .number(let n) = parsed.port, end < n { below.append((n, end, p.location)) }
        }
        var l7: [String] = []
        if let rules = c.optional("rules") {
            let kinds = ["http", "kafka", "dns", "l7"]
            try rules.rejectUnknownKeys(Set(kinds + ["l7proto"]), in: "L7 rules")
            l7 = kinds.filter { rules.optional($0) != nil }
            if let proto = try rules.optional("l7proto")?.string(), !l7.contains("l7") { l7.append(proto) }
        }
        // TLS SNI ("If not empty, then TLS must be present and one of the provided SNIs must be indicated in the
        // TLS handshake") and a custom Envoy listener are enforced above L4, as `rules` are.
        for key in ["serverNames", "listener"] where c.optional(key) != nil { l7.append(key) }
        return CiliumPortRule(ports: ports, l7: l7)
    }

    /// PortProtocol: `port` a number or a name ("0" or none: every port), `endPort`, `protocol`
    /// (TCP, UDP, SCTP, ANY; default ANY).
    private static func port(_ c: Cursor) throws(InputError) -> (CiliumPort, endPort: Int?) {
        try c.rejectUnknownKeys(["port", "endPort", "protocol"], in: "port")
        var proto: IPProtocol?
        if let p = c.optional("protocol") {
            let text = try p.string()
            switch text.uppercased() {
            case "ANY": proto = nil
            case "TCP": proto = .tcp
            case "UDP": proto = .udp
            case "SCTP": proto = .sctp
            case "ICMP": proto = .icmp
            case "ICMPV6": proto = .icmpv6
            default:
                throw p.error(
                    "protocol must be TCP, UDP, SCTP, ICMP, ICMPv6 or ANY (got '\(InputError.excerpt(text))')")
            }
        }
        var port: IntOrName?
        if let value = c.optional("port") {
            let text = try value.string()
            if let n = Int(text) {
                guard (0...65535).contains(n) else { throw value.error("port \(n) is outside 0-65535") }
                port = n == 0 ? nil : .number(n)
            } else if IntOrName.isValidPortName(text.lowercased()) {
                port = .name(text.lowercased())
            } else {
                throw value.error("port '\(InputError.excerpt(text))' is neither a number nor a port name")
            }
        }
        var endPort: UInt16?
        var written: Int?
        if let e = c.optional("endPort") {
            let end = try e.int()
            guard (0...65535).contains(end) else { throw e.error("endPort \(end) is outside 0-65535") }
            written = end
            // Cilium ignores an endPort below the port (`policy lint` reports it): the entry is the single port.
            if case .number(let n) = port, end > n { endPort = UInt16(end) }
        }
        return (CiliumPort(proto: proto, port: port, endPort: endPort), written)
    }

    /// ICMPField: `family` (IPv4 by default, or IPv6) and `type` (a number or a name such as EchoRequest).
    private static func icmp(_ c: Cursor) throws(InputError) -> CiliumICMP {
        try c.rejectUnknownKeys(["family", "type"], in: "icmps field")
        let family = try c.optional("family")?.string() ?? "IPv4"
        guard family == "IPv4" || family == "IPv6" else { throw c.error("family must be IPv4 or IPv6") }
        let proto: IPProtocol = family == "IPv6" ? .icmpv6 : .icmp
        let value = try c.required("type")
        let text = try value.string()
        guard let type = CiliumICMPTypes.type(text, proto: proto) else {
            throw value.error("ICMP type '\(InputError.excerpt(text))' is neither 0-255 nor an \(family) type name")
        }
        return CiliumICMP(proto: proto, type: type)
    }
}

extension CiliumCIDRGroup {
    /// Reads a CiliumCIDRGroup: `spec.externalCIDRs`.
    public static func decode(_ object: ManifestObject) throws(InputError) -> CiliumCIDRGroup {
        let spec = try object.cursor.required("spec")
        try spec.rejectUnknownKeys(["externalCIDRs"], in: "CiliumCIDRGroup spec")
        var cidrs: [CIDR] = []
        for c in try spec.optional("externalCIDRs")?.array() ?? [] { cidrs.append(try c.cidr()) }
        return CiliumCIDRGroup(
            name: object.name, cidrs: cidrs, labels: try object.labels(), location: object.location)
    }
}
