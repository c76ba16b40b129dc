/// Whose semantics decide how the policy dialects combine (`--cni`).
public enum CNI: String, Hashable, Sendable, CaseIterable {
    /// Kubernetes NetworkPolicy and the admin tiers, as upstream specifies them.
    case generic
    /// Cilium's enforcement: CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy with the Kubernetes kinds.
    case cilium
    /// Calico's enforcement: tiers, Calico policies and the Kubernetes kinds in Calico's order.
    case calico
}
