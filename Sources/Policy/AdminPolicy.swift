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
    public var ref: PolicyRef
    public var tier: AdminTier
    /// 0...1000, lower first; a BaselineAdminNetworkPolicy (a singleton) has 0.
    public var priority: Int
    public var subject: AdminSubject
    public var ingress: [AdminRule]
    public var egress: [AdminRule]

    public func rules(_ direction: Direction) -> [AdminRule] { direction == .ingress ? ingress : egress }
}

/// The pods an admin-tier policy applies to (host-network pods never are).
public enum AdminSubject: Hashable, Sendable, CustomStringConvertible {
    case namespaces(LabelSelector)
    case pods(namespaceSelector: LabelSelector, podSelector: LabelSelector)

    public var description: String {
        switch self {
        case .namespaces(let s): return "namespaces \(s)"
        case .pods(let ns, let pods): return "pods \(pods) in namespaces \(ns)"
        }
    }
}

/// A rule's action. ClusterNetworkPolicy's `Accept` is `allow`.
public enum AdminAction: String, Sendable {
    case allow = "Allow", deny = "Deny", pass = "Pass"

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
    case range(IPProtocol, PortRange)
    /// A container port name, resolved on the destination pod for any protocol.
    case named(String)
}

/// One rule of an admin-tier policy, evaluated in order (first match decides).
public struct AdminRule: Sendable {
    public var ref: RuleRef
    public var action: AdminAction
    public var peers: [(peer: AdminPeer, location: SourceLocation)]
    /// `nil`: every port and protocol.
    public var ports: [AdminPort]?
}
