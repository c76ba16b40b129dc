import InterlockCore
import Manifests

extension PolicyLinter {
    /// The mistakes that make Cilium reject or ignore a rule, and Cilium selectors that select nothing.
    mutating func lintCiliumPolicy(_ policy: CiliumPolicy) {
        for rule in policy.rules {
            // "If omitted or empty, this rule does not apply at ingress/egress": a rule with no list does nothing,
            // unless `enableDefaultDeny` asks for default deny (it then isolates its endpoints).
            if Direction.allCases.allSatisfy({
                rule.rules($0, deny: false).isEmpty && rule.rules($0, deny: true).isEmpty && !rule.defaultDeny($0)
            }) {
                add(
                    rule.location, "cilium-no-direction",
                    "\(rule.description): no ingress, ingressDeny, egress or egressDeny rule: the rule has no effect")
            }
            if hasWorkloads, case .endpoints(let s) = rule.subject, !inventory.pods.contains(where: { selects(s, $0) })
            {
                add(rule.location, "selects-nothing", "\(rule.description): endpointSelector \(s) selects no pod")
            }
            for entry in Direction.allCases.flatMap({ rule.rules($0, deny: false) + rule.rules($0, deny: true) }) {
                lintCiliumEntry(entry, of: rule)
            }
        }
    }

    private mutating func lintCiliumEntry(_ entry: CiliumPeerRule, of rule: CiliumRule) {
        // Cilium's rule sanitizer: "Combining FromEndpoints and FromEntities is not supported yet" (and the
        // other L3 kinds): the API server accepts the policy, the agent refuses to import it.
        let endpoints = entry.peers.contains { if case .endpoints = $0.peer { true } else { false } }
        let other = entry.peers.first { if case .endpoints = $0.peer { false } else { true } }
        if endpoints, let other {
            add(
                other.location, "cilium-mixed-l3",
                "\(entry.ref): endpoints and \(Self.kind(other.peer)) in one rule: Cilium rejects the rule; write them as separate rules"
            )
        }
        for below in entry.endPortsBelowPort {
            add(
                below.location, "cilium-endport-below-port",
                "\(entry.ref): endPort \(below.endPort) is below port \(below.port): Cilium ignores it and allows port \(below.port) alone"
            )
        }
        for (peer, location) in entry.peers {
            guard case .fqdn(let names) = peer, !hasDNSVisibility(for: rule) else { continue }
            add(
                location, "cilium-fqdn-without-dns",
                "\(entry.ref): toFQDNs \(names.joined(separator: ", ")) without an egress rule with 'rules: {dns: ...}' for the same endpoints: Cilium learns no name, so the rule never allows anything"
            )
        }
    }

    /// Whether a Cilium egress rule with DNS L7 rules selects the endpoints `rule` selects (the same selector
    /// without workloads; every pod it selects with them).
    private func hasDNSVisibility(for rule: CiliumRule) -> Bool {
        let dns = input.policies.ciliumRules.filter { r in
            r.egress.contains { $0.toPorts?.contains { $0.l7.contains("dns") } ?? false }
        }
        guard case .endpoints(let s) = rule.subject else { return true }
        guard hasWorkloads else { return dns.contains { $0.subject == rule.subject } }
        return inventory.pods.filter { selects(s, $0) }.allSatisfy { pod in
            dns.contains { r in
                if case .endpoints(let t) = r.subject { return selects(t, pod) }
                return false
            }
        }
    }

    private func selects(_ selector: LabelSelector, _ pod: Pod) -> Bool {
        guard !pod.hostNetwork else { return false }
        return selector.matches(
            CiliumIdentity.labels(
                of: pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:],
                cluster: "default"))
    }

    private static func kind(_ peer: CiliumPeer) -> String {
        switch peer {
        case .endpoints: return "endpoints"
        case .entity: return "entities"
        case .cidr, .cidrGroup, .cidrGroupSelector: return "CIDRs"
        case .service: return "services"
        case .fqdn: return "FQDNs"
        case .nodes: return "nodes"
        case .groups: return "cloud provider groups"
        }
    }
}
