import InterlockCore

extension PolicyLinter {
    /// `calico-pass-in-last-tier`: a Pass rule, or a tier's `defaultAction: Pass`, in the last tier that
    /// holds a policy. "If a NetworkPolicy or GlobalNetworkPolicy in the Tier Passes the packet, the next
    /// Tier containing a Policy that applies to the endpoint processes the packet"
    /// (https://docs.tigera.io/calico/latest/reference/resources/tier): after the last one only the
    /// namespace's profile is left, which allows, so such a Pass allows.
    mutating func lintCalicoPassInLastTier(_ calico: CalicoPolicies) {
        let enforced = calico.policies.filter { !$0.staged }
        var held = Set(enforced.map(\.tier))
        if !input.policies.networkPolicies.isEmpty { held.insert(CalicoTier.defaultName) }
        let admin = Set(input.policies.adminPolicies.map(\.tier))
        let stages = ReferenceEvaluator(inventory: inventory, policies: input.policies).calicoStages
        let last = stages.last { stage in
            switch stage {
            case .tier(let tier): return held.contains(tier.name)
            case .admin(let tier): return admin.contains(tier)
            }
        }
        guard case .tier(let tier) = last else { return }
        let outcome = "no later tier holds a policy, so the traffic goes to the namespace's profile, which allows it"
        if tier.passes, let ref = tier.ref {
            add(
                ref.location, "calico-pass-in-last-tier",
                "\(ref): defaultAction Pass in `\(tier.name)`, the last tier: \(outcome)")
        }
        for policy in enforced where policy.tier == tier.name {
            for rule in policy.ingress + policy.egress where rule.action == .pass {
                add(
                    rule.ref.location, "calico-pass-in-last-tier",
                    "\(rule.ref): Pass in `\(tier.name)`, the last tier: \(outcome)")
            }
        }
    }
}
