import InterlockCore
import Manifests

/// An address block peer: `cidr` minus the `except` blocks.
public struct IPBlock: Hashable, Sendable {
    /// The block of addresses the peer allows.
    public var cidr: CIDR
    /// Blocks inside `cidr` taken out of it.
    public var except: [CIDR]

    /// The block `cidr` minus `except`.
    public init(cidr: CIDR, except: [CIDR]) {
        self.cidr = cidr
        self.except = except
    }

    /// "IPBlock describes a particular CIDR ... The except entry describes CIDRs that should not be
    /// included within this rule."
    public func contains(_ ip: IPAddress) -> Bool {
        cidr.contains(ip) && !except.contains { $0.contains(ip) }
    }
}

/// A NetworkPolicy peer (`from`/`to` item).
public enum PolicyPeer: Hashable, Sendable {
    /// Pods by selectors. A `nil` selector is a missing field: with only `podSelector`, the policy's own
    /// namespace; with only `namespaceSelector`, every pod of the selected namespaces; both, AND.
    case pods(namespaceSelector: LabelSelector?, podSelector: LabelSelector?)
    /// Addresses in a block (pods' addresses included when `EvaluationOptions.ipBlockSelectsPods` is on).
    case ipBlock(IPBlock)
    /// A peer with no field set, which the API server rejects; it matches nothing here.
    case empty
}

/// A port entry of a rule. `port == nil` means every port of `proto`.
public struct PolicyPort: Hashable, Sendable {
    /// The protocol (TCP when the manifest does not say).
    public var proto: IPProtocol
    /// A port number or a named container port, resolved on the destination pod; `nil` for every port.
    public var port: IntOrName?
    /// Set only with a numeric `port`: the range `port...endPort`.
    public var endPort: UInt16?
    /// Where the port entry is written.
    public var location: SourceLocation
}

/// One ingress or egress rule. `peers == nil` (field missing or empty) matches every peer;
/// `ports == nil` (missing or empty) matches every port and protocol.
public struct PolicyRule: Sendable {
    /// The rule, for explanations and findings.
    public var ref: RuleRef
    /// The peers (`from` or `to`), each with its position.
    public var peers: [(peer: PolicyPeer, location: SourceLocation)]?
    /// The port entries.
    public var ports: [PolicyPort]?
    /// The ipBlock `cidr` and `except` values written with host bits set (`10.0.0.1/8`), as written:
    /// the API server accepts them (and warns), and `policy lint` reports them.
    public var hostBitCIDRs: [(text: String, location: SourceLocation)] = []
}

/// A `networking.k8s.io/v1` NetworkPolicy, or a MultiNetworkPolicy (same semantics on the
/// secondary networks it is for).
public struct NetworkPolicy: Sendable {
    /// The policy object, for explanations and findings.
    public var ref: PolicyRef
    /// The namespace the policy is in, which is also where it selects pods.
    public var namespace: String
    /// Selects the pods the policy applies to, in its namespace ("An empty podSelector matches all
    /// pods in this namespace").
    public var podSelector: LabelSelector
    /// The policy types after defaulting.
    public var affectsIngress: Bool
    /// Whether the policy isolates the selected pods for egress (`policyTypes` after defaulting).
    public var affectsEgress: Bool
    /// Ingress rules; traffic is allowed when any matches.
    public var ingress: [PolicyRule]
    /// Egress rules; traffic is allowed when any matches.
    public var egress: [PolicyRule]
    /// Empty for a NetworkPolicy (the pod network); for a MultiNetworkPolicy, the networks of its
    /// `k8s.v1.cni.cncf.io/policy-for` annotation, as `namespace/name`.
    public var networks: [String]

    /// Whether the policy isolates its pods for `direction`.
    public func affects(_ direction: Direction) -> Bool {
        direction == .ingress ? affectsIngress : affectsEgress
    }

    /// The rules for `direction`.
    public func rules(_ direction: Direction) -> [PolicyRule] {
        direction == .ingress ? ingress : egress
    }

    /// Whether the policy is in force on `network`.
    public func applies(on network: Network) -> Bool {
        switch network {
        case .pod: return networks.isEmpty
        case .attachment(let name): return networks.contains(name)
        }
    }
}
