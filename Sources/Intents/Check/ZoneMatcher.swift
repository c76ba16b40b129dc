import Fabric
import InterlockCore
import Manifests
import Policy

/// Decides which zones an endpoint is in. Built-in zones are computed once from labels and fabric
/// roles.
struct ZoneMatcher: Sendable {
    let catalog: ZoneCatalog
    let inventory: Inventory?
    let fabric: FabricGraph?
    let segmentation: FabricSegmentation
    /// Kubernetes node names by role.
    let controlPlaneNodes: Set<String>
    let apiServerNodes: Set<String>
    let etcdNodes: Set<String>
    let hasAPIServerPods: Bool
    let hasEtcdPods: Bool
    /// Fabric host names by role.
    let computeHosts: Set<String>
    let storageServers: Set<String>
    let managementHosts: Set<String>

    init(catalog: ZoneCatalog, inputs: CheckInputs) {
        self.catalog = catalog
        inventory = inputs.inventory
        fabric = inputs.fabric
        segmentation = inputs.intents.segmentation
        var cp = Set<String>()
        var api = Set<String>()
        var etcd = Set<String>()
        var apiPods = false
        var etcdPods = false
        if let inventory {
            for node in inventory.nodes
            where node.labels["node-role.kubernetes.io/control-plane"] != nil
                || node.labels["node-role.kubernetes.io/master"] != nil
            {
                cp.insert(node.name)
            }
            for pod in inventory.pods {
                switch pod.labels["component"] {
                case "kube-apiserver":
                    apiPods = true
                    if let n = pod.nodeName { api.insert(n) }
                case "etcd":
                    etcdPods = true
                    if let n = pod.nodeName { etcd.insert(n) }
                default: break
                }
            }
        }
        controlPlaneNodes = cp
        apiServerNodes = apiPods ? api : cp
        etcdNodes = etcdPods ? etcd : cp
        hasAPIServerPods = apiPods
        hasEtcdPods = etcdPods
        var compute = Set<String>()
        var storage = Set<String>()
        var management = Set<String>()
        if let fabric {
            let computeIDs = Set(fabric.computeHosts)
            for id in computeIDs { compute.insert(fabric.devices[Int(id)].name) }
            for (i, d) in fabric.devices.enumerated() where d.kind == .host && !computeIDs.contains(DeviceID(i)) {
                if fabric.addresses.address(of: DeviceID(i), on: .storage) != nil {
                    storage.insert(d.name)
                } else {
                    management.insert(d.name)
                }
            }
        }
        computeHosts = compute
        storageServers = storage
        managementHosts = management
    }

    // MARK: Kubernetes endpoints

    /// What selectors see of a Kubernetes endpoint.
    struct KubeFacts {
        var member: Member.Kind
        var pod: Pod?
        var namespaceLabels: [String: String] = [:]
        /// The node itself, or the node of a host-network pod (matched by `nodes` and node roles).
        var node: ClusterNode?
        var network: Network
        var addresses: [IPAddress]
        var isPublic = false
    }

    func zones(of facts: KubeFacts) -> ZoneSet { zones { matches($0, facts) } }

    private func matches(_ s: ZoneSelector, _ f: KubeFacts) -> Bool {
        if s.hasFabricFields { return false }
        if let networks = s.networks, !networks.contains(f.network) { return false }
        if s.namespaces != nil || s.namespaceSelector != nil || s.podSelector != nil {
            guard let pod = f.pod else { return false }
            if let ns = s.namespaces, !ns.contains(pod.namespace) { return false }
            if let sel = s.namespaceSelector, !sel.matches(f.namespaceLabels) { return false }
            if let sel = s.podSelector, !sel.matches(pod.labels) { return false }
        }
        if let sel = s.nodeSelector {
            guard f.member == .node, let node = f.node, sel.matches(node.labels) else { return false }
        }
        if let nodes = s.nodes {
            guard let node = f.node, f.member == .node || f.pod?.hostNetwork == true, nodes.contains(node.name) else {
                return false
            }
        }
        if s.cidrs != nil && !f.addresses.contains(where: { s.admits($0) }) { return false }
        if let b = s.builtin, !matches(b, f) { return false }
        return true
    }

    private func matches(_ b: BuiltinZone, _ f: KubeFacts) -> Bool {
        let nodeName = f.member == .node || f.pod?.hostNetwork == true ? f.node?.name : nil
        let appName = f.pod.flatMap { $0.labels["app.kubernetes.io/name"] ?? $0.labels["app"] }
        switch b {
        case .controlPlane:
            if let pod = f.pod, pod.namespace == "kube-system",
                pod.labels["tier"] == "control-plane"
                    || BuiltinZone.controlPlaneComponents.contains(pod.labels["component"] ?? "")
            {
                return true
            }
            return nodeName.map(controlPlaneNodes.contains) ?? false
        case .apiServers:
            if hasAPIServerPods { return f.pod?.labels["component"] == "kube-apiserver" }
            return nodeName.map(controlPlaneNodes.contains) ?? false
        case .etcd:
            if hasEtcdPods { return f.pod?.labels["component"] == "etcd" }
            return nodeName.map(controlPlaneNodes.contains) ?? false
        case .nodes: return nodeName != nil
        case .computeNodes:
            guard let nodeName, let node = f.node else { return false }
            return computeHosts.contains(nodeName) || node.labels["nvidia.com/gpu.present"] == "true"
        case .management: return nodeName.map(managementHosts.contains) ?? false
        case .storageServers: return nodeName.map(storageServers.contains) ?? false
        case .oob, .bmc: return false
        case .pods: return f.pod != nil && f.pod?.hostNetwork != true
        case .registry: return appName.map(BuiltinZone.registryNames.contains) ?? false
        case .secretsVault: return appName.map(BuiltinZone.vaultNames.contains) ?? false
        case .external: return f.member == .external
        case .internet: return f.member == .external && f.isPublic
        }
    }

    // MARK: Fabric interfaces

    /// What selectors see of a fabric interface (or of an outside address on the front-end plane).
    struct FabricFacts {
        var plane: Plane
        var interface: Interface?
        var device: Device?
        var host: Device?
        var address: IPAddress?
        var isPublic = false
    }

    func zones(of facts: FabricFacts) -> ZoneSet { zones { matches($0, facts) } }

    /// The zones with a selector that `matches`.
    private func zones(_ matches: (ZoneSelector) -> Bool) -> ZoneSet {
        var set = ZoneSet(count: catalog.count)
        for (i, zone) in catalog.zones.enumerated() where zone.selectors.contains(where: matches) { set.insert(i) }
        return set
    }

    private func matches(_ s: ZoneSelector, _ f: FabricFacts) -> Bool {
        if s.hasKubernetesFields { return false }
        if let planes = s.planes, !planes.contains(f.plane) { return false }
        if s.nodes != nil || s.rails != nil || s.scalableUnits != nil || s.interfaces != nil || s.partitions != nil
            || s.vrfs != nil || s.vlans != nil
        {
            guard let device = f.device, let interface = f.interface, let host = f.host else { return false }
            if let nodes = s.nodes, !nodes.contains(host.name) { return false }
            if let rails = s.rails { guard let r = device.rail, rails.contains(r) else { return false } }
            if let sus = s.scalableUnits {
                guard let su = device.scalableUnit ?? host.scalableUnit, sus.contains(su) else { return false }
            }
            if let kinds = s.interfaces, !kinds.contains(interface.kind) { return false }
            if let names = s.partitions {
                let member = names.contains { name in
                    segmentation.partition(named: name).map {
                        membership(in: $0, host: host.name, rail: device.rail) != nil
                    } ?? false
                }
                if !member { return false }
            }
            if s.vrfs != nil || s.vlans != nil {
                guard let vrf = vrf(on: f.plane, host: host.name, rail: device.rail) else { return false }
                if let names = s.vrfs, !names.contains(vrf.name) { return false }
                if let vlans = s.vlans { guard let v = vrf.vlan, vlans.contains(v) else { return false } }
            }
        }
        if s.cidrs != nil && !s.admits(f.address) { return false }
        if let b = s.builtin, !matches(b, f) { return false }
        return true
    }

    private func matches(_ b: BuiltinZone, _ f: FabricFacts) -> Bool {
        let isBMC = f.interface?.kind == .bmc
        let hostName = isBMC ? nil : f.host?.name
        switch b {
        case .controlPlane: return hostName.map(controlPlaneNodes.contains) ?? false
        case .apiServers: return hostName.map(apiServerNodes.contains) ?? false
        case .etcd: return hostName.map(etcdNodes.contains) ?? false
        case .nodes: return hostName != nil
        case .computeNodes: return hostName.map(computeHosts.contains) ?? false
        case .management: return hostName.map(managementHosts.contains) ?? false
        case .storageServers: return hostName.map(storageServers.contains) ?? false
        case .oob: return f.plane == .oob && f.interface != nil
        case .bmc: return isBMC
        case .pods, .registry, .secretsVault: return false
        case .external: return f.interface == nil
        case .internet: return f.interface == nil && f.isPublic
        }
    }

    /// A host's (or one rail NIC's) membership in a partition; `nil` when not a member.
    func membership(in p: FabricSegmentation.Partition, host: String, rail: Int?) -> FabricSegmentation.Membership? {
        var best: FabricSegmentation.Membership?
        for m in p.members
        where m.hosts.contains(host) && (m.rails == nil || rail.map { m.rails!.contains($0) } == true) {
            if m.membership == .full { return .full }
            best = .limited
        }
        return best
    }

    /// The VRF a host's (or rail NIC's) port is in on `plane`, if any.
    func vrf(on plane: Plane, host: String, rail: Int?) -> FabricSegmentation.VRF? {
        segmentation.vrfs.first { v in
            v.plane == plane.name
                && v.members.contains { m in
                    m.hosts.contains(host) && (m.rails == nil || rail.map { m.rails!.contains($0) } == true)
                }
        }
    }
}
