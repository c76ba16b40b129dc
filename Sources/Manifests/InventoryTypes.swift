import InterlockCore

/// A namespace. Invariant: `labels["kubernetes.io/metadata.name"] == name`.
public struct Namespace: Sendable {
    /// The namespace's name.
    public var name: String
    /// Its labels, always including `kubernetes.io/metadata.name`.
    public var labels: [String: String]
    /// Where it was declared; `nil` for a namespace created because something referenced it.
    public var location: SourceLocation?

    /// The label every namespace carries (set by the API server since Kubernetes 1.21).
    public static let nameLabel = "kubernetes.io/metadata.name"

    /// A namespace; the `kubernetes.io/metadata.name` label is set to `name` whatever `labels` says.
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
    /// The node's name.
    public var name: String
    /// The node's labels, which admin-tier `nodes` peers select on.
    public var labels: [String: String]
    /// The node's InternalIP and ExternalIP addresses, in the order of `status.addresses`.
    public var addresses: [IPAddress]
    /// Where it was declared; `nil` for a node only named by a pod's `spec.nodeName`.
    public var location: SourceLocation?
    /// The ranges the node's pods take their addresses from (`spec.podCIDRs`, else `spec.podCIDR`).
    public var podCIDRs: [CIDR] = []
}

/// A port a container declares (`containerPort`); named ports are what policies resolve.
public struct ContainerPort: Hashable, Sendable {
    /// The port's name (an IANA service name), when it has one; policies can refer to it.
    public var name: String?
    /// The port number.
    public var port: UInt16
    /// The protocol (TCP when the manifest does not say).
    public var proto: IPProtocol

    /// A container port.
    public init(name: String?, port: UInt16, proto: IPProtocol) {
        self.name = name
        self.port = port
        self.proto = proto
    }
}

/// A network a pod can be attached to: the pod network, or a secondary network defined by a
/// NetworkAttachmentDefinition (`namespace/name`).
public enum Network: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The cluster's pod network, where NetworkPolicy and the admin tiers apply.
    case pod
    /// A secondary network, by its NetworkAttachmentDefinition's `namespace/name`; MultiNetworkPolicy
    /// applies.
    case attachment(String)

    /// Parses `pod` (or empty) and `namespace/name`.
    public init(_ text: String) {
        self = text.isEmpty || text == "pod" ? .pod : .attachment(text)
    }

    /// `pod`, or the attachment's `namespace/name`.
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

    /// By raw value (`dpdk < kernel < rdma`), for a stable order in output.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A pod's interface on a secondary network.
public struct PodInterface: Sendable {
    /// The NetworkAttachmentDefinition, `namespace/name`.
    public var network: String
    /// The interface name inside the pod (`net1`, ...).
    public var interface: String
    /// The pod's addresses on that network.
    public var ips: [IPAddress]
    /// How the interface reaches the wire, from the network's CNI configuration.
    public var kind: PodInterfaceKind
}

/// A pod: a real one, or the representative of a workload given without its pods.
public struct Pod: Sendable {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's name.
    public var name: String
    /// The pod's labels, which selectors match.
    public var labels: [String: String]
    /// Ports of the containers (and of restartable init containers, i.e. sidecars).
    public var ports: [ContainerPort]
    /// Whether the pod shares its node's network namespace; such a pod is never a policy subject and its
    /// addresses are its node's.
    public var hostNetwork: Bool
    /// The node the pod is bound to (`spec.nodeName`), when known.
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
    /// The pod's service account (`spec.serviceAccountName`, `default` when not given).
    public var serviceAccount = "default"
    /// Index of the workload this pod belongs to in `Inventory.workloads`.
    public var workload: Int
    /// True when the pod stands for a workload's future pods (made from its template).
    public var isRepresentative: Bool
    /// Where the pod (or the template it was made from) is written.
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
    /// The workload's namespace.
    public var namespace: String
    /// The controller's name (or the pod's, for a pod without owner).
    public var name: String
    /// The controller's kind (`Deployment`, `StatefulSet`, ..., or `Pod`).
    public var kind: String
    /// Indices of its pods in `Inventory.pods`.
    public var pods: [Int]
    /// Where the workload is written: its controller, else the pod it was found through.
    public var location: SourceLocation

    /// `namespace/name[Kind]`, the netpol-analyzer form.
    public var id: String { "\(namespace)/\(name)[\(kind)]" }
    /// The pod that stands for the workload in workload-level results (connlist, diff).
    public var representative: Int { pods[0] }
}

/// A Service port; `targetPort` may name a container port.
public struct ServicePort: Sendable {
    /// The port's name, required when a Service has several ports.
    public var name: String?
    /// The protocol (TCP by default).
    public var proto: IPProtocol
    /// The port the cluster IP listens on.
    public var port: UInt16
    /// The container port traffic is sent to: a number, or the name of a container port.
    public var targetPort: IntOrName
    /// The port opened on every node for NodePort and LoadBalancer Services.
    public var nodePort: UInt16?
}

/// A Service with its cluster IPs, selector and ports.
public struct Service: Sendable {
    /// The Service's namespace.
    public var namespace: String
    /// The Service's name.
    public var name: String
    /// `spec.type`: `ClusterIP` unless the manifest says otherwise.
    public var type: String
    /// The cluster IPs (`spec.clusterIPs` and `spec.clusterIP`, without duplicates); empty for headless
    /// Services.
    public var clusterIPs: [IPAddress]
    /// `nil` when the service has no selector (endpoints managed by hand).
    public var selector: [String: String]?
    /// The Service's ports.
    public var ports: [ServicePort]
    /// Where the Service is written.
    public var location: SourceLocation
    /// `metadata.labels`, which Cilium's `toServices` `k8sServiceSelector` selects Services by.
    public var labels: [String: String] = [:]

    /// Whether `pod` is one of the Service's endpoints: in its namespace, matched by its (non-empty) selector.
    public func selects(_ pod: Pod) -> Bool {
        guard pod.namespace == namespace, let selector, !selector.isEmpty else { return false }
        return selector.allSatisfy { pod.labels[$0.key] == $0.value }
    }

    /// `namespace/name`.
    public var id: String { "\(namespace)/\(name)" }
}

/// A NetworkAttachmentDefinition: a secondary network pods attach to by annotation.
public struct NetworkDefinition: Sendable {
    /// The definition's namespace.
    public var namespace: String
    /// The definition's name.
    public var name: String
    /// The CNI plugin types of the config, in chain order (`sriov`, `macvlan`, `rdma`, ...).
    public var cniTypes: [String]
    /// The device-plugin resource behind the network (`k8s.v1.cni.cncf.io/resourceName`).
    public var resourceName: String?
    /// Subnets named by the IPAM config.
    public var subnets: [CIDR]
    /// How pods' interfaces on this network reach the wire, from the CNI types and the resource name.
    public var kind: PodInterfaceKind
    /// Where the definition is written.
    public var location: SourceLocation
    /// The `name` of the CNI config (`NetConf.Name`): OVN-Kubernetes identifies a network by it.
    public var configName: String? = nil

    /// `namespace/name`, the form pod annotations and `Network.attachment` use.
    public var id: String { "\(namespace)/\(name)" }
}

/// Who owns an address on a network.
public enum AddressOwner: Hashable, Sendable {
    /// The pod at this index of `Inventory.pods`.
    case pod(Int)
    /// The node at this index of `Inventory.nodes` (also for host-network pods' addresses).
    case node(Int)
}
