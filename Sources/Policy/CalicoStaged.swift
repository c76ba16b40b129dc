extension PolicySet {
    /// The policies as they would be with every staged policy enforced, Calico's preview
    /// (https://docs.tigera.io/calico/latest/reference/resources/stagednetworkpolicy): a
    /// StagedNetworkPolicy or StagedGlobalNetworkPolicy replaces the NetworkPolicy or GlobalNetworkPolicy
    /// of its name and namespace (`stagedAction: Set`, the default) or removes it (`Delete`); a
    /// StagedKubernetesNetworkPolicy replaces the Kubernetes NetworkPolicy of its name and namespace.
    /// Staged policies keep their kind, so that explanations name them.
    public func enforcingStaged() -> PolicySet {
        var out = self
        var policies = calico.policies.filter { !$0.staged }
        for staged in calico.policies where staged.staged {
            let kind = String(staged.ref.kind.dropFirst("Staged".count))
            policies.removeAll {
                $0.ref.kind == kind && $0.ref.namespace == staged.ref.namespace && $0.ref.name == staged.ref.name
            }
            guard !staged.stagedDelete else { continue }
            var enforced = staged
            enforced.staged = false
            policies.append(enforced)
        }
        out.calico.policies = policies.sorted { $0.ref < $1.ref }
        var kubernetes = networkPolicies
        for staged in calico.stagedKubernetesPolicies {
            kubernetes.removeAll {
                $0.ref.kind == "NetworkPolicy" && $0.namespace == staged.namespace && $0.ref.name == staged.ref.name
            }
            kubernetes.append(staged)
        }
        out.networkPolicies = kubernetes.sorted { $0.ref < $1.ref }
        out.calico.stagedKubernetesPolicies = []
        return out
    }

    /// Whether any staged policy is present.
    public var hasStaged: Bool {
        calico.policies.contains(where: \.staged) || !calico.stagedKubernetesPolicies.isEmpty
    }
}

extension PolicyInput {
    /// The same manifests with every staged policy enforced (`PolicySet.enforcingStaged`).
    public func enforcingStaged() -> PolicyInput {
        PolicyInput(manifests: manifests, policies: policies.enforcingStaged())
    }
}
