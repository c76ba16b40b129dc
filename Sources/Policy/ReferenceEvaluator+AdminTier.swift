import InterlockCore
import Manifests

extension ReferenceEvaluator {
    /// The admin or baseline tier on the pod network: policies of the tier in priority order whose
    /// subject selects the pod; in each, the direction's rules in order; the first matching rule
    /// decides (`true`/`false`), or passes (`nil`). `nil` also when nothing matches.
    ///
    /// ANP: "Pass: instructs the selected traffic to skip any remaining ANP rules, and then pass
    /// execution to any NetworkPolicies that select the pod." CNP: "Pass: Skips all further
    /// ClusterNetworkPolicy rules in the current tier ... and passes evaluation to the next tier."
    func adminTier(
        _ tier: AdminTier, _ direction: Direction, pod: Pod, peer: PeerFacts, _ q: Query,
        _ destination: Pod?, _ trace: inout Trace
    ) -> Bool? {
        guard q.network == .pod else { return nil }
        let stepTier: PolicyTier = tier == .admin ? .admin : .baseline
        let namespaceLabels = inventory.namespace(named: pod.namespace)?.labels ?? [:]
        var selected = 0
        for policy in policies.adminPolicies
        where policy.tier == tier && policy.subject.selects(pod, namespaceLabels: namespaceLabels) {
            selected += 1
            for rule in policy.rules(direction) {
                guard let action = effectiveAction(rule, peer: peer, q, destination) else { continue }
                trace.add(
                    Step(
                        tier: stepTier, action: action.stepAction, policy: policy.ref, rule: rule.ref,
                        detail: tier == .admin || policy.ref.kind == "ClusterNetworkPolicy"
                            ? "priority \(policy.priority)" : ""))
                switch action {
                case .allow: return true
                case .deny: return false
                case .pass: return nil
                }
            }
        }
        trace.add(
            Step(
                tier: stepTier, action: .skips,
                detail: selected == 0
                    ? "no \(tier.rawValue.lowercased())-tier policy selects the pod"
                    : "no \(direction.rawValue) rule of the \(selected) \(tier.rawValue.lowercased())-tier polic\(selected == 1 ? "y" : "ies") selecting the pod matches"
            ))
        return nil
    }

    /// The action a rule takes on the traffic, or `nil` when it does not match. A peer with no field
    /// "fails closed": "For Accept rules, ... treat the rule as matching no traffic. For Deny and
    /// Pass rules, ... treat the rule as a 'Deny all' rule."
    func effectiveAction(_ rule: AdminRule, peer: PeerFacts, _ q: Query, _ destination: Pod?) -> AdminAction? {
        if rule.action != .allow, rule.peers.contains(where: { $0.peer == .empty }) { return .deny }
        guard rule.peers.contains(where: { matches($0.peer, peer) }),
            matchesPorts(rule.ports, q.proto, q.port, destination)
        else {
            return nil
        }
        return rule.action
    }

    /// Whether an admin-tier peer matches the endpoint described by `facts`. A host-network pod is its
    /// node's traffic to the admin tiers whatever the profile (`PeerFacts.nodeView`).
    public func matches(_ peer: AdminPeer, _ facts: PeerFacts) -> Bool {
        if facts.hostNetwork { return matches(peer, facts.nodeView) }
        switch peer {
        case .namespaces(let selector):
            guard facts.pod != nil else { return false }
            return selector.matches(facts.namespaceLabels)
        case .pods(let nsSelector, let podSelector):
            guard let pod = facts.pod else { return false }
            return nsSelector.matches(facts.namespaceLabels) && podSelector.matches(pod.labels)
        case .nodes(let selector):
            // "It selects the nodeIPs as the peer type by matching on the IPs present in the
            // node.Status.Addresses field of the node."
            // A host-network pod with no node runs on some node: an empty selector matches every node.
            guard let node = facts.node else { return facts.onSomeNode && selector.isEmpty }
            return selector.matches(inventory.nodes[node].labels)
        case .networks(let cidrs):
            // "cluster-internal traffic will be checked against the rule as well. So if you Accept or
            // Deny traffic to "0.0.0.0/0", that will allow or deny all IPv4 pod-to-pod traffic as well."
            // Pods' addresses are matched as ipBlocks' are: the same profile switch (EvaluationOptions).
            if facts.pod != nil && !options.ipBlockSelectsPods { return false }
            if let space = facts.unplaced { return space.coverage(by: cidrs) == .all }
            return facts.ips.contains { ip in cidrs.contains { $0.contains(ip) } }
        case .domainNames, .empty:
            return false
        }
    }

    /// "If Ports is not set then the rule does not filter traffic via port." A named port selects
    /// the destination pod's container port of that name.
    func matchesPorts(_ ports: [AdminPort]?, _ proto: IPProtocol, _ port: UInt16?, _ destination: Pod?) -> Bool {
        guard let ports else { return true }
        guard let port else { return false }
        return ports.contains { p in
            switch p {
            case .range(let pp, let range): return pp == proto && range.contains(port)
            case .named(let name): return destination?.ports(named: name, proto: proto).contains(port) ?? false
            }
        }
    }
}

extension AdminSubject {
    /// Whether the subject selects `pod` (never a host-network pod: callers pass only selectable pods).
    public func selects(_ pod: Pod, namespaceLabels: [String: String]) -> Bool {
        switch self {
        case .namespaces(let s): return s.matches(namespaceLabels)
        case .pods(let ns, let p): return ns.matches(namespaceLabels) && p.matches(pod.labels)
        }
    }
}
