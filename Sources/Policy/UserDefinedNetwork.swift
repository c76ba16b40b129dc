import Documents
import InterlockCore
import Manifests

/// An OVN-Kubernetes user-defined network (`k8s.ovn.org/v1`): a UserDefinedNetwork (namespaced) or a
/// ClusterUserDefinedNetwork (cluster-scoped, for the namespaces its `namespaceSelector` selects).
/// A primary one is its namespaces' pods' primary network, isolated from the cluster default network
/// and from every other user-defined network.
public struct UserDefinedNetwork: Sendable {
    /// Where the network serves pods: as their primary network, or as a secondary one (attached by
    /// annotation, through the NetworkAttachmentDefinition OVN-Kubernetes renders from it).
    public enum Role: String, Sendable {
        case primary = "Primary"
        case secondary = "Secondary"
    }

    /// The object's name.
    public var name: String
    /// The UserDefinedNetwork's namespace; `nil` for a ClusterUserDefinedNetwork.
    public var namespace: String?
    /// `Layer2`, `Layer3` or `Localnet`.
    public var topology: String
    /// Primary or secondary.
    public var role: Role
    /// The subnets pods take their addresses from.
    public var subnets: [CIDR]
    /// A ClusterUserDefinedNetwork's `namespaceSelector`; `nil` for a UserDefinedNetwork.
    public var namespaceSelector: LabelSelector?
    /// Where the object is written.
    public var location: SourceLocation

    /// Whether this is a ClusterUserDefinedNetwork.
    public var isCluster: Bool { namespace == nil }

    /// The OVN network name, the `name` of the CNI config OVN-Kubernetes renders (OKEP-5193,
    /// "NetworkAttachmentDefinition Rendering"): `namespace.name` for a UserDefinedNetwork,
    /// `cluster.udn.name` for a ClusterUserDefinedNetwork.
    public var networkName: String { namespace.map { "\($0).\(name)" } ?? "cluster.udn.\(name)" }

    /// How connlist headers name it: `primary UDN <namespace>` (netpol-analyzer names a UDN section by
    /// its namespace) or `primary CUDN <name>`.
    public var title: String {
        "\(role == .primary ? "primary" : "secondary") \(isCluster ? "CUDN \(name)" : "UDN \(namespace!)")"
    }

    /// `ns/name[UserDefinedNetwork]` or `name[ClusterUserDefinedNetwork]`, for warnings.
    public var id: String {
        (namespace.map { "\($0)/" } ?? "") + name + (isCluster ? "[ClusterUserDefinedNetwork]" : "[UserDefinedNetwork]")
    }

    /// Reads a UserDefinedNetwork (`spec.topology` and `spec.layer2|layer3.role/subnets`; the role also
    /// at `spec.role`, as OKEP-5193 first wrote it) or a ClusterUserDefinedNetwork (the same under
    /// `spec.network`, and `spec.namespaceSelector`).
    ///
    /// - Throws: `InputError` at a missing `spec`, topology or role, a role other than Primary or
    ///   Secondary, a primary Localnet network (the CRD's validation rejects it), or an invalid subnet.
    static func decode(_ object: ManifestObject) throws(InputError) -> UserDefinedNetwork {
        let spec = try object.cursor.required("spec")
        let isCluster = object.kind == "ClusterUserDefinedNetwork"
        let network = isCluster ? try spec.required("network") : spec
        let topologyCursor = try network.required("topology")
        let topology = try topologyCursor.string()
        let layer = network.optional(topology.prefix(1).lowercased() + topology.dropFirst())
        guard let roleCursor = layer?.optional("role") ?? network.optional("role") else {
            throw (layer ?? network).error("\(object.kind) \(object.name) has no role (Primary or Secondary)")
        }
        guard let role = Role(rawValue: try roleCursor.string()) else {
            throw roleCursor.error("role must be Primary or Secondary")
        }
        if role == .primary && topology == "Localnet" {
            throw topologyCursor.error("topology Localnet cannot be a primary network")
        }
        var subnets: [CIDR] = []
        for entry in try (layer ?? network).optional("subnets")?.array() ?? [] {
            // Layer3 subnets are objects (`cidr`, `hostSubnet`); Layer2 ones are CIDR strings.
            subnets.append(try (entry.isMapping ? try entry.required("cidr") : entry).cidr())
        }
        return UserDefinedNetwork(
            name: object.name, namespace: isCluster ? nil : object.effectiveNamespace, topology: topology, role: role,
            subnets: subnets,
            namespaceSelector: isCluster ? try LabelSelector.decode(try spec.required("namespaceSelector")) : nil,
            location: object.location)
    }
}
