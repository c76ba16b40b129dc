import InterlockCore
import Manifests

/// The reference evaluator: answers one question at a time by walking the policies in the order the
/// specifications give, and explains every answer. It is the oracle any faster engine is checked
/// against, so it favours following the text over speed.
///
/// Order per side (the source's egress, the destination's ingress):
/// 0. isolation: endpoints on different primary networks (the cluster default network, primary
///    user-defined networks) cannot reach each other, whatever the policies say;
/// 1. exemptions: endpoints that no pod selector can select are not subject to policy (external
///    addresses, nodes, host-network pods); a pod can always reach itself;
/// 2. admin tier (pod network): AdminNetworkPolicies and `tier: Admin` ClusterNetworkPolicies by
///    priority, first matching rule; Allow and Deny decide, Pass goes on to NetworkPolicy;
/// 3. NetworkPolicy (MultiNetworkPolicy on a secondary network): if any policy selects the pod for the
///    direction it is isolated, and the traffic is allowed only if some rule of those policies
///    matches (or it is to/from the pod's own node); the baseline tier is then skipped. Under
///    `--cni cilium` the pod network's tier is Cilium's instead (`ciliumTier`);
/// 4. baseline tier (pod network): the BaselineAdminNetworkPolicy and `tier: Baseline`
///    ClusterNetworkPolicies, first matching rule;
/// 5. default: allowed.
public struct ReferenceEvaluator: ConnectivityEngine {
    /// The cluster the questions are about.
    public let inventory: Inventory
    /// The policies in force.
    public let policies: PolicySet
    /// The CNI-dependent behaviours chosen.
    public let options: EvaluationOptions
    /// Port cuts per protocol of every numeric port any rule names (sorted).
    private let cuts: [IPProtocol: [UInt16]]
    /// ICMP message cuts (`PolicySet.icmpCuts`); `nil` when connection sets do not track ICMP.
    private let icmpCuts: [Int]?
    /// Where unplaced pods' addresses fall on the pod network, and their whole address family.
    let unplaced: (pods: AddressSpace, family: AddressSpace)
    /// The primary user-defined networks' isolation of the pod network.
    public let isolation: NetworkIsolation
    /// Where Calico rules cut source ports; `nil` when none looks at them.
    let calicoSourceCuts: CalicoSourcePortCuts?

    /// An evaluator over `inventory` and `policies`; it precomputes only the port cuts and where
    /// unplaced pods' addresses fall, so creating one is cheap.
    public init(inventory: Inventory, policies: PolicySet, options: EvaluationOptions = EvaluationOptions()) {
        self.inventory = inventory
        self.policies = policies
        self.options = options
        var cuts: [IPProtocol: [UInt16]] = [:]
        for proto in IPProtocol.policyProtocols { cuts[proto] = policies.portCuts(proto).sorted() }
        self.cuts = cuts
        icmpCuts = policies.icmpCuts(options.cni)
        unplaced = AddressSpace.unplacedPods(of: inventory)
        isolation = NetworkIsolation(inventory: inventory, udns: policies.userDefinedNetworks)
        calicoSourceCuts = options.cni == .calico ? policies.calico.sourcePortCuts : nil
    }

    /// Whether a question's source port can change its verdict (a Calico rule looks at source ports).
    public var looksAtSourcePorts: Bool { calicoSourceCuts != nil }

    /// The verdict on `query`, with both sides explained.
    public func verdict(_ query: Query) -> Verdict {
        var egress = Trace(enabled: true)
        var ingress = Trace(enabled: true)
        let e = side(.egress, query, &egress)
        let i = side(.ingress, query, &ingress)
        let (notes, enforced) = enforcement(query)
        return Verdict(
            egress: SideVerdict(direction: .egress, allowed: e, steps: egress.steps),
            ingress: SideVerdict(direction: .ingress, allowed: i, steps: ingress.steps),
            notes: undecidedNotes(query) + notes, enforced: enforced)
    }

    /// Whether the source's egress and the destination's ingress both allow the query, without recording
    /// explanations.
    public func isAllowed(_ query: Query) -> Bool {
        var off = Trace(enabled: false)
        return side(.egress, query, &off) && side(.ingress, query, &off)
    }

    /// Evaluates every port atom: the ports between two consecutive cuts (numeric ports named by any
    /// rule, plus the destination's container ports, which named ports resolve to) share a verdict.
    public func connections(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint)
        -> ConnectionSet
    {
        var result = ConnectionSet.none
        for proto in IPProtocol.policyProtocols {
            var allowed: [PortRange] = []
            for atom in portAtoms(proto, destination: destination)
            where isAllowed(
                Query(network: network, source: source, destination: destination, proto: proto, port: atom.lower))
            {
                allowed.append(atom)
            }
            result[proto] = PortSet(allowed)
        }
        guard let (icmp, icmpv6) = icmpConnections(on: network, from: source, to: destination) else { return result }
        return result.tracking(icmp: icmp, icmpv6: icmpv6)
    }

    /// The ICMP and ICMPv6 messages allowed from `source` to `destination`, one question per message atom
    /// (the messages between two consecutive `icmpCuts` share a verdict); `nil` when connection sets do
    /// not track ICMP: no policy of the dialect in force names it, or a network other than the pod network,
    /// where the dialects do not apply.
    public func icmpConnections(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint)
        -> (icmp: ICMPTypeSet, icmpv6: ICMPTypeSet)?
    {
        guard network == .pod, let icmpCuts else { return nil }
        func allowed(_ proto: IPProtocol) -> ICMPTypeSet {
            var out: [ClosedRange<UInt16>] = []
            for (k, lower) in icmpCuts.enumerated()
            where isAllowed(
                Query(
                    network: network, source: source, destination: destination, proto: proto, port: nil,
                    icmpType: UInt8(lower >> 8), icmpCode: UInt8(lower & 255)))
            {
                out.append(UInt16(lower)...UInt16(k + 1 < icmpCuts.count ? icmpCuts[k + 1] - 1 : Int(UInt16.max)))
            }
            return ICMPTypeSet(out)
        }
        return (allowed(.icmp), allowed(.icmpv6))
    }

    /// The port atoms of `proto` for traffic to `destination`, ascending, covering 1...65535.
    public func portAtoms(_ proto: IPProtocol, destination: PolicyEndpoint) -> [PortRange] {
        var points = Set(cuts[proto] ?? [1])
        if case .pod(let i) = destination {
            for p in inventory.pods[i].ports where p.proto == proto {
                points.insert(p.port)
                if p.port < 65535 { points.insert(p.port + 1) }
            }
        }
        let sorted = points.sorted()
        return sorted.indices.map { k in
            PortRange(sorted[k], k + 1 < sorted.count ? sorted[k + 1] - 1 : 65535)
        }
    }

    /// One side: `.egress` judges the source's policies, `.ingress` the destination's; `isolating: false`
    /// leaves out network isolation (a compiled engine applies it at lookup).
    func side(_ direction: Direction, _ q: Query, _ trace: inout Trace, isolating: Bool = true) -> Bool {
        let subject = direction == .egress ? q.source : q.destination
        let peer = direction == .egress ? q.destination : q.source
        if isolating, let reason = isolation.separates(subject, peer, on: q.network, in: inventory) {
            trace.add(Step(tier: .isolation, action: .denies, detail: reason))
            return false
        }
        guard let pod = selectablePod(subject, on: q.network, trace: &trace, direction) else { return true }
        if q.source == q.destination {
            trace.add(Step(tier: .exemption, action: .allows, detail: "a pod cannot block access to itself"))
            return true
        }
        let peerFacts = facts(peer, on: q.network)
        let destinationPod: Pod? = if case .pod(let i) = q.destination { inventory.pods[i] } else { nil }
        if options.cni == .calico && q.network == .pod {
            return calicoSide(direction, pod: pod, peer: peerFacts, q, destinationPod, &trace)
        }
        // A host-network pod reaches here only when NetworkPolicy polices it; the admin tiers never select it.
        let admin = !(q.network == .pod && pod.hostNetwork)
        if !admin {
            trace.add(
                Step(
                    tier: .exemption, action: .skips,
                    detail: "host-network pod: the admin tiers do not select it; NetworkPolicy polices it (profile)"))
        }
        if admin, let decided = adminTier(.admin, direction, pod: pod, peer: peerFacts, q, destinationPod, &trace) {
            return decided
        }
        if options.cni == .cilium && q.network == .pod {
            if let decided = ciliumTier(direction, pod: pod, peer: peerFacts, q, destinationPod, &trace) {
                return decided
            }
        } else if let decided = networkPolicyTier(direction, pod: pod, peer: peerFacts, q, destinationPod, &trace) {
            return decided
        }
        if admin, let decided = adminTier(.baseline, direction, pod: pod, peer: peerFacts, q, destinationPod, &trace) {
            return decided
        }
        trace.add(
            Step(
                tier: .default, action: .allows,
                detail: "nothing selects \(inventory.describe(subject)) for \(direction.rawValue)"))
        return true
    }

    /// The pod policies can select as the subject of a side, or `nil` with the exemption recorded.
    private func selectablePod(
        _ endpoint: PolicyEndpoint, on network: Network, trace: inout Trace, _ direction: Direction
    ) -> Pod? {
        switch endpoint {
        case .external:
            trace.add(
                Step(
                    tier: .exemption, action: .allows,
                    detail: "an address outside the inventory: no policy applies to its \(direction.rawValue)"))
        case .node(let i):
            trace.add(
                Step(
                    tier: .exemption, action: .allows,
                    detail: "node \(inventory.nodes[i].name): no pod policy applies to nodes"))
        case .pod(let i):
            let pod = inventory.pods[i]
            if network == .pod && pod.hostNetwork && !options.hostNetworkPodsPoliced {
                trace.add(
                    Step(
                        tier: .exemption, action: .allows,
                        detail: "host-network pod: its traffic is its node's and no pod selector selects it"))
            } else if !pod.isAttached(to: network) {
                trace.add(Step(tier: .exemption, action: .allows, detail: "not attached to network \(network)"))
            } else {
                return pod
            }
        }
        return nil
    }

    /// The NetworkPolicy tier: `nil` when no policy selects the pod for `direction`.
    private func networkPolicyTier(
        _ direction: Direction, pod: Pod, peer: PeerFacts, _ q: Query, _ destination: Pod?,
        _ trace: inout Trace
    ) -> Bool? {
        let selecting = policies.networkPolicies.filter {
            $0.namespace == pod.namespace && $0.applies(on: q.network) && $0.affects(direction)
                && $0.podSelector.matches(pod.labels)
        }
        guard !selecting.isEmpty else {
            trace.add(
                Step(
                    tier: .networkPolicy, action: .skips, detail: "no policy selects the pod for \(direction.rawValue)")
            )
            return nil
        }
        for policy in selecting {
            trace.add(
                Step(
                    tier: .networkPolicy, action: .selects, policy: policy.ref,
                    detail: "pod selector \(policy.podSelector)"))
        }
        // "traffic to and from the node where a Pod is running is always allowed, regardless of the
        // IP address of the Pod or the node."
        if q.network == .pod, let node = peer.node, node == inventory.node(of: pod) {
            trace.add(
                Step(
                    tier: .networkPolicy, action: .allows,
                    detail: "traffic to and from the pod's own node is always allowed"))
            return true
        }
        let allowed = networkPolicyAllows(selecting, direction, .networkPolicy, peer: peer, q, destination, &trace)
        if !allowed {
            trace.add(
                Step(
                    tier: .networkPolicy, action: .denies,
                    detail:
                        "no \(direction.rawValue) rule of the \(selecting.count) selecting polic\(selecting.count == 1 ? "y" : "ies") matches"
                ))
        }
        return allowed
    }
}

extension ReferenceEvaluator {
    /// Whether a rule of `policies` for `direction` matches the traffic, recording each matching rule as an
    /// allowing step of `tier` (the first match answers when explanations are off).
    func networkPolicyAllows(
        _ policies: [NetworkPolicy], _ direction: Direction, _ tier: PolicyTier, peer: PeerFacts, _ q: Query,
        _ destination: Pod?, _ trace: inout Trace
    ) -> Bool {
        var allowed = false
        for policy in policies {
            for rule in policy.rules(direction)
            where matchesPeers(rule.peers, policy: policy, peer)
                && matchesPorts(rule.ports, q.proto, q.port, destination)
            {
                allowed = true
                guard trace.enabled else { return true }
                trace.add(Step(tier: tier, action: .allows, policy: policy.ref, rule: rule.ref))
            }
        }
        return allowed
    }
}

/// Steps recorded while evaluating, or nothing when explanations are not wanted.
struct Trace {
    let enabled: Bool
    private(set) var steps: [Step] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func add(_ step: @autoclosure () -> Step) {
        if enabled { steps.append(step()) }
    }
}
