import InterlockCore
import Manifests

extension ReferenceEvaluator {
    /// Cilium's policy tier on the pod network (`--cni cilium`), in place of the NetworkPolicy tier: `nil` when
    /// nothing puts the pod into default deny for `direction` and no deny rule matches.
    ///
    /// "Deny policies take precedence over allow policies, regardless of whether they are a Cilium Network
    /// Policy, a Clusterwide Cilium Network Policy or even a Kubernetes Network Policy" (docs.cilium.io,
    /// Security > Policy > Deny Policies); the allow rules of every kind selecting the endpoint are unioned; the
    /// endpoint is in default deny for a direction when a rule selecting it has rules of that direction
    /// (`enableDefaultDeny` unset) or asks for it, or a NetworkPolicy isolates it (Policy Enforcement Modes).
    func ciliumTier(
        _ direction: Direction, pod: Pod, peer: PeerFacts, _ q: Query, _ destination: Pod?, _ trace: inout Trace
    ) -> Bool? {
        let subject = ciliumView(pod)
        let peerView = ciliumView(peer)
        let rules = policies.ciliumRules.filter {
            if case .endpoints(let s) = $0.subject { return s.matches(subject.labels) }
            return false
        }
        let networkPolicies = policies.networkPolicies.filter {
            $0.namespace == pod.namespace && $0.applies(on: .pod) && $0.affects(direction)
                && $0.podSelector.matches(subject.labels)
        }
        let requires = rules.flatMap { $0.rules(direction, deny: false).flatMap(\.requires) }
        // The deny rules' fromRequires/toRequires narrow the deny rules' endpoint selectors (Cilium's rule
        // resolution keeps them apart from the allow rules' requirements; DEVELOPERS.md, "Cilium").
        let denyRequires = rules.flatMap { $0.rules(direction, deny: true).flatMap(\.requires) }
        let peerLabels = peerView.pod?.labels ?? [:]
        for rule in rules {
            for entry in rule.rules(direction, deny: true) {
                guard
                    let unresolved = ciliumMatch(
                        entry, subject: pod, peer: peerView, q, destination, requires: denyRequires)
                else { continue }
                let detail = "a deny rule wins over every allow"
                let taken = unresolved.isEmpty ? "" : " (\(unresolved), taken as every address outside the cluster)"
                trace.add(Step(tier: .cilium, action: .denies, rule: entry.ref, detail: detail + taken))
                return false
            }
        }
        let isolating = rules.filter { $0.defaultDeny(direction) }
        guard !isolating.isEmpty || !networkPolicies.isEmpty else {
            trace.add(
                Step(
                    tier: .cilium, action: .skips,
                    detail: "no rule puts the endpoint into default deny for \(direction.rawValue)"))
            return nil
        }
        for rule in isolating {
            trace.add(Step(tier: .cilium, action: .selects, policy: rule.policy, detail: "\(rule.subject)"))
        }
        for policy in networkPolicies {
            trace.add(
                Step(
                    tier: .cilium, action: .selects, policy: policy.ref, detail: "pod selector \(policy.podSelector)"))
        }
        // allow-localhost (default `auto`): "the local host is always allowed to reach local endpoints".
        if direction == .ingress, let node = peer.node, node == inventory.node(of: pod) {
            trace.add(
                Step(tier: .cilium, action: .allows, detail: "the local host may always reach its endpoints"))
            return true
        }
        // fromRequires/toRequires hold for every allow of the endpoint, whatever rule gives it.
        if !requires.allSatisfy({ $0.matches(peerLabels) }) {
            trace.add(
                Step(tier: .cilium, action: .denies, detail: "the peer lacks a label fromRequires/toRequires asks for"))
            return false
        }
        var allowed = false
        for rule in rules {
            for entry in rule.rules(direction, deny: false) {
                guard let l7 = ciliumMatch(entry, subject: pod, peer: peerView, q, destination) else { continue }
                allowed = true
                guard trace.enabled else { return true }
                trace.add(Step(tier: .cilium, action: .allows, rule: entry.ref, l7: l7.isEmpty ? nil : l7))
            }
        }
        if networkPolicyAllows(networkPolicies, direction, .cilium, peer: peerView, q, destination, &trace) {
            allowed = true
        }
        if !allowed {
            let first = isolating.first.map(\.policy) ?? networkPolicies.first?.ref
            trace.add(
                Step(
                    tier: .cilium, action: .denies, policy: first,
                    detail: "Cilium default deny: a rule selects the endpoint for \(direction.rawValue)"))
        }
        return allowed
    }

    /// `pod` with its Cilium identity labels in place of its own labels.
    func ciliumView(_ pod: Pod) -> Pod {
        var view = pod
        view.labels = CiliumIdentity.labels(
            of: pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:],
            cluster: options.clusterName)
        return view
    }

    /// `facts` with the pod's Cilium identity labels.
    func ciliumView(_ facts: PeerFacts) -> PeerFacts {
        var view = facts
        view.pod = facts.pod.map { ciliumView($0) }
        return view
    }

    /// Whether a Cilium rule entry matches the traffic: `nil` when not, else the L7 rule or FQDN the
    /// allowance is subject to, or the cloud provider groups a deny matched by (empty when none). `requires`
    /// are added to each endpoint selector of the entry, as Cilium adds its deny rules' requirements.
    func ciliumMatch(
        _ entry: CiliumPeerRule, subject: Pod, peer: PeerFacts, _ q: Query, _ destination: Pod?,
        requires: [LabelSelector] = []
    ) -> String? {
        var l3: String?
        if entry.isL4Only {
            l3 = ""
        } else {
            peers: for (p, _) in entry.peers
            where matches(p, subject: subject, peer, deny: entry.deny) && meets(requires, p, peer) {
                switch p {
                case .fqdn(let names): l3 = l3 ?? "toFQDNs \(names.joined(separator: ","))"
                case .groups: l3 = l3 ?? "\(entry.ref.direction == .ingress ? "from" : "to")Groups, not evaluated"
                default:
                    l3 = ""
                    break peers
                }
            }
        }
        guard let l3, let l4 = ciliumPortMatch(entry, q, destination) else { return nil }
        return [l3, l4].filter { !$0.isEmpty }.joined(separator: " and ")
    }

    /// Whether `facts` meet `requires` where Cilium adds them: to `fromEndpoints`/`toEndpoints` selectors only
    /// (entities and CIDRs are selected apart from them).
    private func meets(_ requires: [LabelSelector], _ peer: CiliumPeer, _ facts: PeerFacts) -> Bool {
        guard case .endpoints = peer else { return true }
        let labels = facts.pod?.labels ?? [:]
        return requires.allSatisfy { $0.matches(labels) }
    }

    /// The L4 part: `nil` when no port matches, else the L7 sections of the matching `toPorts` entry
    /// (empty when one without L7 rules matches). No `toPorts` and no `icmps`: every port.
    private func ciliumPortMatch(_ entry: CiliumPeerRule, _ q: Query, _ destination: Pod?) -> String? {
        guard entry.toPorts != nil || entry.icmps != nil else { return "" }
        if entry.icmps?.contains(where: { $0.matches(q.proto, type: q.icmpType) }) == true { return "" }
        var l7: String?
        for rule in entry.toPorts ?? []
        where rule.ports.isEmpty || rule.ports.contains(where: { matches($0, q, destination) }) {
            if rule.l7.isEmpty { return "" }
            l7 = l7 ?? "L7 rules (\(rule.l7.joined(separator: ", ")))"
        }
        return l7
    }

    private func matches(_ p: CiliumPort, _ q: Query, _ destination: Pod?) -> Bool {
        guard p.proto == nil || p.proto == q.proto else { return false }
        switch p.port {
        case nil: return true
        case .number(let n):
            guard let port = q.port else { return false }
            return p.endPort.map { n <= Int(port) && port <= $0 } ?? (Int(port) == n)
        case .name(let name):
            guard let port = q.port else { return false }
            return destination?.ports(named: name, proto: q.proto).contains(port) ?? false
        }
    }

    /// Whether a Cilium peer matches the endpoint `facts` describes (a pod's facts carry its identity labels)
    /// for a rule selecting `subject` (in a deny entry when `deny`). CIDR peers match only addresses outside the
    /// cluster: "CIDR rules do not apply to traffic where both sides of the connection are either managed by
    /// Cilium or use an IP belonging to a node in the cluster (including host networking pods)".
    public func matches(_ peer: CiliumPeer, subject: Pod, _ facts: PeerFacts, deny: Bool = false) -> Bool {
        let external = facts.pod == nil && facts.node == nil && !facts.onSomeNode
        switch peer {
        case .endpoints(let selector):
            if let entity = CiliumIdentity.reservedEntity(selector) {
                return matches(entity, subject: subject, facts, external: external)
            }
            return facts.pod.map { selector.matches($0.labels) } ?? false
        case .entity(let entity):
            return matches(entity, subject: subject, facts, external: external)
        case .cidr, .cidrGroup, .cidrGroupSelector:
            guard external else { return false }
            return policies.blocks(of: peer).contains { block in facts.ips.contains { block.contains($0) } }
        case .fqdn:
            return external
        case .nodes(let selector):
            return facts.node.map { selector.matches(inventory.nodes[$0].labels) } ?? false
        case .service(let namespace, let name, let selector):
            guard let pod = facts.pod, name != nil || selector != nil else { return false }
            return inventory.services.contains { s in
                (namespace.map { s.namespace == $0 } ?? true) && (name.map { s.name == $0 } ?? true)
                    && (selector.map { $0.matches(s.labels) } ?? true) && s.selects(pod)
            }
        case .groups:
            return deny && external
        }
    }

    /// Entities onto the inventory (DEVELOPERS.md, "Cilium entities").
    private func matches(_ entity: CiliumEntity, subject: Pod, _ facts: PeerFacts, external: Bool) -> Bool {
        switch entity {
        case .all: return true
        case .world: return external
        case .worldIPv4: return external && facts.ips.contains { $0.version == 4 }
        case .worldIPv6: return external && facts.ips.contains { $0.version == 6 }
        case .cluster: return !external
        case .host: return facts.node != nil && facts.node == inventory.node(of: subject)
        case .remoteNode: return facts.node != nil && facts.node != inventory.node(of: subject)
        case .kubeAPIServer:
            if let node = facts.node { return inventory.nodes[node].labels[Self.controlPlaneLabel] != nil }
            return facts.pod.map { $0.namespace == "kube-system" && $0.labels["component"] == "kube-apiserver" }
                ?? false
        case .health, .initializing, .ingress, .unmanaged, .none: return false
        }
    }

    /// The label of control-plane nodes, where the kube-apiserver entity is.
    static let controlPlaneLabel = "node-role.kubernetes.io/control-plane"
}
