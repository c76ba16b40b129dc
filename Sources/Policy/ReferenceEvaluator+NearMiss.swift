import InterlockCore
import Manifests

/// A NetworkPolicy rule seen from one connection: whether its peers match the other end and whether
/// its ports match the traffic.
public struct RuleMatch: Sendable {
    /// The rule.
    public var rule: RuleRef
    /// Whether some peer of the rule matches the other end (a rule without peers matches every peer).
    public var peersMatch: Bool
    /// Whether some port of the rule matches the traffic (a rule without ports matches every port).
    public var portsMatch: Bool
}

extension ReferenceEvaluator {
    /// The rules of every NetworkPolicy (or MultiNetworkPolicy) that selects `direction`'s pod of
    /// `query` (the source for egress, the destination for ingress), in policy order, each with what
    /// it matches. When the NetworkPolicy tier denies a connection, a rule that matches the peer but
    /// not the port (or the port but not the peer) is where it nearly got through: what a finding
    /// about missing connectivity points at. Empty when no policy selects that pod.
    public func networkPolicyRules(for query: Query, direction: Direction) -> [RuleMatch] {
        let subject = direction == .egress ? query.source : query.destination
        let peer = direction == .egress ? query.destination : query.source
        guard case .pod(let i) = subject else { return [] }
        let pod = inventory.pods[i]
        guard pod.isAttached(to: query.network), !(query.network == .pod && pod.hostNetwork) else { return [] }
        let peerFacts = facts(peer, on: query.network)
        let destination: Pod? = if case .pod(let d) = query.destination { inventory.pods[d] } else { nil }
        var out: [RuleMatch] = []
        for policy in policies.networkPolicies
        where policy.namespace == pod.namespace && policy.applies(on: query.network) && policy.affects(direction)
            && policy.podSelector.matches(pod.labels)
        {
            for rule in policy.rules(direction) {
                out.append(
                    RuleMatch(
                        rule: rule.ref, peersMatch: matchesPeers(rule.peers, policy: policy, peerFacts),
                        portsMatch: matchesPorts(rule.ports, query.proto, query.port, destination)))
            }
        }
        return out
    }
}

extension ReferenceEvaluator {
    /// The rule a denied connection needed on `direction`'s side: among `networkPolicyRules(for:direction:)`,
    /// one whose peers match but not its ports, or the reverse (a near miss); of those, the one that
    /// names the most (explicit peers, explicit ports), the first in policy order on a tie. `nil` when no
    /// rule nearly matches.
    public func nearestRule(for query: Query, direction: Direction) -> RuleMatch? {
        let rules = networkPolicyRules(for: query, direction: direction)
        return rules.filter { $0.peersMatch != $0.portsMatch }.enumerated().max { a, b in
            (specificity(a.element.rule), -a.offset) < (specificity(b.element.rule), -b.offset)
        }?.element
    }

    /// How much a rule names: 1 for explicit peers, 1 for explicit ports.
    private func specificity(_ ref: RuleRef) -> Int {
        guard let policy = policies.networkPolicies.first(where: { $0.ref == ref.policy }) else { return 0 }
        let rules = policy.rules(ref.direction)
        guard rules.indices.contains(ref.index) else { return 0 }
        return (rules[ref.index].peers == nil ? 0 : 1) + (rules[ref.index].ports == nil ? 0 : 1)
    }
}
