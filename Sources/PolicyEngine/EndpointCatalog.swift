import InterlockCore
import Manifests
import Policy

/// The endpoints of one network, grouped into classes of endpoints every policy treats alike.
///
/// PolicyEndpoint ids: pod `i` is `i`, node `j` is `podCount + j`, external atom `k` is
/// `podCount + nodeCount + k`. Two endpoints share a class when they agree on everything a policy can
/// look at: kind, namespace, labels, container ports and the external atoms of their addresses (pods);
/// kind, node labels and address atoms (nodes and host-network pods); the atom (external addresses).
/// Node identity is not part of a class: the own-node rule is applied at lookup (see `SideTable`); under
/// `--cni cilium` it is on the pod network, with the service account (see `CiliumPairTable`).
///
/// Invariants: `classOf.count == endpointCount`; every class's `representative` has that class; an
/// endpoint's `subjectNode` is its pod's node (pods), `peerNode` the node whose traffic it is (nodes
/// and host-network pods), each -1 when none.
struct EndpointCatalog: Sendable {
    /// How an endpoint takes part in policy evaluation on the network.
    enum Kind: Int, Sendable {
        /// A pod selectors can select: attached to the network and not host-network.
        case pod
        /// A node, or a host-network pod (whose traffic is its node's): matched by address only.
        case nodeLike
        /// An address outside the inventory.
        case external
        /// A pod not attached to this network: neither subject nor peer of anything on it.
        case detached
        /// A host-network pod NetworkPolicy polices (`EvaluationOptions.hostNetworkPodsPoliced`): a pod to
        /// NetworkPolicy, its node's traffic to the admin tiers.
        case hostPod
    }

    /// A class: immutable, and a reference so that predicates read its facts without copying them.
    final class EndpointClass: Sendable {
        let kind: Kind
        let representative: PolicyEndpoint
        let facts: PeerFacts
        /// The pod's namespace (pods), else empty.
        let namespace: String
        /// The external atoms of the addresses address peers see.
        let atoms: [Int]
        /// The container ports of the pod (any pod kind), which named ports resolve on; `nil` for
        /// nodes and external addresses.
        let ports: [ContainerPort]?

        init(
            kind: Kind, representative: PolicyEndpoint, facts: PeerFacts, namespace: String, atoms: [Int],
            ports: [ContainerPort]?
        ) {
            self.kind = kind
            self.representative = representative
            self.facts = facts
            self.namespace = namespace
            self.atoms = atoms
            self.ports = ports
        }
    }

    let network: Network
    let podCount: Int
    let nodeCount: Int
    let external: ExternalAtoms
    private(set) var classOf: [Int32] = []
    private(set) var subjectNode: [Int32] = []
    private(set) var peerNode: [Int32] = []
    /// Per endpoint, its isolation domain on the pod network (`NetworkIsolation.domain`), -1 for
    /// external addresses and on networks no primary user-defined network isolates.
    private(set) var domain: [Int32] = []
    private(set) var classes: [EndpointClass] = []

    var endpointCount: Int { classOf.count }

    /// The hashable description of a class.
    private struct Key: Hashable {
        var kind: Int
        /// Nodes and host-network pods: whether the node is known (`nodes` peers can match only then).
        var hasNode = false
        var namespace: String
        var labels: [String]
        var ports: [String]
        var atoms: [Int]
        /// A policed host-network pod's own labels (`labels` are its node's).
        var podLabels: [String] = []
        /// Under `--cni cilium` on the pod network: the endpoint's node (Cilium's `host` and `remote-node`
        /// entities and the local host's access tell nodes apart) and a pod's service account (an identity
        /// label; under `--cni calico` too, for `serviceAccounts` matches); else -1 and empty.
        var node = -1
        var serviceAccount = ""
    }

    init(inventory: Inventory, evaluator: ReferenceEvaluator, network: Network, external: ExternalAtoms) {
        self.network = network
        self.external = external
        podCount = inventory.pods.count
        nodeCount = inventory.nodes.count
        var keys = Interner<Key>()
        let isolation = network == .pod && !evaluator.isolation.isEmpty ? evaluator.isolation : nil
        let cilium = network == .pod && evaluator.options.cni == .cilium
        // Calico rules match service accounts (`serviceAccounts`) too.
        let accounts = cilium || (network == .pod && evaluator.options.cni == .calico)
        func add(_ endpoint: PolicyEndpoint, _ kind: Kind, _ key: Key, subjectNode s: Int?, peerNode p: Int?) {
            var key = key
            if cilium { key.node = s ?? p ?? -1 }
            if accounts, case .pod(let i) = endpoint { key.serviceAccount = inventory.pods[i].serviceAccount }
            let id = keys.id(key)
            if Int(id) == classes.count {
                var ports: [ContainerPort]?
                if case .pod(let i) = endpoint { ports = inventory.pods[i].ports }
                classes.append(
                    EndpointClass(
                        kind: kind, representative: endpoint,
                        facts: evaluator.facts(endpoint, on: network),
                        namespace: key.namespace, atoms: key.atoms, ports: ports))
            }
            classOf.append(id)
            subjectNode.append(Int32(s ?? -1))
            peerNode.append(Int32(p ?? -1))
            domain.append(Int32(isolation?.domain(of: endpoint, in: inventory) ?? -1))
        }
        for (i, pod) in inventory.pods.enumerated() {
            let node = inventory.node(of: pod)
            let ports = Self.portKey(pod.ports)
            if !pod.isAttached(to: network) {
                add(
                    .pod(i), .detached,
                    Key(kind: Kind.detached.rawValue, namespace: "", labels: [], ports: ports, atoms: []),
                    subjectNode: nil, peerNode: nil)
            } else if network == .pod && pod.hostNetwork {
                let facts = evaluator.facts(.pod(i), on: network)
                let policed = facts.hostNetwork
                var key = Self.nodeKey(policed ? facts.nodeView : facts, ports: ports, inventory, external)
                if policed {
                    key.kind = Kind.hostPod.rawValue
                    key.namespace = pod.namespace
                    key.podLabels = pod.labels.map { "\($0.key)=\($0.value)" }.sorted()
                }
                // A policed host-network pod is an ordinary pod to NetworkPolicy's own-node rule.
                add(
                    .pod(i), policed ? .hostPod : .nodeLike, key, subjectNode: policed ? node : nil,
                    peerNode: policed ? nil : facts.node)
            } else {
                let key = Key(
                    kind: Kind.pod.rawValue, namespace: pod.namespace,
                    labels: pod.labels.map { "\($0.key)=\($0.value)" }.sorted(),
                    ports: ports, atoms: pod.ips(on: network).map { external.atom(of: $0) }.sorted())
                add(.pod(i), .pod, key, subjectNode: node, peerNode: nil)
            }
        }
        for j in inventory.nodes.indices {
            let facts = evaluator.facts(.node(j), on: network)
            add(.node(j), .nodeLike, Self.nodeKey(facts, ports: [], inventory, external), subjectNode: nil, peerNode: j)
        }
        for k in 0..<external.count {
            let key = Key(kind: Kind.external.rawValue, namespace: "", labels: [], ports: [], atoms: [k])
            add(.external(external.firstAddress(of: k)), .external, key, subjectNode: nil, peerNode: nil)
        }
    }

    /// Nodes and host-network pods: what `nodes` and address peers can see of them (and, for a
    /// host-network pod, the ports named ports resolve on).
    private static func nodeKey(_ facts: PeerFacts, ports: [String], _ inventory: Inventory, _ external: ExternalAtoms)
        -> Key
    {
        let labels = facts.node.map { inventory.nodes[$0].labels.map { "\($0.key)=\($0.value)" }.sorted() } ?? []
        return Key(
            kind: Kind.nodeLike.rawValue, hasNode: facts.node != nil, namespace: "", labels: labels, ports: ports,
            atoms: facts.ips.map { external.atom(of: $0) }.sorted())
    }

    private static func portKey(_ ports: [ContainerPort]) -> [String] {
        ports.map { "\($0.name ?? "")/\($0.port)/\($0.proto.rawValue)" }.sorted()
    }

    /// Whether endpoints `s` and `d` are on different primary networks, which cannot reach each other.
    @inline(__always) func isolated(_ s: Int, _ d: Int) -> Bool {
        domain[s] >= 0 && domain[d] >= 0 && domain[s] != domain[d]
    }

    /// The endpoint with id `id`, which holds `address` (an external atom stands for that address).
    func endpoint(_ id: Int, address: @autoclosure () -> IPAddress) -> PolicyEndpoint {
        id < podCount ? .pod(id) : id < podCount + nodeCount ? .node(id - podCount) : .external(address())
    }

    /// The endpoint id of an `PolicyEndpoint`.
    func id(of endpoint: PolicyEndpoint) -> Int {
        switch endpoint {
        case .pod(let i): return i
        case .node(let j): return podCount + j
        case .external(let ip): return podCount + nodeCount + external.atom(of: ip)
        }
    }
}
