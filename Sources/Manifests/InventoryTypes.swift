import InterlockCore

/// A namespace. Invariant: `labels["kubernetes.io/metadata.name"] == name`.
public struct Namespace: Sendable {
    public var name: String
    public var labels: [String: String]
    /// Where it was declared; `nil` for a namespace created because something referenced it.
    public var location: SourceLocation?

    /// The label every namespace carries (set by the API server since Kubernetes 1.21).
    public static let nameLabel = "kubernetes.io/metadata.name"

    public init(name: String, labels: [String: String], location: SourceLocation?) {
        self.name = name
        var labels = labels
        labels[Namespace.nameLabel] = name
        self.labels = labels
        self.location = location
    }
}

/// A cluster node with its labels and addresses (`status.addresses`: InternalIP, ExternalIP).
public struct ClusterNode: Sendable {
    public var name: String
    public var labels: [String: String]
    public var addresses: [IPAddress]
    /// Where it was declared; `nil` for a node only named by a pod's `spec.nodeName`.
    public var location: SourceLocation?
}

/// A port a container declares (`containerPort`); named ports are what policies resolve.
public struct ContainerPort: Hashable, Sendable {
    public var name: String?
    public var port: UInt16
    public var proto: IPProtocol

    public init(name: String?, port: UInt16, proto: IPProtocol) {
        self.name = name
        self.port = port
        self.proto = proto
    }
}

/// A network a pod can be attached to: the pod network, or a secondary network defined by a
/// NetworkAttachmentDefinition (`namespace/name`).
public enum Network: Hashable, Comparable, Sendable, CustomStringConvertible {
    case pod
    case attachment(String)

    /// Parses `pod` (or empty) and `namespace/name`.
    public init(_ text: String) {
        self = text.isEmpty || text == "pod" ? .pod : .attachment(text)
    }

    public var description: String {
        switch self {
        case .pod: return "pod"
        case .attachment(let name): return name
        }
    }
}

/// How traffic on an interface reaches the wire, which decides whether any Kubernetes policy can
/// filter it: kernel netdevs are filtered (NetworkPolicy on the pod network, MultiNetworkPolicy on
/// secondary ones); RDMA verbs (RoCEv2, InfiniBand) and DPDK bypass the kernel.
public enum PodInterfaceKind: String, Sendable, Comparable {
    /// A kernel netdev only.
    case kernel
    /// A kernel netdev that also carries RDMA verbs traffic (RoCEv2 or InfiniBand), which bypasses it.
    case rdma
    /// A userspace (DPDK, vhost-user) interface: no kernel netdev sees its traffic.
    case dpdk

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A pod's interface on a secondary network.
public struct PodInterface: Sendable {
    /// The NetworkAttachmentDefinition, `namespace/name`.
    public var network: String
    /// The interface name inside the pod (`net1`, ...).
    public var interface: String
    public var ips: [IPAddress]
    public var kind: PodInterfaceKind
}

/// A pod: a real one, or the representative of a workload given without its pods.
public struct Pod: Sendable {
    public var namespace: String
    public var name: String
    public var labels: [String: String]
    /// Ports of the containers (and of restartable init containers, i.e. sidecars).
    public var ports: [ContainerPort]
    public var hostNetwork: Bool
    public var nodeName: String?
    /// Addresses on the pod network (`status.podIPs`); for a host-network pod, its node's.
    public var ips: [IPAddress]
    /// Interfaces on secondary networks.
    public var interfaces: [PodInterface]
    /// Extended resources the containers request or limit (`nvidia.com/gpu`, `rdma/ib`, ...).
    public var resources: [String]
    /// Integer quantities of extended resources for the whole pod (`nvidia.com/gpu: 8`), summed over
    /// its containers; the limit counts where both limit and request are given.
    public var resourceQuantities: [String: Int] = [:]
    /// Index of the workload this pod belongs to in `Inventory.workloads`.
    public var workload: Int
    /// True when the pod stands for a workload's future pods (made from its template).
    public var isRepresentative: Bool
    public var location: SourceLocation

    /// `namespace/name`.
    public var id: String { "\(namespace)/\(name)" }

    /// The container ports named `name` for `proto` (a named port resolves per pod and protocol).
    public func ports(named name: String, proto: IPProtocol) -> [UInt16] {
        ports.filter { $0.name == name && $0.proto == proto }.map(\.port)
    }

    /// The pod's addresses on `network`.
    public func ips(on network: Network) -> [IPAddress] {
        switch network {
        case .pod: return ips
        case .attachment(let name): return interfaces.filter { $0.network == name }.flatMap(\.ips)
        }
    }

    /// Whether the pod has an interface on `network` (every pod is on the pod network).
    public func isAttached(to network: Network) -> Bool {
        switch network {
        case .pod: return true
        case .attachment(let name): return interfaces.contains { $0.network == name }
        }
    }
}

/// A workload: the top controller present (Deployment, StatefulSet, ...), a controller named only by
/// its pods' owner references, or a pod without owner. Its pods are real pods when any were given,
/// else one representative made from the pod template.
///
/// Invariant: `pods` is non-empty and sorted by pod name; `pods[0]` is the representative used
/// when the workload is evaluated as a whole.
public struct Workload: Sendable {
    public var namespace: String
    public var name: String
    public var kind: String
    public var pods: [Int]
    public var location: SourceLocation

    /// `namespace/name[Kind]`, the netpol-analyzer form.
    public var id: String { "\(namespace)/\(name)[\(kind)]" }
    /// The pod that stands for the workload in workload-level results (connlist, diff).
    public var representative: Int { pods[0] }
}

/// A Service port; `targetPort` may name a container port.
public struct ServicePort: Sendable {
    public var name: String?
    public var proto: IPProtocol
    public var port: UInt16
    public var targetPort: IntOrName
    public var nodePort: UInt16?
}

/// A Service with its cluster IPs, selector and ports.
public struct Service: Sendable {
    public var namespace: String
    public var name: String
    public var type: String
    public var clusterIPs: [IPAddress]
    /// `nil` when the service has no selector (endpoints managed by hand).
    public var selector: [String: String]?
    public var ports: [ServicePort]
    public var location: SourceLocation

    public var id: String { "\(namespace)/\(name)" }
}

/// A NetworkAttachmentDefinition: a secondary network pods attach to by annotation.
public struct NetworkDefinition: Sendable {
    public var namespace: String
    public var name: String
    /// The CNI plugin types of the config, in chain order (`sriov`, `macvlan`, `rdma`, ...).
    public var cniTypes: [String]
    /// The device-plugin resource behind the network (`k8s.v1.cni.cncf.io/resourceName`).
    public var resourceName: String?
    /// Subnets named by the IPAM config.
    public var subnets: [CIDR]
    public var kind: PodInterfaceKind
    public var location: SourceLocation

    public var id: String { "\(namespace)/\(name)" }
}

/// Who owns an address on a network.
public enum AddressOwner: Hashable, Sendable {
    case pod(Int)
    case node(Int)
}
