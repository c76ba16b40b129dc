import InterlockCore
import Manifests

/// The tier of an admin-tier policy: which step of the evaluation order its rules take.
public enum AdminTier: String, Sendable {
    /// Evaluated before NetworkPolicy; Allow and Deny are final, Pass goes on to NetworkPolicy.
    case admin = "Admin"
    /// Evaluated for pods no NetworkPolicy selects in the direction; then the default (allow).
    case baseline = "Baseline"
}

/// A cluster-scoped policy of the admin or baseline tier: an AdminNetworkPolicy or
/// BaselineAdminNetworkPolicy (v1alpha1), or a ClusterNetworkPolicy (v1alpha2), in one model.
public struct AdminPolicy: Sendable {
    /// The policy object, for explanations and findings.
    public var ref: PolicyRef
    /// Which tier the policy's rules take part in.
    public var tier: AdminTier
    /// 0...1000, lower first; a BaselineAdminNetworkPolicy (a singleton) has 0.
    public var priority: Int
    /// The pods the policy applies to.
    public var subject: AdminSubject
    /// Ingress rules, in the order written (the first that matches decides).
    public var ingress: [AdminRule]
    /// Egress rules, in the order written (the first that matches decides).
    public var egress: [AdminRule]

    /// The rules for `direction`.
    public func rules(_ direction: Direction) -> [AdminRule] { direction == .ingress ? ingress : egress }
}

/// The pods an admin-tier policy applies to (host-network pods never are).
public enum AdminSubject: Hashable, Sendable, CustomStringConvertible {
    /// Every pod of the namespaces the selector picks.
    case namespaces(LabelSelector)
    /// The pods `podSelector` picks in the namespaces `namespaceSelector` picks.
    case pods(namespaceSelector: LabelSelector, podSelector: LabelSelector)

    /// `namespaces SELECTOR` or `pods SELECTOR in namespaces SELECTOR`, as explanations print it.
    public var description: String {
        switch self {
        case .namespaces(let s): return "namespaces \(s)"
        case .pods(let ns, let pods): return "pods \(pods) in namespaces \(ns)"
        }
    }
}

/// A rule's action. ClusterNetworkPolicy's `Accept` is `allow`.
public enum AdminAction: String, Sendable {
    /// Allow decides for the traffic, Deny against it, Pass hands it to the NetworkPolicy tier.
    case allow = "Allow"
    case deny = "Deny"
    case pass = "Pass"

    /// The verb explanations use: `allows`, `denies`, `passes`.
    var stepAction: StepAction {
        switch self {
        case .allow: return .allows
        case .deny: return .denies
        case .pass: return .passes
        }
    }
}

/// A peer of an admin-tier rule.
public enum AdminPeer: Hashable, Sendable {
    /// Every pod of the selected namespaces.
    case namespaces(LabelSelector)
    /// The pods `podSelector` picks in the namespaces `namespaceSelector` picks.
    case pods(namespaceSelector: LabelSelector, podSelector: LabelSelector)
    /// The selected nodes' addresses (egress only).
    case nodes(LabelSelector)
    /// Addresses in these CIDRs, pods' included (egress only).
    case networks([CIDR])
    /// Domain names (ClusterNetworkPolicy, Accept only): not evaluated, they match no address.
    case domainNames([String])
    /// No field set: "fail closed" (an allow rule matches nothing; a deny or pass rule denies all).
    case empty
}

/// A port match of an admin-tier rule.
public enum AdminPort: Hashable, Sendable {
    /// The ports of `range` for one protocol (a single port is a range of one).
    case range(IPProtocol, PortRange)
    /// A container port name, resolved on the destination pod for any protocol.
    case named(String)
}

/// One rule of an admin-tier policy, evaluated in order (first match decides).
public struct AdminRule: Sendable {
    /// The rule, for explanations and findings.
    public var ref: RuleRef
    /// What the rule does to the traffic it matches.
    public var action: AdminAction
    /// The peers, each with its position; the rule matches when any peer does.
    public var peers: [(peer: AdminPeer, location: SourceLocation)]
    /// `nil`: every port and protocol.
    public var ports: [AdminPort]?
}
