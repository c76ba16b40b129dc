import Fabric
import InterlockCore
import Manifests
import Policy

/// One endpoint of a view, with what zone selectors, grouping and witnesses need.
///
/// Kubernetes views: every pod attached to the network (host-network pods included, as their
/// node's traffic), every node (pod network), and every external address atom. Fabric views: every
/// addressed interface of the plane, and on the front-end plane the atoms of address space outside
/// the cluster.
struct Member: Sendable {
    enum Kind: Sendable { case pod, node, external, interface, outside }

    var kind: Kind
    /// How findings name it: `training/jupyter[Deployment]`, `node/dgx0001`, `203.0.113.0-203.0.113.255`,
    /// `dgx0001-nic3`, `dgx0001[frontend]` (a host's own port, as capture analysis names it).
    var name: String
    /// The name without pod detail, used to list the sources and destinations of a finding.
    var shortName: String
    var address: IPAddress?
    /// For an address atom, its last address (`address` is its first).
    var lastAddress: IPAddress?
    /// The endpoint the Kubernetes engine answers for.
    var kube: PolicyEndpoint?
    var device: DeviceID?
    /// What decides whether a pair with this member is judged.
    var pair = PairFacts()
    /// The fabric host of an interface (by name, for matching and witnesses).
    var host: String?
    /// An address outside the private, shared, link-local, loopback and multicast ranges.
    var isPublic = false
    var zones: ZoneSet

    /// Kubernetes: a pod a policy can select (attached, not host-network).
    var isSelectable: Bool { pair.selectable }
}

/// What decides whether a pair of members is judged, in a trivial type the pair loops read without
/// retaining anything. -1 stands for none.
struct PairFacts: Sendable {
    /// Kubernetes: a pod a policy can select. Pairs with no such pod are not judged on a Kubernetes view.
    var selectable = false
    /// An atom of address space outside the cluster (fabric views).
    var outside = false
    /// The node a pod runs on, and the node whose traffic a node or host-network pod is: a pod and its
    /// own node are always allowed to talk, and that pair is not judged.
    var subjectNode: Int32 = -1
    var peerNode: Int32 = -1
    /// The fabric host (device id) of an interface: two interfaces of one host are not judged.
    var host: Int32 = -1

    /// Whether the pair `self → other` of two different members is judged: not a pod and its own
    /// node, not two interfaces of one host, not two addresses outside the cluster.
    func isJudged(to other: PairFacts, kubernetes: Bool) -> Bool {
        if kubernetes {
            guard selectable || other.selectable else { return false }
            if subjectNode >= 0 && subjectNode == other.peerNode { return false }
            if other.subjectNode >= 0 && other.subjectNode == peerNode { return false }
            return true
        }
        if outside && other.outside { return false }
        return host < 0 || host != other.host
    }
}

extension AddressScope {
    /// The cut points for atoms: the given CIDRs and the registry blocks of the families present, so
    /// that every atom lies wholly in one scope and its first address tells whether it is public.
    static func cuts(_ cidrs: [CIDR]) -> [CIDR] {
        let hasV6 = cidrs.contains { if case .v6 = $0 { return true } else { return false } }
        return cidrs + cutPoints(v6: false) + (hasV6 ? cutPoints(v6: true) : [])
    }
}
