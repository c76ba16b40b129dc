import InterlockCore
import Manifests

/// What matching a peer needs to know about the other end of a connection, on one network.
///
/// Public so that the compiled engine judges peers with the very predicates of the reference
/// evaluator (`ReferenceEvaluator.facts`, `matches`).
public struct PeerFacts: Sendable {
    /// The pod pod selectors can select: a pod that is not host-network and is attached to the network.
    public var pod: Pod?
    /// The labels of that pod's namespace.
    public var namespaceLabels: [String: String]
    /// Addresses ipBlocks are matched against.
    public var ips: [IPAddress]
    /// The node whose traffic this is (a node, or a host-network pod's node).
    public var node: Int?
    /// Where the endpoint's address will fall when the manifests give none (an unplaced pod), else `nil`.
    public var unplaced: AddressSpace? = nil
    /// A host-network pod with no node: its traffic is that of some node, which one is not known.
    public var onSomeNode = false
    /// A host-network pod that NetworkPolicy selects and matches as an ordinary pod
    /// (`EvaluationOptions.hostNetworkPodsPoliced`): `pod` is set and `node` is not (its traffic is not its
    /// node's to NetworkPolicy), and the admin tiers see `nodeView`.
    public var hostNetwork = false
    /// A policed host-network pod's node, for `nodeView`.
    public var hostNode: Int? = nil

    /// What the admin tiers see of a policed host-network pod: its node's traffic, as in the default profile.
    public var nodeView: PeerFacts {
        var view = self
        view.pod = nil
        view.namespaceLabels = [:]
        view.hostNetwork = false
        view.node = hostNode
        view.onSomeNode = hostNode == nil
        return view
    }
}

extension ReferenceEvaluator {
    /// What peer matching sees of `endpoint` on `network`.
    public func facts(_ endpoint: PolicyEndpoint, on network: Network) -> PeerFacts {
        switch endpoint {
        case .external(let ip):
            return PeerFacts(pod: nil, namespaceLabels: [:], ips: [ip], node: nil)
        case .node(let i):
            return PeerFacts(
                pod: nil, namespaceLabels: [:], ips: network == .pod ? inventory.nodes[i].addresses : [], node: i)
        case .pod(let i):
            let pod = inventory.pods[i]
            if network == .pod && pod.hostNetwork {
                let node = inventory.node(of: pod)
                let ips = pod.ips.isEmpty ? node.map { inventory.nodes[$0].addresses } ?? [] : pod.ips
                guard options.hostNetworkPodsPoliced else {
                    return PeerFacts(
                        pod: nil, namespaceLabels: [:], ips: ips, node: node,
                        unplaced: ips.isEmpty ? unplaced.family : nil, onSomeNode: node == nil)
                }
                return PeerFacts(
                    pod: pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:], ips: ips,
                    node: nil, unplaced: ips.isEmpty ? unplaced.family : nil, hostNetwork: true, hostNode: node)
            }
            guard pod.isAttached(to: network) else {
                return PeerFacts(pod: nil, namespaceLabels: [:], ips: [], node: nil)
            }
            let ips = pod.ips(on: network)
            return PeerFacts(
                pod: pod, namespaceLabels: inventory.namespace(named: pod.namespace)?.labels ?? [:],
                ips: ips, node: nil,
                unplaced: ips.isEmpty ? (network == .pod ? unplaced.pods : unplaced.family) : nil)
        }
    }

    /// "If this field is empty or missing, this rule matches all sources ... If this field is present
    /// and contains at least one item, this rule allows traffic only if the traffic matches at least
    /// one item in the from list."
    func matchesPeers(
        _ peers: [(peer: PolicyPeer, location: SourceLocation)]?, policy: NetworkPolicy, _ facts: PeerFacts
    ) -> Bool {
        guard let peers else { return true }
        return peers.contains { matches($0.peer, policyNamespace: policy.namespace, facts) }
    }

    /// Whether a NetworkPolicy peer of a policy in `policyNamespace` matches the endpoint described by `facts`.
    public func matches(_ peer: PolicyPeer, policyNamespace: String, _ facts: PeerFacts) -> Bool {
        switch peer {
        case .empty:
            return false
        case .pods(let nsSelector, let podSelector):
            guard let pod = facts.pod else { return false }
            // "If namespaceSelector is also set, then the NetworkPolicyPeer as a whole selects the pods
            // matching podSelector in the Namespaces selected by NamespaceSelector. Otherwise it selects
            // the pods matching podSelector in the policy's own namespace."
            if let nsSelector {
                guard nsSelector.matches(facts.namespaceLabels) else { return false }
            } else if pod.namespace != policyNamespace {
                return false
            }
            // namespaceSelector alone "selects all pods in the namespaces selected by namespaceSelector".
            return podSelector?.matches(pod.labels) ?? true
        case .ipBlock(let block):
            // Whether ipBlocks match pod addresses is a profile switch (see EvaluationOptions).
            if facts.pod != nil && !options.ipBlockSelectsPods { return false }
            // An unplaced pod: only a block holding every address it can get matches (AddressSpace).
            if let space = facts.unplaced { return space.coverage(by: [block.cidr], except: block.except) == .all }
            return facts.ips.contains { block.contains($0) }
        }
    }

    /// "If this field is empty or missing, this rule matches all ports ... If this field is present
    /// and contains at least one item, then this rule allows traffic only if the traffic matches at
    /// least one port in the list."
    func matchesPorts(_ ports: [PolicyPort]?, _ proto: IPProtocol, _ port: UInt16?, _ destination: Pod?) -> Bool {
        guard let ports else { return true }
        guard let port else { return false }
        return ports.contains { p in
            // "protocol ... If not specified, this field defaults to TCP" (applied when decoding).
            guard p.proto == proto else { return false }
            switch p.port {
            // "If this field is not provided, this matches all port names and numbers."
            case nil: return true
            case .number(let n):
                return p.endPort.map { n <= Int(port) && port <= $0 } ?? (Int(port) == n)
            // A named port resolves on the destination pod, for the rule's protocol.
            case .name(let name):
                return destination?.ports(named: name, proto: proto).contains(port) ?? false
            }
        }
    }
}
