import InterlockCore
import Manifests

extension ReferenceEvaluator {
    /// Whether any verdict from `source` to `destination` on `network` depends on an unplaced end's
    /// address: `undecidedNotes` has something to say (ports do not enter into it).
    public func isConditional(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint)
        -> Bool
    {
        !undecidedNotes(Query(network: network, source: source, destination: destination, proto: .tcp, port: nil))
            .isEmpty
    }

    /// Notes for explanations: each address peer (ipBlock, admin `networks`) of a policy selecting a side's
    /// pod that covers part, not all, of where the other end's unplaced address will fall. Whether it
    /// matches depends on that address; it is taken as not matching (see `AddressSpace`).
    func undecidedNotes(_ q: Query) -> [String] {
        guard q.source != q.destination else { return [] }
        var notes: [String] = []
        for direction in [Direction.egress, .ingress] {
            let subject = direction == .egress ? q.source : q.destination
            let peer = direction == .egress ? q.destination : q.source
            guard case .pod(let i) = subject else { continue }
            let pod = inventory.pods[i]
            let hostNetwork = q.network == .pod && pod.hostNetwork
            guard pod.isAttached(to: q.network), !hostNetwork || options.hostNetworkPodsPoliced else { continue }
            let facts = facts(peer, on: q.network)
            guard let space = facts.unplaced else { continue }
            func note(_ peerText: String, _ rule: RuleRef) {
                notes.append(
                    "whether \(peerText) of \(rule) matches \(inventory.describe(peer)) depends on the pod's IP, which the manifests do not fix: taken as not matching, as it does not hold all of \(space.ranges.map(\.description).joined(separator: ", ")), where the pod's address will fall"
                )
            }
            // Address peers see a pod only when they select pods (EvaluationOptions).
            for policy in policies.networkPolicies
            where (facts.pod == nil || options.ipBlockSelectsPods) && policy.namespace == pod.namespace
                && policy.applies(on: q.network) && policy.affects(direction) && policy.podSelector.matches(pod.labels)
            {
                for rule in policy.rules(direction) {
                    for case .ipBlock(let block) in (rule.peers ?? []).map(\.peer)
                    where space.coverage(by: [block.cidr], except: block.except) == .some {
                        note("ipBlock \(block.cidr)", rule.ref)
                    }
                }
            }
            let adminFacts = facts.hostNetwork ? facts.nodeView : facts
            guard q.network == .pod, !hostNetwork, adminFacts.pod == nil || options.ipBlockSelectsPods else { continue }
            let namespaceLabels = inventory.namespace(named: pod.namespace)?.labels ?? [:]
            for policy in policies.adminPolicies where policy.subject.selects(pod, namespaceLabels: namespaceLabels) {
                for rule in policy.rules(direction) {
                    for case .networks(let cidrs) in rule.peers.map(\.peer) where space.coverage(by: cidrs) == .some {
                        note("networks \(cidrs.map(\.description).joined(separator: ", "))", rule.ref)
                    }
                }
            }
        }
        return notes
    }
}
