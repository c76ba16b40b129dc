/// The size and shape of a synthetic cluster.
public struct SynthClusterSpec: Sendable {
    /// Tenant namespaces, grouped about eight to a tenant; `kube-system` and `monitoring` come on top.
    public var namespaces: Int
    /// Pods in all, the two platform pods (CoreDNS, Prometheus) included; nodes are one per 30 pods.
    public var pods: Int
    /// NetworkPolicies, spread over the namespaces in proportion to their workloads.
    public var policies: Int
    /// AdminNetworkPolicies (plus one BaselineAdminNetworkPolicy when this is positive).
    public var adminPolicies: Int
    /// CiliumNetworkPolicies (one in ten a CiliumClusterwideNetworkPolicy), spread over the namespaces.
    public var ciliumPolicies = 0
    /// Calico policies (and a `security` Tier when positive), written with the NetworkPolicies.
    public var calicoPolicies = 0
    /// The seed every random choice derives from: the same spec gives the same objects.
    public var seed: UInt64

    /// A spec; check `problem` before generating.
    public init(namespaces: Int, pods: Int, policies: Int, adminPolicies: Int = 0, seed: UInt64 = 1) {
        self.namespaces = namespaces
        self.pods = pods
        self.policies = policies
        self.adminPolicies = adminPolicies
        self.seed = seed
    }

    /// Why the spec cannot be generated, or `nil`.
    public var problem: String? {
        if namespaces < 1 { return "--namespaces must be at least 1" }
        if pods < namespaces { return "--pods must be at least --namespaces (every namespace gets a workload)" }
        if pods > 4_000_000 { return "--pods above 4,000,000 does not fit the pod CIDR 10.128.0.0/9" }
        if policies < 0 || adminPolicies < 0 || ciliumPolicies < 0 || calicoPolicies < 0 {
            return "policy counts must not be negative"
        }
        if policies > 1_000_000 { return "--policies must be 0 through 1000000, got \(policies)" }
        if ciliumPolicies > 1_000_000 { return "--cilium-policies must be 0 through 1000000, got \(ciliumPolicies)" }
        if adminPolicies > 1000 { return "--admin-policies above 1000 exceeds the priority range 0-1000" }
        return nil
    }
}
