import InterlockCore
import Manifests

/// Which primary network each namespace's pods are on: the cluster default network, or a primary
/// user-defined network, which is isolated from the default network and from every other network.
///
/// The rules, from OVN-Kubernetes (docs/features/user-defined-networks and OKEP-5193):
/// - a primary UserDefinedNetwork serves its namespace; a primary ClusterUserDefinedNetwork serves the
///   namespaces its `namespaceSelector` selects;
/// - a namespace is served only when it carries the `k8s.ovn.org/primary-user-defined-network` label
///   ("if absent, the namespace will not be considered for UDN creation"; its pods stay on the default
///   network). A namespace the manifests only reference (no Namespace object) is taken as labelled;
/// - "Only one primary network may exist per namespace": with more, OVN-Kubernetes fails pod creation;
///   here the first (UserDefinedNetworks before ClusterUserDefinedNetworks, then by name) serves it,
///   with a warning;
/// - pods on different primary networks cannot reach each other, whatever the policies say
///   ("configuring network policies that allow traffic between namespaces that connect to different
///   user-defined primary networks will have no effect"); nodes and host-network pods are on the
///   default network (only kubelet probes reach a primary-UDN pod's default-network interface);
///   external addresses are reachable from every network, subject to the policies.
public struct NetworkIsolation: Sendable {
    /// The namespace label OVN-Kubernetes requires for a primary user-defined network.
    public static let namespaceLabel = "k8s.ovn.org/primary-user-defined-network"

    /// The primary user-defined networks in force, in order; `domain` 1 is the first.
    public let networks: [UserDefinedNetwork]
    /// Namespace → index in `networks`, for namespaces on a primary user-defined network.
    private let networkOf: [String: Int]
    /// Why some networks do not serve some namespaces.
    public let warnings: [String]

    /// The isolation `udns` impose on `inventory`'s namespaces.
    public init(inventory: Inventory, udns: [UserDefinedNetwork]) {
        let primaries = udns.filter { $0.role == .primary }.sorted {
            ($0.isCluster ? 1 : 0, $0.namespace ?? "", $0.name) < ($1.isCluster ? 1 : 0, $1.namespace ?? "", $1.name)
        }
        var networkOf: [String: Int] = [:]
        var inForce: [Int] = []
        var warnings = udns.filter { $0.role == .secondary }.map { udn in
            "\(udn.location): \(udn.id) is a secondary network: pods attach to it through the NetworkAttachmentDefinitions OVN-Kubernetes renders from it (network name \(udn.networkName)); give them (kubectl get net-attach-def -A -o yaml) to analyse it"
        }
        for (index, udn) in primaries.enumerated() {
            let served =
                udn.namespaceSelector.map { selector in
                    inventory.namespaces.filter { selector.matches($0.labels) }.map(\.name)
                } ?? [udn.namespace!]
            for ns in served {
                if let declared = inventory.namespace(named: ns), declared.location != nil,
                    declared.labels[Self.namespaceLabel] == nil
                {
                    warnings.append(
                        "\(udn.location): \(udn.id) does not serve namespace \(ns): it lacks the label \(Self.namespaceLabel), so OVN-Kubernetes keeps its pods on the default network"
                    )
                    continue
                }
                if let other = networkOf[ns] {
                    warnings.append(
                        "\(udn.location): namespace \(ns) already has primary network \(primaries[other].id); OVN-Kubernetes refuses its pods until one is removed; \(udn.id) is ignored there"
                    )
                    continue
                }
                networkOf[ns] = index
                if inForce.last != index { inForce.append(index) }
            }
        }
        let renumber = Dictionary(uniqueKeysWithValues: inForce.enumerated().map { ($1, $0) })
        self.networks = inForce.map { primaries[$0] }
        self.networkOf = networkOf.mapValues { renumber[$0]! }
        self.warnings = warnings
    }

    /// Whether any namespace is on a primary user-defined network.
    public var isEmpty: Bool { networks.isEmpty }

    /// The primary user-defined network serving `namespace`, if any.
    public func network(of namespace: String) -> UserDefinedNetwork? { networkOf[namespace].map { networks[$0] } }

    /// The isolation domain of an endpoint on the pod network: 0 for the default network (nodes,
    /// host-network pods, pods of namespaces without a primary user-defined network), `k + 1` for
    /// `networks[k]`, `nil` for an external address (reachable from every domain).
    public func domain(of endpoint: PolicyEndpoint, in inventory: Inventory) -> Int? {
        switch endpoint {
        case .external: return nil
        case .node: return 0
        case .pod(let i):
            let pod = inventory.pods[i]
            return pod.hostNetwork ? 0 : networkOf[pod.namespace].map { $0 + 1 } ?? 0
        }
    }

    /// Why traffic between `a` and `b` on `network` cannot flow (they are on different primary
    /// networks), or `nil` when isolation does not stand between them.
    public func separates(_ a: PolicyEndpoint, _ b: PolicyEndpoint, on network: Network, in inventory: Inventory)
        -> String?
    {
        guard network == .pod, !isEmpty, let da = domain(of: a, in: inventory),
            let db = domain(of: b, in: inventory), da != db
        else { return nil }
        return
            "\(inventory.describe(a)) is on \(name(ofDomain: da)) and \(inventory.describe(b)) on \(name(ofDomain: db)): isolated networks"
    }

    /// `the cluster default network`, or `primary UDN <ns>` / `primary CUDN <name>`.
    public func name(ofDomain domain: Int) -> String {
        domain == 0 ? "the cluster default network" : networks[domain - 1].title
    }
}
