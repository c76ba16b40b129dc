import Documents
import InterlockCore
import Manifests

extension CalicoTier {
    /// The tier every policy without `spec.tier` is in, and the Kubernetes NetworkPolicies.
    public static let defaultName = "default"
    /// The default tier's order ("The default tier has an order of 1,000,000";
    /// https://docs.tigera.io/calico/latest/reference/resources/tier).
    public static let defaultOrder = 1_000_000.0
    /// The tier Calico puts AdminNetworkPolicies in, and its order (Calico 3.30 and later).
    public static let adminName = "kube-admin"
    /// The order of `kube-admin`: before the default tier.
    public static let adminOrder = 1_000.0
    /// The tier Calico puts the BaselineAdminNetworkPolicy in, and its order (after the default tier).
    public static let baselineName = "kube-baseline"
    /// The order of `kube-baseline`: after the default tier.
    public static let baselineOrder = 10_000_000.0

    /// Reads a Tier (`spec.order`, `spec.defaultAction`).
    public static func decode(_ object: ManifestObject) throws(InputError) -> CalicoTier {
        let spec = object.cursor.optional("spec")
        try spec?.rejectUnknownKeys(["order", "defaultAction"], in: "Tier spec")
        var passes = false
        if let a = spec?.optional("defaultAction") {
            switch try a.string() {
            case "Deny": passes = false
            case "Pass": passes = true
            default: throw a.error("defaultAction must be Deny or Pass")
            }
        }
        let ref = PolicyRef(kind: object.kind, namespace: nil, name: object.name, location: object.location)
        return CalicoTier(ref: ref, name: object.name, order: try spec?.optional("order")?.double(), passes: passes)
    }
}

extension CalicoNetworkSet {
    /// Reads a NetworkSet or GlobalNetworkSet (`metadata.labels`, `spec.nets`).
    public static func decode(_ object: ManifestObject) throws(InputError) -> CalicoNetworkSet {
        let global = object.kind == "GlobalNetworkSet"
        let spec = object.cursor.optional("spec")
        try spec?.rejectUnknownKeys(["nets", "allowedEgressDomains"], in: "\(object.kind) spec")
        var nets: [CIDR] = []
        for n in try spec?.optional("nets")?.array() ?? [] { nets.append(try n.cidr()) }
        let namespace = global ? nil : object.effectiveNamespace
        return CalicoNetworkSet(
            ref: PolicyRef(kind: object.kind, namespace: namespace, name: object.name, location: object.location),
            namespace: namespace, labels: try object.labels(), nets: nets)
    }
}
