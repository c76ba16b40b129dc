import InterlockCore
import Manifests

extension ReferenceEvaluator {
    /// Whether a Calico rule matches the traffic: every field set must hold
    /// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule). `source` and
    /// `target` are what matching sees of the query's source and destination.
    func calicoMatches(
        _ rule: CalicoRule, _ policy: CalicoPolicy, _ source: PeerFacts, _ target: PeerFacts, _ q: Query
    ) -> Bool {
        if let p = rule.proto, p != q.proto { return false }
        if let p = rule.notProto, p == q.proto { return false }
        let isICMP = q.proto == .icmp || q.proto == .icmpv6
        if let m = rule.icmp, !(isICMP && m.matches(type: q.icmpType, code: q.icmpCode)) { return false }
        if let m = rule.notICMP, isICMP && m.matches(type: q.icmpType, code: q.icmpCode) { return false }
        // Without a source port (or ports), a source entity with `ports` matches nothing; `calicoSide` judges a
        // question without one at every source port.
        return calicoMatches(rule.source, policy, source, port: q.proto.hasPorts ? q.sourcePort : nil, q.proto)
            && calicoMatches(rule.destination, policy, target, port: q.port, q.proto, destination: true)
    }

    /// Whether an entity (a rule's source or destination) matches the endpoint `facts` describes, with
    /// `port` its port on this connection.
    func calicoMatches(
        _ e: CalicoEntity, _ policy: CalicoPolicy, _ facts: PeerFacts, port: UInt16?, _ proto: IPProtocol,
        destination: Bool = false
    ) -> Bool {
        if !e.nets.isEmpty, !facts.ips.contains(where: { ip in e.nets.contains { $0.contains(ip) } }) { return false }
        if facts.ips.contains(where: { ip in e.notNets.contains { $0.contains(ip) } }) { return false }
        // A namespaceSelector alone selects every endpoint of the namespaces it matches.
        if let s = e.selector ?? e.namespaceSelector.map({ _ in .all }),
            !calicoSelects(s, namespaces: e.namespaceSelector, policy, facts)
        {
            return false
        }
        if let s = e.notSelector, calicoSelects(s, namespaces: e.namespaceSelector, policy, facts) { return false }
        let pod = facts.pod
        if let m = e.serviceAccounts,
            !calicoMatches(m, pod, inScope: { calicoInScope($0, namespaces: e.namespaceSelector, policy) })
        {
            return false
        }
        if let m = e.services, !calicoMatches(m, policy, pod, port: port, proto, destination: destination) {
            return false
        }
        func hit(_ p: CalicoPort, _ n: UInt16) -> Bool {
            switch p {
            case .range(let r): return r.lower <= n && n <= r.upper
            case .named(let name): return pod?.ports(named: name, proto: proto).contains(n) ?? false
            }
        }
        if let ports = e.ports {
            guard let port, ports.contains(where: { hit($0, port) }) else { return false }
        }
        if let port, e.notPorts.contains(where: { hit($0, port) }) { return false }
        return true
    }

    /// Whether a resource of `namespace` (`nil`: a global one) is in a rule's scope: the namespaces
    /// `namespaces` matches (`global()` for global resources); without it, a namespaced policy's own
    /// namespace, or for a global policy everything.
    func calicoInScope(_ namespace: String?, namespaces: CalicoSelector?, _ policy: CalicoPolicy) -> Bool {
        if let namespaces {
            return namespace.map { namespaces.matches(calicoNamespaceLabels($0)) }
                ?? namespaces.matches([:], isGlobal: true)
        }
        return policy.namespace.map { $0 == namespace } ?? true
    }

    /// Whether a rule selector matches the endpoint: a pod by its labels, or any network set holding one
    /// of its addresses by the set's labels, each in scope. The scope is the namespaces `namespaces`
    /// matches (`global()` for global network sets); without it, a namespaced policy's own namespace,
    /// or for a global policy everything.
    func calicoSelects(
        _ selector: CalicoSelector, namespaces: CalicoSelector?, _ policy: CalicoPolicy, _ facts: PeerFacts
    ) -> Bool {
        func inScope(_ namespace: String?) -> Bool { calicoInScope(namespace, namespaces: namespaces, policy) }
        if let pod = facts.pod, inScope(pod.namespace), selector.matches(calicoLabels(pod)) { return true }
        return policies.calico.networkSets.contains { set in
            guard inScope(set.namespace), facts.ips.contains(where: { ip in set.nets.contains { $0.contains(ip) } })
            else { return false }
            var labels = set.labels
            if let ns = set.namespace { labels["projectcalico.org/namespace"] = ns }
            return selector.matches(labels, isGlobal: set.namespace == nil)
        }
    }
}
