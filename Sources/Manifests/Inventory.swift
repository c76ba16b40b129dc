import InterlockCore

/// The cluster as the manifests describe it: namespaces, nodes, workloads and their pods, services
/// and secondary networks, with lookups by name and by (network, address).
///
/// Invariants: every array is sorted by its elements' ids (`namespaces`, `nodes` and `networks` by
/// name, `workloads` by `namespace/name[Kind]`); the pods of a workload are contiguous in `pods` and
/// listed by `Workload.pods`; every pod's and workload's namespace is in `namespaces`; every
/// `nodeName` of a pod is in `nodes`.
public struct Inventory: Sendable {
    /// Every namespace, sorted by name: declared ones and those created because something referenced them.
    public let namespaces: [Namespace]
    /// Every node, sorted by name: declared ones and those only named by a pod's `spec.nodeName`.
    public let nodes: [ClusterNode]
    /// Every pod, real or representative; a workload's pods are contiguous. `AddressOwner.pod` and
    /// `Workload.pods` hold indices into this array.
    public let pods: [Pod]
    /// Every workload, sorted by `namespace/name[Kind]`.
    public let workloads: [Workload]
    /// Every Service, sorted by `namespace/name`.
    public let services: [Service]
    /// Every NetworkAttachmentDefinition, sorted by `namespace/name`.
    public let networks: [NetworkDefinition]

    private let namespaceIndex: [String: Int]
    private let nodeIndex: [String: Int]
    private let podIndex: [String: Int]
    private let workloadIndex: [String: Int]
    private let networkIndex: [String: Int]
    private let sharedNetworks: [String: String]
    private let addressIndex: [NetworkAddress: AddressOwner]
    /// Addresses claimed by more than one pod or node (the first claim is kept), as warnings.
    let addressConflicts: [String]

    /// An address on a network: the key endpoints are found by.
    public struct NetworkAddress: Hashable, Sendable {
        /// The network the address is on.
        public var network: Network
        /// The address.
        public var ip: IPAddress
        /// The address `ip` on `network`.
        public init(_ network: Network, _ ip: IPAddress) {
            self.network = network
            self.ip = ip
        }
    }

    /// An inventory of already sorted, consistent arrays (see the invariants above); builds the name and
    /// address indices.
    public init(
        namespaces: [Namespace], nodes: [ClusterNode], pods: [Pod], workloads: [Workload],
        services: [Service], networks: [NetworkDefinition]
    ) {
        self.namespaces = namespaces
        self.nodes = nodes
        self.pods = pods
        self.workloads = workloads
        self.services = services
        self.networks = networks
        namespaceIndex = Dictionary(namespaces.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        nodeIndex = Dictionary(nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        workloadIndex = Dictionary(workloads.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        networkIndex = Dictionary(networks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        sharedNetworks = NetworkDefinition.sharedNetworks(networks)
        // The two large indices, each on a thread of its own.
        (podIndex, (addressIndex, addressConflicts)) = Parallel.both {
            Dictionary(
                pods.enumerated().filter { !$1.isRepresentative }.map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        } _: {
            Self.addresses(nodes: nodes, pods: pods)
        }
    }

    /// The owner of every address, nodes first, then pods (a host-network pod's addresses are its
    /// node's), and a warning for each address claimed again (the first claim is kept).
    private static func addresses(nodes: [ClusterNode], pods: [Pod]) -> ([NetworkAddress: AddressOwner], [String]) {
        var index: [NetworkAddress: AddressOwner] = [:]
        var conflicts: [String] = []
        func claim(_ key: NetworkAddress, _ owner: AddressOwner, _ name: @autoclosure () -> String) {
            if let previous = index[key] {
                if previous != owner {
                    conflicts.append(
                        "address \(key.ip) on the \(key.network) network is claimed twice; \(name()) ignored")
                }
                return
            }
            index[key] = owner
        }
        for (i, node) in nodes.enumerated() {
            for ip in node.addresses { claim(NetworkAddress(.pod, ip), .node(i), "node \(node.name)") }
        }
        for (i, pod) in pods.enumerated() where !pod.isRepresentative {
            // A host-network pod's traffic is its node's: its addresses belong to the node.
            if !pod.hostNetwork {
                for ip in pod.ips { claim(NetworkAddress(.pod, ip), .pod(i), "pod \(pod.id)") }
            }
            for interface in pod.interfaces {
                for ip in interface.ips {
                    claim(NetworkAddress(.attachment(interface.network), ip), .pod(i), "pod \(pod.id)")
                }
            }
        }
        return (index, conflicts)
    }

    /// The namespace called `name`, if the inventory has it.
    public func namespace(named name: String) -> Namespace? { namespaceIndex[name].map { namespaces[$0] } }
    /// The index in `nodes` of the node called `name`.
    public func nodeIndex(named name: String) -> Int? { nodeIndex[name] }
    /// A real pod by `namespace/name`.
    public func podIndex(id: String) -> Int? { podIndex[id] }
    /// A workload by `namespace/name[Kind]`.
    public func workloadIndex(id: String) -> Int? { workloadIndex[id] }
    /// A secondary network by `namespace/name`.
    public func network(id: String) -> NetworkDefinition? { networkIndex[id].map { networks[$0] } }

    /// The definition that stands for the network of definition `id` (`namespace/name`): itself, or for
    /// OVN-Kubernetes definitions sharing a config name, the first of them (see
    /// `NetworkDefinition.sharedNetworks`). Pods' interfaces name networks this way.
    public func networkID(of id: String) -> String { sharedNetworks[id] ?? id }

    /// The secondary networks, one definition each (definitions sharing a network left out).
    public var distinctNetworks: [NetworkDefinition] { networks.filter { sharedNetworks[$0.id] == nil } }

    /// Who owns `ip` on `network`: a pod, or a node (host-network pods' addresses are their node's).
    public func owner(of ip: IPAddress, on network: Network) -> AddressOwner? {
        addressIndex[NetworkAddress(network, ip)]
    }

    /// Workloads whose name is `name` (`namespace/name`, or a bare name in any namespace).
    public func workloads(named name: String) -> [Int] {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        return workloads.indices.filter { i in
            let w = workloads[i]
            return parts.count == 2 ? (w.namespace == parts[0] && w.name == parts[1]) : w.name == name
        }
    }

    /// The workloads with at least one pod attached to `network`.
    public func workloads(on network: Network) -> [Int] {
        workloads.indices.filter { workloads[$0].pods.contains { pods[$0].isAttached(to: network) } }
    }

    /// The node a pod runs on, when known.
    public func node(of pod: Pod) -> Int? { pod.nodeName.flatMap { nodeIndex[$0] } }
}
