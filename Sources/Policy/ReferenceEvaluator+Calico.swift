import InterlockCore
import Manifests

/// One tier of Calico's evaluation order: a Tier (or the implicit `default` tier), or one of the
/// tiers Calico puts the admin kinds in.
enum CalicoStage {
    case tier(CalicoTier)
    case admin(AdminTier)

    /// Where the stage sorts: by order (none = last), then by name.
    var key: (Double, String) {
        switch self {
        case .tier(let t): return (t.order ?? .infinity, t.name)
        case .admin(.admin): return (CalicoTier.adminOrder, CalicoTier.adminName)
        case .admin(.baseline): return (CalicoTier.baselineOrder, CalicoTier.baselineName)
        }
    }
}

/// A policy of a Calico tier: a Calico policy, or a Kubernetes NetworkPolicy (default tier, order 1000).
enum CalicoMember {
    case calico(CalicoPolicy)
    case kubernetes(NetworkPolicy)

    /// The order Calico gives the policy: its own, or 1000 for a Kubernetes NetworkPolicy.
    var order: Double? {
        switch self {
        case .calico(let p): return p.order
        case .kubernetes: return 1000
        }
    }

    var ref: PolicyRef {
        switch self {
        case .calico(let p): return p.ref
        case .kubernetes(let p): return p.ref
        }
    }
}

extension ReferenceEvaluator {
    /// Whether one side allows `q`, network isolation left out: what a compiled engine that applies
    /// isolation at lookup asks per class pair.
    public func sideAllows(_ direction: Direction, _ q: Query) -> Bool {
        var off = Trace(enabled: false)
        return side(direction, q, &off, isolating: false)
    }

    /// The stages in Calico's order: tiers by `order` (a tier without one last), ties by name
    /// (https://docs.tigera.io/calico/latest/reference/resources/tier), the admin tiers among them.
    var calicoStages: [CalicoStage] {
        var tiers = Dictionary(uniqueKeysWithValues: policies.calico.tiers.map { ($0.name, $0) })
        if tiers[CalicoTier.defaultName] == nil {
            tiers[CalicoTier.defaultName] = CalicoTier(
                ref: nil, name: CalicoTier.defaultName, order: CalicoTier.defaultOrder, passes: false)
        }
        // A policy naming a tier no Tier object defines is kept in a tier without order (evaluated last).
        for policy in policies.calico.policies where tiers[policy.tier] == nil {
            tiers[policy.tier] = CalicoTier(ref: nil, name: policy.tier, order: nil, passes: false)
        }
        let stages = tiers.values.map(CalicoStage.tier) + [.admin(.admin), .admin(.baseline)]
        return stages.sorted { $0.key < $1.key }
    }

    /// The policies of `tier` that select `pod` for `direction`, in Calico's order: by `order` (a policy
    /// without one last), ties by name.
    func calicoMembers(of tier: String, selecting pod: Pod, _ direction: Direction, on network: Network)
        -> [CalicoMember]
    {
        var members: [CalicoMember] = policies.calico.policies.filter {
            !$0.staged && $0.tier == tier && $0.hostOptions.isEmpty && $0.types.contains(direction)
                && calicoSelects($0, pod)
        }.map(CalicoMember.calico)
        if tier == CalicoTier.defaultName {
            members += policies.networkPolicies.filter {
                $0.namespace == pod.namespace && $0.applies(on: network) && $0.affects(direction)
                    && $0.podSelector.matches(pod.labels)
            }.map(CalicoMember.kubernetes)
        }
        return members.sorted {
            ($0.order ?? .infinity, $0.ref.name, $0.ref.kind) < ($1.order ?? .infinity, $1.ref.name, $1.ref.kind)
        }
    }

    /// Whether a Calico policy applies to `pod`: a namespaced policy to the pods of its namespace its
    /// selector matches; a global one to the pods its selector matches in the namespaces its
    /// `namespaceSelector` matches; either only to pods whose service account its
    /// `serviceAccountSelector` matches (an account's labels: `projectcalico.org/name`).
    func calicoSelects(_ policy: CalicoPolicy, _ pod: Pod) -> Bool {
        if let ns = policy.namespace, ns != pod.namespace { return false }
        if let nsSelector = policy.namespaceSelector, !nsSelector.matches(calicoNamespaceLabels(pod.namespace)) {
            return false
        }
        if let s = policy.serviceAccountSelector, !s.matches(["projectcalico.org/name": pod.serviceAccount]) {
            return false
        }
        return policy.selector.matches(calicoLabels(pod))
    }

    /// A pod's labels as Calico selectors see them: its own, plus `projectcalico.org/namespace` and
    /// `projectcalico.org/orchestrator: k8s`
    /// (https://docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-labels).
    func calicoLabels(_ pod: Pod) -> [String: String] {
        var labels = pod.labels
        labels["projectcalico.org/namespace"] = pod.namespace
        labels["projectcalico.org/orchestrator"] = "k8s"
        return labels
    }

    /// A namespace's labels as a `namespaceSelector` sees them: its own, plus `projectcalico.org/name`.
    func calicoNamespaceLabels(_ namespace: String) -> [String: String] {
        var labels = inventory.namespace(named: namespace)?.labels ?? [:]
        labels["projectcalico.org/name"] = namespace
        return labels
    }

    /// One side under Calico's enforcement: the stages in order; in a stage that selects the pod, its
    /// policies in order and their rules in order: Allow and Deny decide, Pass goes to the next stage,
    /// Log goes on; a stage that selects the pod and decides nothing denies, unless its `defaultAction`
    /// is Pass; after the last stage, the namespace's profile allows. Without a source port, a question is
    /// judged at every source port a rule tells apart (`calicoSourcePortProbes`).
    func calicoSide(
        _ direction: Direction, pod: Pod, peer: PeerFacts, _ q: Query, _ destination: Pod?, _ trace: inout Trace
    ) -> Bool {
        if let probes = calicoSourcePortProbes(q) {
            return calicoSideAnySourcePort(probes, direction, pod: pod, peer: peer, q, destination, &trace)
        }
        let own = facts(direction == .egress ? q.source : q.destination, on: q.network)
        let (source, target) = direction == .egress ? (own, peer) : (peer, own)
        // An http match passed over (Deny, Pass): what is allowed later is allowed subject to it.
        var l7: String?
        stages: for stage in calicoStages {
            guard case .tier(let tier) = stage else {
                if case .admin(let t) = stage,
                    let decided = adminTier(t, direction, pod: pod, peer: peer, q, destination, &trace)
                {
                    return decided
                }
                continue
            }
            let members = calicoMembers(of: tier.name, selecting: pod, direction, on: q.network)
            guard !members.isEmpty else { continue }
            for member in members {
                switch member {
                case .kubernetes(let policy):
                    for rule in policy.rules(direction)
                    where matchesPeers(rule.peers, policy: policy, peer)
                        && matchesPorts(rule.ports, q.proto, q.port, destination)
                    {
                        trace.add(
                            Step(
                                tier: .calico, action: .allows, policy: policy.ref, rule: rule.ref,
                                detail: "tier `\(tier.name)`, order 1000", l7: l7))
                        return true
                    }
                case .calico(let policy):
                    for rule in policy.rules(direction) where calicoMatches(rule, policy, source, target, q) {
                        let detail = "tier `\(tier.name)`, \(policy.orderDescription)"
                        if let http = rule.http, rule.action == .deny || rule.action == .pass {
                            // Only the requests the http match takes would be denied or passed.
                            trace.add(
                                Step(
                                    tier: .calico, action: .selects, policy: policy.ref, rule: rule.ref,
                                    detail: detail
                                        + ": \(rule.action.rawValue) subject to an http match, evaluation goes on"))
                            l7 = l7 ?? http
                            continue
                        }
                        switch rule.action {
                        case .log:
                            trace.add(
                                Step(
                                    tier: .calico, action: .selects, policy: policy.ref, rule: rule.ref,
                                    detail: detail + ": Log, evaluation goes on"))
                        case .allow:
                            trace.add(
                                Step(
                                    tier: .calico, action: .allows, policy: policy.ref, rule: rule.ref, detail: detail,
                                    l7: rule.http ?? l7))
                            return true
                        case .deny:
                            trace.add(
                                Step(tier: .calico, action: .denies, policy: policy.ref, rule: rule.ref, detail: detail)
                            )
                            return false
                        case .pass:
                            trace.add(
                                Step(
                                    tier: .calico, action: .passes, policy: policy.ref, rule: rule.ref,
                                    detail: detail + ": on to the next tier"))
                            continue stages
                        }
                    }
                }
            }
            if tier.passes {
                trace.add(
                    Step(
                        tier: .calico, action: .passes, policy: tier.ref,
                        detail: "end of tier `\(tier.name)`: no rule matched; defaultAction Pass"))
                continue
            }
            trace.add(
                Step(
                    tier: .calico, action: .denies, policy: tier.ref,
                    detail: "end of tier `\(tier.name)`: no rule matched"))
            return false
        }
        trace.add(
            Step(
                tier: .calico, action: .allows,
                detail: "profile kns.\(pod.namespace): no tier decided; the namespace's profile allows", l7: l7))
        return true
    }
}
