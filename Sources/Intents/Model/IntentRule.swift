import Findings
import InterlockCore
import Manifests
import Policy

/// A rule between zones.
///
/// - `deny`: no traffic of `traffic` from `from` to `to`.
/// - `allowOnly`: traffic into `to` (within `traffic`) comes only from `from` (when given) and only
///   on `ports` (when given).
/// - `require`: every member of `from` reaches every member of `to` on all of `traffic`.
///
/// `between` makes a `deny` pairwise: no traffic between any two different zones of the list.
public struct IntentRule: Sendable {
    /// What a rule requires: see the cases in `IntentRule`'s description.
    public enum Kind: String, Sendable, CaseIterable {
        /// `deny`, `allowOnly` and `require` as described on `IntentRule`.
        case deny, allowOnly, require
    }

    /// Unique within the intents: `tenant-isolation`, `ai-infra-baseline/oob-only-from-management`.
    public var id: String
    /// Deny, allow-only or require.
    public var kind: Kind
    /// Zone names; empty means any endpoint (`allowOnly` without `from` allows every source).
    public var from: [String]
    /// Destination zone names; empty means any endpoint.
    public var to: [String]
    /// Pairwise zones (`deny` only): each ordered pair of different zones is denied.
    public var between: [String]
    /// The traffic the rule is about (`ConnectionSet.all` when not given).
    public var traffic: ConnectionSet
    /// `allowOnly`: the ports allowed within `traffic` (`nil`: any).
    public var ports: ConnectionSet?
    /// The views the rule is checked on (`nil`: every view where its zones have members).
    public var views: [ViewName]?
    /// The severity of the rule's findings.
    public var severity: Severity
    /// One line saying what the rule requires, as reports show it.
    public var description: String
    /// The public practice the rule encodes (for packs), or the user's own references.
    public var references: [String]
    /// Where the rule is in force: its line in the intents file, or for a pack's rule the line that
    /// names the pack.
    public var location: SourceLocation
    /// The pack the rule comes from.
    public var pack: String?
    /// For a pack's rule, where the pack's text defines it (`builtin:ai-infra-baseline:12`).
    public var definedAt: SourceLocation?

    /// A rule; a pack's rule gets `definedAt` set by the reader.
    public init(
        id: String, kind: Kind, from: [String] = [], to: [String] = [], between: [String] = [],
        traffic: ConnectionSet = .all, ports: ConnectionSet? = nil, views: [ViewName]? = nil,
        severity: Severity = .high, description: String = "", references: [String] = [],
        location: SourceLocation, pack: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.from = from
        self.to = to
        self.between = between
        self.traffic = traffic
        self.ports = ports
        self.views = views
        self.severity = severity
        self.description = description
        self.references = references
        self.location = location
        self.pack = pack
    }

    /// Whether the rule is checked on `view`.
    func applies(on view: View) -> Bool {
        guard let views else { return true }
        return views.contains { $0.matches(view) }
    }
}

/// A view named in a rule's `on:`: `pod`, a NetworkAttachmentDefinition, or a fabric plane.
public enum ViewName: Hashable, Sendable, CustomStringConvertible {
    /// A Kubernetes network: `pod` or `namespace/name`.
    case network(Network)
    /// A fabric plane by name.
    case plane(String)
    /// Every Kubernetes network (`kubernetes`), or every fabric plane (`fabric`).
    case allKubernetes, allFabric

    func matches(_ view: View) -> Bool {
        switch (self, view) {
        case (.network(let a), .kubernetes(let b)): return a == b
        case (.plane(let a), .plane(let b)): return a == b.name
        case (.allKubernetes, .kubernetes), (.allFabric, .plane): return true
        default: return false
        }
    }

    /// The name as a rule's `on:` writes it: `pod`, `namespace/name`, a plane, `kubernetes`, `fabric`.
    public var description: String {
        switch self {
        case .network(let n): return n.description
        case .plane(let p): return p
        case .allKubernetes: return "kubernetes"
        case .allFabric: return "fabric"
        }
    }
}
