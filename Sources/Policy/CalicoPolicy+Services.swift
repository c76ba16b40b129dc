import Documents
import InterlockCore
import Manifests

/// `serviceAccounts` of a Calico entity: the endpoint's service account, by name and by labels
/// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#serviceaccountmatch).
public struct CalicoServiceAccountMatch: Sendable {
    /// `names`: the account is one of them; empty for any name.
    public var names: [String]
    /// `selector`: the account's labels match it.
    public var selector: CalicoSelector?
}

/// `services` of a Calico entity: a Kubernetes Service, matched through its endpoints and, in a
/// destination, its ports (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#servicematch).
public struct CalicoServiceMatch: Sendable {
    /// The Service's name.
    public var name: String
    /// The Service's namespace; `nil` for the policy's own.
    public var namespace: String?
}

extension CalicoPolicy {
    /// Reads `serviceAccounts: {names, selector}`.
    static func serviceAccounts(_ c: Cursor?) throws(InputError) -> CalicoServiceAccountMatch? {
        guard let c else { return nil }
        try c.rejectUnknownKeys(["names", "selector"], in: "serviceAccounts")
        var names: [String] = []
        for n in try c.optional("names")?.array() ?? [] { names.append(try n.string()) }
        return CalicoServiceAccountMatch(names: names, selector: try selector(c.optional("selector")))
    }

    /// Reads `services: {name, namespace}`.
    static func services(_ c: Cursor?) throws(InputError) -> CalicoServiceMatch? {
        guard let c else { return nil }
        try c.rejectUnknownKeys(["name", "namespace"], in: "services")
        return CalicoServiceMatch(
            name: try c.required("name").string(), namespace: try c.optional("namespace")?.string())
    }

    /// Reads a rule's `http: {methods, paths}` as the L7 part its allowance is subject to.
    static func http(_ c: Cursor?) throws(InputError) -> String? {
        guard let c else { return nil }
        try c.rejectUnknownKeys(["methods", "paths"], in: "http")
        return "L7 rules (http)"
    }
}

extension ReferenceEvaluator {
    /// Whether a pod's service account matches: the pod is in scope, its account is named (when names
    /// are given) and the account's labels match (when a selector is given). ServiceAccount objects are
    /// not read, so an account's labels are its name as `projectcalico.org/name`.
    func calicoMatches(_ m: CalicoServiceAccountMatch, _ pod: Pod?, inScope: (String?) -> Bool) -> Bool {
        guard let pod, inScope(pod.namespace) else { return false }
        if !m.names.isEmpty && !m.names.contains(pod.serviceAccount) { return false }
        return m.selector?.matches(["projectcalico.org/name": pod.serviceAccount]) ?? true
    }

    /// Whether a pod backs the Service (a pod of its namespace whose labels hold the Service's selector,
    /// as its endpoints list it) and, in a destination, `port` is one of the Service's target ports on
    /// the pod for `proto`. A Service without a selector, or not in the inventory, matches nothing.
    func calicoMatches(
        _ m: CalicoServiceMatch, _ policy: CalicoPolicy, _ pod: Pod?, port: UInt16?, _ proto: IPProtocol,
        destination: Bool
    ) -> Bool {
        guard let namespace = m.namespace ?? policy.namespace, let pod, pod.namespace == namespace,
            let service = inventory.services.first(where: { $0.namespace == namespace && $0.name == m.name }),
            let selector = service.selector, !selector.isEmpty,
            selector.allSatisfy({ pod.labels[$0.key] == $0.value })
        else { return false }
        guard destination else { return true }
        return service.ports.contains { p in
            guard p.proto == proto, let port else { return false }
            switch p.targetPort {
            case .number(let n): return n == Int(port)
            case .name(let name): return pod.ports(named: name, proto: proto).contains(port)
            }
        }
    }
}
