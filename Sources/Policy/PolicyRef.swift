import InterlockCore
import Manifests

/// A traffic direction, seen from the pod a policy selects.
public enum Direction: String, Hashable, Sendable, CaseIterable {
    /// Traffic into the selected pod, or out of it.
    case ingress, egress
}

/// A policy object, as explanations and findings cite it.
public struct PolicyRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `NetworkPolicy`, `AdminNetworkPolicy`, `BaselineAdminNetworkPolicy`, `ClusterNetworkPolicy`,
    /// `MultiNetworkPolicy`.
    public var kind: String
    /// The namespace of a namespaced policy.
    public var namespace: String?
    /// The policy's `metadata.name`.
    public var name: String
    /// Where the policy object starts.
    public var location: SourceLocation

    /// A reference to a policy object.
    public init(kind: String, namespace: String?, name: String, location: SourceLocation) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.location = location
    }

    /// `namespace/name` or `name`.
    public var qualifiedName: String { namespace.map { "\($0)/\(name)" } ?? name }
    /// `NetworkPolicy shop/deny-all`.
    public var description: String { "\(kind) \(qualifiedName)" }

    /// By kind, then namespace (cluster-scoped first), then name.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.kind, lhs.namespace ?? "", lhs.name) < (rhs.kind, rhs.namespace ?? "", rhs.name)
    }
}

/// One rule of a policy: its direction, 0-based index among that direction's rules, and name.
public struct RuleRef: Hashable, Sendable, CustomStringConvertible {
    /// The policy the rule belongs to.
    public var policy: PolicyRef
    /// Whether it is an ingress or an egress rule.
    public var direction: Direction
    /// 0-based position among the policy's rules of that direction.
    public var index: Int
    /// The rule's `name`, for admin-tier rules that have one.
    public var name: String?
    /// Where the rule starts.
    public var location: SourceLocation

    /// A reference to one rule of `policy`.
    public init(policy: PolicyRef, direction: Direction, index: Int, name: String?, location: SourceLocation) {
        self.policy = policy
        self.direction = direction
        self.index = index
        self.name = name
        self.location = location
    }

    /// `NetworkPolicy shop/allow-web ingress rule 0` (with `'name'` when the rule has one).
    public var description: String {
        "\(policy) \(direction.rawValue) rule \(index)" + (name.map { " '\($0)'" } ?? "")
    }
}
