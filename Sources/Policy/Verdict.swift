import InterlockCore
import Manifests

/// The tier of the evaluation order a step belongs to.
public enum PolicyTier: String, Sendable {
    /// Network isolation, before any policy: endpoints on different primary networks (a primary
    /// user-defined network and the default network, or two user-defined networks) cannot talk.
    case isolation = "network isolation"
    /// Rules that hold before any policy: a pod reaching itself, endpoints no policy selects.
    case exemption
    /// AdminNetworkPolicy and ClusterNetworkPolicy `tier: Admin`.
    case admin
    /// NetworkPolicy (or MultiNetworkPolicy on a secondary network).
    case networkPolicy = "NetworkPolicy"
    /// Cilium's enforcement (`--cni cilium`): CiliumNetworkPolicies, CiliumClusterwideNetworkPolicies and
    /// NetworkPolicies together, in place of the NetworkPolicy tier on the pod network.
    case cilium = "Cilium"
    /// BaselineAdminNetworkPolicy and ClusterNetworkPolicy `tier: Baseline`.
    case baseline
    /// What applies when no tier decided: allow.
    case `default`
    /// Calico's tiers, policies and profiles (`--cni calico`).
    case calico = "Calico"
}

/// What a step did to the traffic.
public enum StepAction: String, Sendable {
    /// The step decided for the traffic (`allows`), against it (`denies`), or handed it to the next tier
    /// (`passes`).
    case allows, denies, passes
    /// A policy selects the pod for this direction (isolates it) without deciding by itself.
    case selects
    /// A tier had nothing to say (no policy selects the pod); evaluation goes on.
    case skips
}

/// One step of a side's evaluation: which tier, policy and rule did what.
public struct Step: Hashable, Sendable, CustomStringConvertible {
    /// The tier the step belongs to.
    public var tier: PolicyTier
    /// What the step did.
    public var action: StepAction
    /// The policy responsible, when the step comes from one.
    public var policy: PolicyRef?
    /// The rule responsible, when one matched.
    public var rule: RuleRef?
    /// Why, in words (`a pod cannot block access to itself`, `no ingress rule matches`, ...).
    public var detail: String
    /// For an allowing step: the L7 rule (or FQDN) the allowance is subject to, which Interlock does not
    /// evaluate (`L7 rules (http)`, `toFQDNs api.example.com`); `nil` when the allowance is plain.
    public var l7: String?

    /// A step of the evaluation.
    public init(
        tier: PolicyTier, action: StepAction, policy: PolicyRef? = nil, rule: RuleRef? = nil, detail: String = "",
        l7: String? = nil
    ) {
        self.tier = tier
        self.action = action
        self.policy = policy
        self.rule = rule
        self.detail = detail
        self.l7 = l7
    }

    /// Whether the step decides the side (allows or denies).
    public var isDecisive: Bool { action == .allows || action == .denies }

    /// `NetworkPolicy tier: NetworkPolicy shop/web ingress rule 0 (policies/web.yaml:12) allows`.
    public var description: String {
        var text = "\(tier.rawValue) tier: "
        if let rule {
            text += "\(rule) (\(rule.location)) \(action.rawValue)"
        } else if let policy {
            text += "\(policy) (\(policy.location)) \(action.rawValue)"
        } else {
            text += action.rawValue
        }
        if let l7 { text += " at L4, subject to \(l7)" }
        return detail.isEmpty ? text : text + ": " + detail
    }
}

/// The verdict of one side of a connection: the source's egress or the destination's ingress.
public struct SideVerdict: Sendable {
    /// Which side: the source's egress or the destination's ingress.
    public var direction: Direction
    /// Whether this side lets the traffic through.
    public var allowed: Bool
    /// Every step taken, in evaluation order; the decisive ones are `decidedBy`.
    public var steps: [Step]

    /// The steps that decided: every allowing rule of the deciding tier, or the one denying step.
    public var decidedBy: [Step] {
        guard let last = steps.last(where: \.isDecisive) else { return [] }
        return steps.filter { $0.isDecisive && $0.tier == last.tier && $0.action == last.action }
    }

    /// The L7 rules the side's allowance is subject to: non-empty when every allowing step is.
    public var subjectToL7: [String] {
        let deciding = decidedBy
        guard allowed, !deciding.isEmpty, deciding.allSatisfy({ $0.l7 != nil }) else { return [] }
        return deciding.compactMap(\.l7)
    }
}

/// Whether a connection is allowed: the source's egress AND the destination's ingress.
public struct Verdict: Sendable {
    /// The source's side.
    public var egress: SideVerdict
    /// The destination's side.
    public var ingress: SideVerdict
    /// Facts that qualify the verdict (for example, that no Kubernetes policy filters RDMA traffic).
    public var notes: [String]
    /// False when no enforcement point filters this traffic (DPDK interfaces; RDMA verbs traffic):
    /// the verdict states what the policies say, not what happens on the wire.
    public var enforced: Bool = true

    /// Whether both sides allow the connection.
    public var allowed: Bool { egress.allowed && ingress.allowed }

    /// "allowed at L4, subject to an L7 rule Interlock does not evaluate": an allowed verdict whose allowance
    /// on a side rests only on L7 (or FQDN) rules; the rules, or empty.
    public var subjectToL7: [String] { allowed ? egress.subjectToL7 + ingress.subjectToL7 : [] }
}

/// A question for an engine: may `source` open a connection to `destination` on `network`, with
/// `proto` to destination port `port` (`nil` for protocols without ports)?
public struct Query: Hashable, Sendable {
    /// The network the connection is on (the pod network by default).
    public var network: Network
    /// The end that opens the connection.
    public var source: PolicyEndpoint
    /// The end that accepts it.
    public var destination: PolicyEndpoint
    /// The IP protocol of the traffic.
    public var proto: IPProtocol
    /// The destination port; `nil` for protocols without ports (only rules without ports match them).
    public var port: UInt16?
    /// The ICMP (or ICMPv6) type of an ICMP message; `nil` when unknown or not ICMP (rules by ICMP type
    /// then do not match).
    public var icmpType: UInt8?
    /// The ICMP code; `nil` when unknown.
    public var icmpCode: UInt8?
    /// The source port, for protocols with ports; `nil` when unknown (a connlist question): then a rule
    /// that looks at source ports counts as allowing only if it allows every source port (see
    /// `ReferenceEvaluator.calicoSourcePortProbes`).
    public var sourcePort: UInt16?

    /// A question about one connection.
    public init(
        network: Network = .pod, source: PolicyEndpoint, destination: PolicyEndpoint, proto: IPProtocol, port: UInt16?,
        icmpType: UInt8? = nil, icmpCode: UInt8? = nil, sourcePort: UInt16? = nil
    ) {
        self.network = network
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.sourcePort = sourcePort
    }
}

/// What every connectivity engine answers. The reference evaluator walks the policies for each
/// question; a compiled engine can answer the same from tables. Workload-level commands (connlist,
/// diff, explain) are written against this protocol, so either engine can serve them.
public protocol ConnectivityEngine: Sendable {
    /// The cluster the engine answers about; endpoints in queries index into it.
    var inventory: Inventory { get }
    /// Whether the connection is allowed (no explanation).
    func isAllowed(_ query: Query) -> Bool
    /// Every allowed (protocol, destination port) from `source` to `destination` on `network`.
    func connections(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint) -> ConnectionSet
    /// Whether those connections depend on the address of an end the manifests do not place: an address
    /// peer of a policy selecting one end covers part, not all, of where the other end's address will fall
    /// (the `conditional` flag of connlist rows; see `ReferenceEvaluator.undecidedNotes`).
    func isConditional(on network: Network, from source: PolicyEndpoint, to destination: PolicyEndpoint) -> Bool
    /// The connections from every source to every destination on `network`, by class, or `nil` when the
    /// engine has no classes for that network (then ask `connections(on:from:to:)` pair by pair). Engines
    /// that partition endpoints answer at a cost of classes² plus endpoints.
    func classConnectivity(on network: Network, sources: [PolicyEndpoint], destinations: [PolicyEndpoint])
        -> ClassConnectivity?
}

/// An engine that can also explain a verdict: which tiers, policies and rules decided each side.
public protocol ExplainingEngine: ConnectivityEngine {
    /// The verdict on `query` with both sides' steps; `allowed` agrees with `isAllowed(query)`.
    func verdict(_ query: Query) -> Verdict
}

extension ReferenceEvaluator: ExplainingEngine {}
