import InterlockCore
import Manifests

/// A Calico policy: a projectcalico.org/v3 (or crd.projectcalico.org/v1) NetworkPolicy or
/// GlobalNetworkPolicy, or one of their staged forms, in one model
/// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy,
/// https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy).
public struct CalicoPolicy: Sendable {
    /// The policy object, for explanations and findings.
    public var ref: PolicyRef
    /// The tier the policy belongs to (`spec.tier`, `default` when unset).
    public var tier: String
    /// `spec.order`: lower first; `nil` ("no order") after every ordered policy of the tier.
    public var order: Double?
    /// The namespace of a namespaced policy; `nil` for a global one.
    public var namespace: String?
    /// The endpoints the policy applies to (`spec.selector`, `all()` when unset).
    public var selector: CalicoSelector
    /// A global policy's `namespaceSelector` (namespaces by their labels); `nil` when unset.
    public var namespaceSelector: CalicoSelector?
    /// `spec.serviceAccountSelector`: the endpoints' service accounts by their labels; `nil` when unset.
    public var serviceAccountSelector: CalicoSelector? = nil
    /// The directions the policy applies to (`spec.types`, defaulted as Calico does).
    public var types: Set<Direction>
    /// Ingress rules, in order.
    public var ingress: [CalicoRule]
    /// Egress rules, in order.
    public var egress: [CalicoRule]
    /// Whether the policy is staged (StagedNetworkPolicy, StagedGlobalNetworkPolicy,
    /// StagedKubernetesNetworkPolicy): not enforced, evaluated only as a preview.
    public var staged: Bool
    /// A staged policy's `stagedAction: Delete`: enforcing it removes the policy of its name.
    public var stagedDelete = false
    /// Host-level options set on a global policy (`applyOnForward`, `preDNAT`, `doNotTrack`): they
    /// concern host endpoints, which Interlock does not evaluate.
    public var hostOptions: [String]

    /// The rules for `direction`.
    public func rules(_ direction: Direction) -> [CalicoRule] { direction == .ingress ? ingress : egress }

    /// `order N` or `no order`, as explanations print it.
    public var orderDescription: String { order.map { "order \(CalicoPolicy.format($0))" } ?? "no order" }

    /// An order as written: `100`, `100.5`.
    static func format(_ order: Double) -> String {
        order == order.rounded() && abs(order) < 1e15 ? String(Int(order)) : String(order)
    }
}

/// A Calico rule's action (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule).
public enum CalicoAction: String, Sendable {
    /// Allow and Deny decide; Pass skips the rest of the tier; Log records and goes on.
    case allow = "Allow"
    case deny = "Deny"
    case pass = "Pass"
    case log = "Log"
}

/// A port match of a Calico rule: a number, a range, or a named port.
public enum CalicoPort: Hashable, Sendable {
    /// The ports of `range`.
    case range(PortRange)
    /// A named port, resolved on the endpoint the entity is about.
    case named(String)
}

/// An ICMP type, optionally with a code (`icmp: {type: 8, code: 0}`).
public struct ICMPMatch: Hashable, Sendable {
    /// The ICMP type.
    public var type: UInt8
    /// The ICMP code; `nil` for any code.
    public var code: UInt8?

    /// A type (and code) match.
    public init(type: UInt8, code: UInt8? = nil) {
        self.type = type
        self.code = code
    }

    /// Whether an ICMP message of `type`/`code` matches (`nil` type: the match cannot be decided, no).
    public func matches(type t: UInt8?, code c: UInt8?) -> Bool {
        guard let t, t == type else { return false }
        guard let code else { return true }
        return c == code
    }
}

/// The source or destination of a Calico rule: every field set must match.
public struct CalicoEntity: Sendable {
    /// `selector`: endpoints (and network sets) by their labels.
    public var selector: CalicoSelector?
    /// `notSelector`: endpoints whose labels do not match.
    public var notSelector: CalicoSelector?
    /// `namespaceSelector`: namespaces by their labels (with `selector`, the endpoints in them).
    public var namespaceSelector: CalicoSelector?
    /// `nets`: the address is in one of them.
    public var nets: [CIDR] = []
    /// `notNets`: the address is in none of them.
    public var notNets: [CIDR] = []
    /// `ports`: the port is one of them; `nil` for any port.
    public var ports: [CalicoPort]?
    /// `notPorts`: the port is none of them.
    public var notPorts: [CalicoPort] = []
    /// `serviceAccounts`: the endpoint is a pod running as a matching service account.
    public var serviceAccounts: CalicoServiceAccountMatch?
    /// `services`: the endpoint backs the Service (and, in a destination, the port is one of its ports).
    public var services: CalicoServiceMatch?

    /// An entity that matches everything.
    public static let any = CalicoEntity()

    /// Whether the entity names endpoints by labels, as against addresses only.
    public var selectsEndpoints: Bool { selector != nil || notSelector != nil || namespaceSelector != nil }
}

/// One rule of a Calico policy, evaluated in order.
public struct CalicoRule: Sendable {
    /// The rule, for explanations and findings.
    public var ref: RuleRef
    /// What the rule does to the traffic it matches.
    public var action: CalicoAction
    /// `protocol`: the traffic's protocol; `nil` for any.
    public var proto: IPProtocol?
    /// `notProtocol`: a protocol the traffic must not have.
    public var notProto: IPProtocol?
    /// `icmp`: the ICMP type (and code) the traffic must have.
    public var icmp: ICMPMatch?
    /// `notICMP`: an ICMP type (and code) the traffic must not have.
    public var notICMP: ICMPMatch?
    /// `source`.
    public var source: CalicoEntity
    /// `destination`.
    public var destination: CalicoEntity
    /// `http`: an L7 match (methods, paths) Interlock does not evaluate, as `L7 rules (http)`; `nil` when unset.
    public var http: String? = nil
}

/// A Calico Tier (https://docs.tigera.io/calico/latest/reference/resources/tier).
public struct CalicoTier: Sendable {
    /// The tier object; `nil` for tiers that exist without one (`default`, the admin tiers).
    public var ref: PolicyRef?
    /// The tier's name.
    public var name: String
    /// `spec.order`: lower first; `nil` after every ordered tier.
    public var order: Double?
    /// `spec.defaultAction`: what happens when the tier selects an endpoint and no rule decides
    /// (`Deny`, or `Pass` to the next tier).
    public var passes: Bool
}

/// A NetworkSet or GlobalNetworkSet: labelled CIDRs a rule's selector can match
/// (https://docs.tigera.io/calico/latest/reference/resources/networkset).
public struct CalicoNetworkSet: Sendable {
    /// The set object.
    public var ref: PolicyRef
    /// The namespace of a NetworkSet; `nil` for a GlobalNetworkSet.
    public var namespace: String?
    /// The set's labels, which rule selectors match.
    public var labels: [String: String]
    /// The set's networks.
    public var nets: [CIDR]
}
