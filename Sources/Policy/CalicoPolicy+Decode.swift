import Documents
import InterlockCore
import Manifests

extension CalicoPolicy {
    /// The API groups of Calico's resources: the v3 API and the CRDs it is stored in.
    public static let groups: Set<String> = ["projectcalico.org", "crd.projectcalico.org"]

    /// Reads a Calico NetworkPolicy, GlobalNetworkPolicy, StagedNetworkPolicy or
    /// StagedGlobalNetworkPolicy (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy).
    public static func decode(_ object: ManifestObject) throws(InputError) -> CalicoPolicy {
        let global = object.kind.hasSuffix("GlobalNetworkPolicy")
        let spec = try object.cursor.required("spec")
        var known: Set<String> = [
            "order", "tier", "selector", "types", "ingress", "egress", "serviceAccountSelector", "performanceHints",
            "stagedAction",
        ]
        if global { known.formUnion(["namespaceSelector", "applyOnForward", "preDNAT", "doNotTrack"]) }
        try spec.rejectUnknownKeys(known, in: "\(object.kind) spec")
        let namespace = global ? nil : object.effectiveNamespace
        let ref = PolicyRef(kind: object.kind, namespace: namespace, name: object.name, location: object.location)
        let ingress = try rules(spec, .ingress, ref)
        let egress = try rules(spec, .egress, ref)
        var types = try NetworkPolicy.directions(spec, "types")
        if types.isEmpty {
            // "If not specified, ... Ingress if there are no egress rules (including the case where there
            // are also no ingress rules); Egress if there are egress rules but no ingress rules; Ingress
            // and Egress if there are both."
            if !ingress.isEmpty || egress.isEmpty { types.insert(.ingress) }
            if !egress.isEmpty { types.insert(.egress) }
        }
        var stagedDelete = false
        if let action = spec.optional("stagedAction") {
            switch try action.string() {
            case "Set": stagedDelete = false
            case "Delete": stagedDelete = true
            default: throw action.error("stagedAction must be Set or Delete")
            }
        }
        var hostOptions: [String] = []
        for key in ["applyOnForward", "preDNAT", "doNotTrack"] where try spec.optional(key)?.bool() == true {
            hostOptions.append(key)
        }
        var policy = CalicoPolicy(
            ref: ref, tier: try spec.optional("tier")?.string() ?? "default",
            order: try spec.optional("order")?.double(), namespace: namespace,
            selector: try selector(spec.optional("selector")) ?? .all,
            namespaceSelector: try selector(spec.optional("namespaceSelector")),
            types: types, ingress: ingress, egress: egress, staged: object.kind.hasPrefix("Staged"),
            hostOptions: hostOptions)
        policy.stagedDelete = stagedDelete
        policy.serviceAccountSelector = try selector(spec.optional("serviceAccountSelector"))
        return policy
    }

    /// A selector field; `nil` when absent or blank.
    static func selector(_ c: Cursor?) throws(InputError) -> CalicoSelector? {
        guard let c else { return nil }
        let text = try c.string()
        guard !text.allSatisfy(\.isWhitespace) else { return nil }
        do {
            return try CalicoSelectorParser.parse(text)
        } catch {
            throw c.error("invalid selector '\(InputError.excerpt(text))': \(error)")
        }
    }

    private static func rules(_ spec: Cursor, _ direction: Direction, _ policy: PolicyRef) throws(InputError)
        -> [CalicoRule]
    {
        var out: [CalicoRule] = []
        for (index, r) in (try spec.optional(direction.rawValue)?.array() ?? []).enumerated() {
            try r.rejectUnknownKeys(
                [
                    "action", "protocol", "notProtocol", "icmp", "notICMP", "ipVersion", "source", "destination",
                    "http", "metadata",
                ],
                in: "\(direction.rawValue) rule")
            let ref = RuleRef(policy: policy, direction: direction, index: index, name: nil, location: r.location)
            let a = try r.required("action")
            guard let action = CalicoAction(rawValue: try a.string()) else {
                throw a.error("action must be Allow, Deny, Pass or Log")
            }
            out.append(
                CalicoRule(
                    ref: ref, action: action, proto: try proto(r.optional("protocol")),
                    notProto: try proto(r.optional("notProtocol")), icmp: try icmp(r.optional("icmp")),
                    notICMP: try icmp(r.optional("notICMP")), source: try entity(r.optional("source")),
                    destination: try entity(r.optional("destination")), http: try http(r.optional("http"))))
        }
        return out
    }

    /// `TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP`, `UDPLite` or a number 1-255.
    static func proto(_ c: Cursor?) throws(InputError) -> IPProtocol? {
        guard let c else { return nil }
        let text = try c.string()
        if text == "UDPLite" { return IPProtocol(rawValue: 136) }
        guard let p = IPProtocol(name: text), p.rawValue > 0,
            ["TCP", "UDP", "ICMP", "ICMPv6", "SCTP"].contains(text) || UInt8(text) != nil
        else { throw c.error("protocol must be TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255") }
        return p
    }

    static func icmp(_ c: Cursor?) throws(InputError) -> ICMPMatch? {
        guard let c else { return nil }
        try c.rejectUnknownKeys(["type", "code"], in: "icmp")
        func byte(_ key: String) throws(InputError) -> UInt8? {
            guard let v = c.optional(key) else { return nil }
            let n = try v.int()
            guard (0...255).contains(n) else { throw v.error("ICMP \(key) \(n) is outside 0-255") }
            return UInt8(n)
        }
        let code = try byte("code")
        guard let type = try byte("type") else {
            if code != nil { throw c.error("an ICMP code needs a type") }
            return nil
        }
        return ICMPMatch(type: type, code: code)
    }

    static func entity(_ c: Cursor?) throws(InputError) -> CalicoEntity {
        guard let c else { return .any }
        try c.rejectUnknownKeys(
            [
                "nets", "notNets", "selector", "notSelector", "namespaceSelector", "ports", "notPorts",
                "serviceAccounts", "services",
            ],
            in: "rule entity")
        var e = CalicoEntity()
        e.serviceAccounts = try serviceAccounts(c.optional("serviceAccounts"))
        e.services = try services(c.optional("services"))
        e.selector = try selector(c.optional("selector"))
        e.notSelector = try selector(c.optional("notSelector"))
        e.namespaceSelector = try selector(c.optional("namespaceSelector"))
        for n in try c.optional("nets")?.array() ?? [] { e.nets.append(try n.cidr()) }
        for n in try c.optional("notNets")?.array() ?? [] { e.notNets.append(try n.cidr()) }
        if let ports = c.optional("ports") {
            var list: [CalicoPort] = []
            for p in try ports.array() { list.append(try port(p)) }
            e.ports = list
        }
        for p in try c.optional("notPorts")?.array() ?? [] { e.notPorts.append(try port(p)) }
        return e
    }

    /// A port: `80`, `"8000:8080"`, or a named port.
    static func port(_ c: Cursor) throws(InputError) -> CalicoPort {
        let text = try c.string()
        func number(_ s: Substring) throws(InputError) -> UInt16 {
            guard let n = Int(s), (0...65535).contains(n) else { throw c.error("port '\(s)' is outside 0-65535") }
            return UInt16(n)
        }
        let bounds = text.split(separator: ":", omittingEmptySubsequences: false)
        if bounds.count == 2 {
            let (lower, upper) = (try number(bounds[0]), try number(bounds[1]))
            guard lower <= upper else { throw c.error("port range \(text) ends below its start") }
            return .range(PortRange(lower, upper))
        }
        if let first = text.first, first.isNumber {
            let n = try number(Substring(text))
            return .range(PortRange(n, n))
        }
        return .named(text)
    }
}
