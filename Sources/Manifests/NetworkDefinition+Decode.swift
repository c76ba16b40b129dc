import Documents
import InterlockCore

extension NetworkDefinition {
    /// The annotation naming the device-plugin resource a network's interfaces come from.
    static let resourceAnnotation = "k8s.v1.cni.cncf.io/resourceName"

    /// CNI plugin types whose interfaces are served in userspace (no kernel netdev).
    static let userspaceTypes: Set<String> = ["userspace", "vhostuser", "ovs-dpdk", "accelerated-bridge-dpdk"]
    /// CNI plugin types that give an interface RDMA (InfiniBand or RoCE) capability.
    static let rdmaTypes: Set<String> = ["ib-sriov", "rdma", "ipoib"]
    /// Device-plugin resource prefixes of RDMA-capable NICs (ConnectX VFs, shared RDMA devices).
    static let rdmaResourcePrefixes = ["rdma/", "nvidia.com/", "mellanox.com/"]

    /// Reads a NetworkAttachmentDefinition: its CNI types and IPAM subnets from `spec.config`
    /// (a JSON string), its resource name, and from those the interface kind. A `spec.config` that is
    /// not JSON is a string to the API server (it accepts it; Multus fails when a pod attaches): the
    /// network exists, its type unknown.
    static func decode(_ object: ManifestObject) throws(InputError) -> NetworkDefinition {
        var types: [String] = []
        var subnets: [CIDR] = []
        var configName: String?
        if let config = object.cursor.optional("spec")?.optional("config") {
            let text = try config.string()
            let unknown = "the network is kept, its CNI type unknown; the API server accepts it, Multus refuses it"
            let parsed: Result<[Document], InputError> = Result { () throws(InputError) in
                try JSONReader.documents(Array(text.utf8), file: object.location.file)
            }
            switch parsed {
            case .success(let documents) where !documents.isEmpty:
                let root = Cursor(node: documents[0].root, file: object.location.file)
                configName = try? root.optional("name")?.string()
                collect(root, types: &types, subnets: &subnets)
            case .success:
                try config.tolerate("invalid-config", "empty CNI config in spec.config: \(unknown)")
            case .failure(let error):
                try config.tolerate(
                    "invalid-config", "invalid CNI config in spec.config (\(error.message)): \(unknown)")
            }
        }
        let resource = try object.annotations()[resourceAnnotation]
        return NetworkDefinition(
            namespace: object.effectiveNamespace, name: object.name, cniTypes: types,
            resourceName: resource, subnets: subnets,
            kind: interfaceKind(types: types, resource: resource), location: object.location, configName: configName)
    }

    /// The CNI plugin type of OVN-Kubernetes secondary (and user-defined) networks.
    public static let ovnKubernetesType = "ovn-k8s-cni-overlay"

    /// Which definition stands for each definition's network, by `namespace/name` (only those that
    /// differ from themselves are listed). OVN-Kubernetes networks are not namespaced: definitions of
    /// type `ovn-k8s-cni-overlay` with the same config `name` are one network (docs/multi-homing.md:
    /// "creating multiple network-attachment-definitions with different configurations pointing at the
    /// same network (same NetConf.Name attribute) is not supported"; a ClusterUserDefinedNetwork
    /// renders one such definition per namespace), and the first of them by id stands for it. Any
    /// other definition is its own network: Multus attaches by definition, and for other plugins the
    /// config name is only a label.
    static func sharedNetworks(_ definitions: [NetworkDefinition]) -> [String: String] {
        var first: [String: String] = [:]
        var out: [String: String] = [:]
        for d in definitions.sorted(by: { $0.id < $1.id }) {
            guard d.cniTypes.contains(ovnKubernetesType), let name = d.configName else { continue }
            if let owner = first[name] { out[d.id] = owner } else { first[name] = d.id }
        }
        return out
    }

    /// Walks a CNI config (single plugin or `plugins` list), collecting plugin types and subnets.
    private static func collect(_ c: Cursor, types: inout [String], subnets: inout [CIDR]) {
        if let type = try? c.optional("type")?.string() { types.append(type) }
        for plugin in (try? c.optional("plugins")?.array()) ?? [] { collect(plugin, types: &types, subnets: &subnets) }
        guard let ipam = c.optional("ipam") else { return }
        var texts: [String] = []
        for key in ["subnet", "range"] { if let s = try? ipam.optional(key)?.string() { texts.append(s) } }
        for set in (try? ipam.optional("ranges")?.array()) ?? [] {
            for r in (try? set.array()) ?? [] { if let s = try? r.optional("subnet")?.string() { texts.append(s) } }
        }
        for a in (try? ipam.optional("addresses")?.array()) ?? [] {
            if let s = try? a.optional("address")?.string() { texts.append(s) }
        }
        for text in texts { if let cidr = CIDR(text), !subnets.contains(cidr) { subnets.append(cidr) } }
    }

    /// DPDK when a userspace plugin or a vfio/dpdk resource serves the interface; RDMA when an RDMA
    /// plugin or an RDMA-capable NIC resource does; otherwise a plain kernel netdev.
    static func interfaceKind(types: [String], resource: String?) -> PodInterfaceKind {
        let r = resource?.lowercased() ?? ""
        if types.contains(where: userspaceTypes.contains) || r.contains("dpdk") || r.contains("vfio") { return .dpdk }
        if types.contains(where: rdmaTypes.contains) || r.contains("rdma")
            || rdmaResourcePrefixes.contains(where: { r.hasPrefix($0) })
        {
            return .rdma
        }
        return .kernel
    }
}
