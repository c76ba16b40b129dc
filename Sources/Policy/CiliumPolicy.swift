import InterlockCore
import Manifests

/// A `cilium.io/v2` CiliumNetworkPolicy (namespaced) or CiliumClusterwideNetworkPolicy: its `spec` and every
/// rule of its `specs`, each rule on its own ("Specs is a list of desired Cilium specific rule specification").
public struct CiliumPolicy: Sendable {
    /// The policy object, for explanations and findings.
    public var ref: PolicyRef
    /// The namespace of a CiliumNetworkPolicy; `nil` for a clusterwide policy.
    public var namespace: String?
    /// `spec` then the entries of `specs`, in the order written.
    public var rules: [CiliumRule]
}

/// What a Cilium rule applies to: endpoints (pods) or, with `nodeSelector`, nodes (host policies).
public enum CiliumSubject: Hashable, Sendable, CustomStringConvertible {
    /// Pods whose identity labels (`CiliumIdentity`) the selector matches.
    case endpoints(LabelSelector)
    /// Nodes whose labels the selector matches: host policies, which Interlock reads and does not enforce
    /// (no pod policy applies to nodes).
    case nodes(LabelSelector)

    /// `endpoints SELECTOR` or `nodes SELECTOR`.
    public var description: String {
        switch self {
        case .endpoints(let s): return "endpoints \(s)"
        case .nodes(let s): return "nodes \(s)"
        }
    }
}

/// One Cilium rule (`spec` or an entry of `specs`): a subject and its four rule lists.
public struct CiliumRule: Sendable {
    /// The policy the rule belongs to.
    public var policy: PolicyRef
    /// 0 for `spec`; for `specs`, the entry's position (0-based).
    public var index: Int
    /// Where the rule starts.
    public var location: SourceLocation
    /// What the rule selects, its selector already scoped to the policy's namespace.
    public var subject: CiliumSubject
    /// `ingress` entries: traffic they match is allowed.
    public var ingress: [CiliumPeerRule]
    /// `ingressDeny` entries: traffic they match is denied, whatever allows it.
    public var ingressDeny: [CiliumPeerRule]
    /// `egress` entries.
    public var egress: [CiliumPeerRule]
    /// `egressDeny` entries.
    public var egressDeny: [CiliumPeerRule]
    /// `enableDefaultDeny` after defaulting: "If not specified, the default is true for each traffic direction
    /// that has rules, and false otherwise."
    public var defaultDenyIngress: Bool
    /// The egress half of `enableDefaultDeny` after defaulting.
    public var defaultDenyEgress: Bool

    /// The allow (`deny == false`) or deny entries of `direction`.
    public func rules(_ direction: Direction, deny: Bool) -> [CiliumPeerRule] {
        switch (direction, deny) {
        case (.ingress, false): return ingress
        case (.ingress, true): return ingressDeny
        case (.egress, false): return egress
        case (.egress, true): return egressDeny
        }
    }

    /// Whether the rule puts its endpoints into default deny for `direction`.
    public func defaultDeny(_ direction: Direction) -> Bool {
        direction == .ingress ? defaultDenyIngress : defaultDenyEgress
    }

    /// `CiliumNetworkPolicy shop/web` or `CiliumNetworkPolicy shop/web specs[1]`.
    public var description: String { index == 0 ? "\(policy)" : "\(policy) specs[\(index)]" }
}

/// A Cilium entity: a class of peers Cilium identifies by a reserved identity.
/// How each maps onto the inventory is `ReferenceEvaluator.matches(_:subject:_:)` (DEVELOPERS.md).
public enum CiliumEntity: String, Hashable, Sendable, CaseIterable {
    /// Every endpoint and address.
    case all
    /// Every address outside the cluster.
    case world
    /// The IPv4 addresses outside the cluster.
    case worldIPv4 = "world-ipv4"
    /// The IPv6 addresses outside the cluster.
    case worldIPv6 = "world-ipv6"
    /// Every pod and node of the cluster.
    case cluster
    /// The subject's own node.
    case host
    /// Every other node.
    case remoteNode = "remote-node"
    /// The Kubernetes API server (control-plane nodes, kube-apiserver pods).
    case kubeAPIServer = "kube-apiserver"
    /// Cilium's health endpoints, which the inventory does not hold.
    case health
    /// Endpoints whose identity is not yet known, which the inventory does not hold.
    case initializing = "init"
    /// Cilium's ingress (Envoy) identity, which the inventory does not hold.
    case ingress
    /// Pods Cilium does not manage, which the inventory does not hold.
    case unmanaged
    /// Nothing.
    case none
}

/// A peer of a Cilium rule entry.
public enum CiliumPeer: Hashable, Sendable {
    /// `fromEndpoints`/`toEndpoints`: pods whose identity labels match (already scoped to the namespace), or the
    /// entity a selector on one reserved label stands for (`CiliumIdentity.reservedEntity`).
    case endpoints(LabelSelector)
    /// `fromEntities`/`toEntities`.
    case entity(CiliumEntity)
    /// `fromCIDR`/`toCIDR`/`fromCIDRSet`/`toCIDRSet` (the CIDR minus its `except`): addresses outside the cluster.
    case cidr(IPBlock)
    /// A `cidrGroupRef` to a CiliumCIDRGroup (resolved when evaluating) minus `except`.
    case cidrGroup(String, except: [CIDR])
    /// A `cidrGroupSelector`: every CiliumCIDRGroup whose labels match (resolved when evaluating) minus `except`.
    case cidrGroupSelector(LabelSelector, except: [CIDR])
    /// `toServices`: the pods behind the Services named `name` or whose labels match `selector`, in `namespace`
    /// (`nil`: every namespace, for a clusterwide policy; a namespaced policy's default is its namespace).
    case service(namespace: String?, name: String?, selector: LabelSelector?)
    /// `fromGroups`/`toGroups`: cloud provider groups (AWS security groups), which only the cloud's API resolves.
    /// Not evaluated: an allow entry's group matches no address, a deny entry's every address outside the
    /// cluster, so that the verdict never allows what Cilium might deny.
    case groups
    /// `toFQDNs`: destinations by DNS name; Interlock resolves no names, so it matches external addresses
    /// and marks the verdict as subject to a rule it does not evaluate.
    case fqdn([String])
    /// `fromNodes`/`toNodes`: nodes by their labels.
    case nodes(LabelSelector)
}

/// A port of a `toPorts` entry. `proto == nil` is `ANY`; `port == nil` (or `0`) every port.
public struct CiliumPort: Hashable, Sendable {
    /// TCP, UDP or SCTP; `nil` for ANY (the default).
    public var proto: IPProtocol?
    /// A port number or a named container port of the destination pod; `nil` for every port.
    public var port: IntOrName?
    /// With a numeric `port`: the range `port...endPort`.
    public var endPort: UInt16?
}

/// An `icmps` field entry: the family (`IPv4`/`IPv6`) and the ICMP type it allows (or denies).
public struct CiliumICMP: Hashable, Sendable {
    /// ICMP (IPv4) or ICMPv6.
    public var proto: IPProtocol
    /// The ICMP type (a name as written is resolved in its family).
    public var type: UInt8

    /// Whether an ICMP message of `proto` and `type` matches (`nil` type: the match cannot be decided, no).
    public func matches(_ proto: IPProtocol, type: UInt8?) -> Bool { proto == self.proto && type == self.type }
}

/// One `toPorts` entry: ports (every port when empty) and the L7 sections of `rules`.
public struct CiliumPortRule: Hashable, Sendable {
    /// The ports; empty for every port of every protocol.
    public var ports: [CiliumPort]
    /// The L7 protocols of its `rules` (`http`, `dns`, `kafka`, `l7`), empty when it has none.
    public var l7: [String]
}

/// One entry of `ingress`/`egress`/`ingressDeny`/`egressDeny`.
public struct CiliumPeerRule: Sendable {
    /// The entry, for explanations (`name` holds the list it is in, such as `ingressDeny`).
    public var ref: RuleRef
    /// The L3 peers, each with its position; the entry matches a peer when any does.
    public var peers: [(peer: CiliumPeer, location: SourceLocation)]
    /// `fromRequires`/`toRequires` selectors: every peer endpoint of the subject's rules must match them all.
    public var requires: [LabelSelector]
    /// `toPorts`; `nil` when absent (every port).
    public var toPorts: [CiliumPortRule]?
    /// `icmps`; `nil` when absent.
    public var icmps: [CiliumICMP]?
    /// Ports written with an `endPort` below `port` (Cilium takes the single port), for `policy lint`.
    public var endPortsBelowPort: [(port: Int, endPort: Int, location: SourceLocation)] = []
    /// Whether the entry is in `ingressDeny`/`egressDeny`.
    public var deny = false

    /// Whether the entry names no L3 peer: with an L4 part it matches every peer (an L4-only rule);
    /// with none (`{}`) it matches nothing.
    public var isL4Only: Bool { peers.isEmpty && (toPorts != nil || icmps != nil) }
}

/// A `cilium.io/v2alpha1` CiliumCIDRGroup: a named list of CIDRs rules refer to by `cidrGroupRef`.
public struct CiliumCIDRGroup: Sendable {
    /// `metadata.name`.
    public var name: String
    /// `spec.externalCIDRs`.
    public var cidrs: [CIDR]
    /// `metadata.labels`, which `cidrGroupSelector` selects groups by.
    public var labels: [String: String] = [:]
    /// Where the object starts.
    public var location: SourceLocation
}
