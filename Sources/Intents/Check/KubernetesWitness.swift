import Findings
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// Explains one connection on a Kubernetes network from the reference evaluator's verdict: the steps
/// that decided each side, and the line responsible for the outcome.
struct KubernetesWitness {
    let engine: CompiledEngine
    let policies: PolicySet

    /// Why an allowed connection gets through, and the rule that lets it (the ingress side's allowing
    /// rule first, then the egress side's); `nil` when no rule does, which is the missing
    /// enforcement point, named in the reasons.
    func allowed(_ network: Network, _ s: Member, _ d: Member, _ proto: IPProtocol, _ port: UInt16) -> (
        reasons: [FindingReason], responsible: SourceLocation?
    ) {
        let query = Query(network: network, source: s.kube!, destination: d.kube!, proto: proto, port: port)
        let verdict = engine.verdict(query)
        var reasons = steps(verdict.egress, .egress) + steps(verdict.ingress, .ingress)
        var responsible = allowingRule(verdict.ingress) ?? allowingRule(verdict.egress)
        if responsible == nil {
            for (side, member, direction) in [
                (FindingReason.Side.egress, s, Direction.egress), (.ingress, d, .ingress),
            ] {
                guard let (policy, text) = partialIsolation(network, member, missing: direction) else { continue }
                reasons.append(FindingReason(side: side, text: text, location: policy.location))
                responsible = responsible ?? policy.location
            }
            if responsible == nil {
                reasons.append(
                    FindingReason(
                        side: .enforcement,
                        text:
                            "missing enforcement point: no policy isolates \(s.name) for egress or \(d.name) for ingress, so nothing stops \(proto)/\(port)"
                    ))
            }
        }
        reasons += verdict.notes.map { FindingReason(side: .enforcement, text: $0) }
        return (reasons, responsible)
    }

    /// Why a connection is denied, and the line responsible: an admin-tier deny rule, or the
    /// NetworkPolicy rule that nearly lets it through (right peer, wrong port, or the reverse), or
    /// the selecting policy.
    func denied(_ network: Network, _ s: Member, _ d: Member, _ proto: IPProtocol, _ port: UInt16) -> (
        reasons: [FindingReason], responsible: SourceLocation?
    ) {
        let query = Query(network: network, source: s.kube!, destination: d.kube!, proto: proto, port: port)
        let verdict = engine.verdict(query)
        let (side, direction) =
            verdict.egress.allowed ? (verdict.ingress, Direction.ingress) : (verdict.egress, Direction.egress)
        let reasonSide: FindingReason.Side = direction == .egress ? .egress : .ingress
        var reasons = steps(side, reasonSide)
        guard let deciding = side.decidedBy.first else { return (reasons, nil) }
        if let rule = deciding.rule { return (reasons, rule.location) }
        if let near = engine.reference.nearestRule(for: query, direction: direction) {
            let what =
                near.peersMatch
                ? "matches \(direction == .ingress ? s.name : d.name) but not \(proto)/\(port)"
                : "matches \(proto)/\(port) but not \(direction == .ingress ? s.name : d.name)"
            reasons.append(
                FindingReason(
                    side: reasonSide, text: "closest rule: \(near.rule) \(what)", location: near.rule.location))
            return (reasons, near.rule.location)
        }
        let selecting = side.steps.first { $0.action == .selects }?.policy
        return (reasons, selecting?.location)
    }

    private func steps(_ side: SideVerdict, _ name: FindingReason.Side) -> [FindingReason] {
        side.decidedBy.map {
            FindingReason(side: name, text: Self.text($0), location: $0.rule?.location ?? $0.policy?.location)
        }
    }

    /// A step as explanations print it, without the location (the reason carries it).
    static func text(_ step: Step) -> String {
        var text = "\(step.tier.rawValue) tier: "
        if let rule = step.rule {
            text += "\(rule) \(step.action.rawValue)"
        } else if let policy = step.policy {
            text += "\(policy) \(step.action.rawValue)"
        } else {
            text += step.action.rawValue
        }
        return step.detail.isEmpty ? text : text + ": " + step.detail
    }

    private func allowingRule(_ side: SideVerdict) -> SourceLocation? {
        side.decidedBy.first { $0.action == .allows && $0.rule != nil }?.rule?.location
    }

    /// A NetworkPolicy that selects the pod but not for `missing` (a default-deny without that
    /// policy type): where the open side was meant to be closed.
    private func partialIsolation(_ network: Network, _ m: Member, missing direction: Direction) -> (PolicyRef, String)?
    {
        guard m.isSelectable, case .pod(let i)? = m.kube else { return nil }
        let pod = engine.inventory.pods[i]
        let selecting = policies.networkPolicies.filter {
            $0.namespace == pod.namespace && $0.applies(on: network) && $0.podSelector.matches(pod.labels)
        }
        guard !selecting.contains(where: { $0.affects(direction) }),
            let policy = selecting.first(where: { $0.podSelector.isEmpty }) ?? selecting.first
        else { return nil }
        let types = [policy.affectsIngress ? "Ingress" : nil, policy.affectsEgress ? "Egress" : nil].compactMap { $0 }
        return (
            policy.ref,
            "\(policy.ref) selects \(m.name) but its policyTypes are [\(types.joined(separator: ", "))]: no policy isolates the pod's \(direction.rawValue)"
        )
    }
}
