/// Which object kinds Interlock reads, which policy kinds it evaluates, and which policy kinds it
/// recognises without evaluating them (their presence makes every result incomplete).
public enum KindCatalog {
    /// A kind within its API group (the version does not matter for classification).
    public struct GroupKind: Hashable, Sendable, CustomStringConvertible {
        /// The API group, empty for the core group.
        public var group: String
        /// The kind, as `kind:` spells it.
        public var kind: String
        /// A kind in a group (`""` for the core group).
        public init(_ group: String, _ kind: String) {
            self.group = group
            self.kind = kind
        }
        /// `Kind.group`, or `Kind` alone for the core group.
        public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }
    }

    /// Kinds that make up the inventory (namespaces, nodes, workloads, pods, services, networks).
    public static let inventoryKinds: Set<GroupKind> = [
        GroupKind("", "Namespace"), GroupKind("", "Node"), GroupKind("", "Pod"),
        GroupKind("", "ReplicationController"), GroupKind("", "Service"),
        GroupKind("apps", "Deployment"), GroupKind("apps", "ReplicaSet"), GroupKind("apps", "StatefulSet"),
        GroupKind("apps", "DaemonSet"), GroupKind("batch", "Job"), GroupKind("batch", "CronJob"),
        GroupKind("k8s.cni.cncf.io", "NetworkAttachmentDefinition"),
        GroupKind("kubevirt.io", "VirtualMachine"), GroupKind("kubevirt.io", "VirtualMachineInstance"),
    ]

    /// Kinds that expose workloads outside the cluster through an ingress controller or a gateway, and
    /// the Gateway API grant that lets routes cross namespaces.
    public static let routeKinds: Set<GroupKind> = [
        GroupKind("networking.k8s.io", "Ingress"), GroupKind("extensions", "Ingress"),
        GroupKind("route.openshift.io", "Route"),
        GroupKind("gateway.networking.k8s.io", "HTTPRoute"), GroupKind("gateway.networking.k8s.io", "GRPCRoute"),
        GroupKind("gateway.networking.k8s.io", "TLSRoute"), GroupKind("gateway.networking.k8s.io", "ReferenceGrant"),
    ]

    /// Policy kinds the Policy module evaluates.
    public static let evaluatedPolicyKinds: Set<GroupKind> = Set([
        GroupKind("networking.k8s.io", "NetworkPolicy"),
        GroupKind("policy.networking.k8s.io", "AdminNetworkPolicy"),
        GroupKind("policy.networking.k8s.io", "BaselineAdminNetworkPolicy"),
        GroupKind("policy.networking.k8s.io", "ClusterNetworkPolicy"),
        GroupKind("k8s.cni.cncf.io", "MultiNetworkPolicy"),
        GroupKind("cilium.io", "CiliumNetworkPolicy"), GroupKind("cilium.io", "CiliumClusterwideNetworkPolicy"),
        GroupKind("cilium.io", "CiliumCIDRGroup"),
    ]).union(calicoKinds)

    /// Calico's policy kinds, tiers and network sets, in the v3 API group and the CRD group that
    /// stores them (HostEndpoint is not among them: it is not evaluated).
    public static let calicoKinds: Set<GroupKind> = Set(
        ["projectcalico.org", "crd.projectcalico.org"].flatMap { group in
            [
                "NetworkPolicy", "GlobalNetworkPolicy", "Tier", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy",
                "StagedKubernetesNetworkPolicy", "NetworkSet", "GlobalNetworkSet",
            ].map { GroupKind(group, $0) }
        })

    /// OVN-Kubernetes user-defined networks: read with the policies (the Policy module resolves a
    /// ClusterUserDefinedNetwork's namespace selector), since a primary one isolates its namespaces.
    public static let userDefinedNetworkKinds: Set<GroupKind> = [
        GroupKind("k8s.ovn.org", "UserDefinedNetwork"), GroupKind("k8s.ovn.org", "ClusterUserDefinedNetwork"),
    ]

    /// Policy kinds of other projects (CNIs, meshes, platform add-ons) that filter traffic in ways
    /// Interlock does not model: when present, the real cluster may be stricter than what is shown.
    public static let unevaluatedPolicyKinds: Set<GroupKind> = [
        GroupKind("crd.projectcalico.org", "HostEndpoint"), GroupKind("projectcalico.org", "HostEndpoint"),
        GroupKind("crd.antrea.io", "NetworkPolicy"), GroupKind("crd.antrea.io", "ClusterNetworkPolicy"),
        GroupKind("k8s.ovn.org", "EgressFirewall"), GroupKind("network.openshift.io", "EgressNetworkPolicy"),
        GroupKind("security.istio.io", "AuthorizationPolicy"), GroupKind("networking.gke.io", "FQDNNetworkPolicy"),
    ]

    /// The API group of Interlock's own kinds (FabricACL, FabricSegmentation, SegmentationIntents,
    /// InterlockScenario, ...): the commands that use them read them; the others pass them by silently.
    public static let interlockGroup = "interlock.dev"

    /// How an object of `group`/`kind` is treated (user-defined networks go with the policies).
    public enum Role: Sendable { case inventory, policy, unevaluatedPolicy, interlock, route, unknown }

    /// How objects of this kind are treated: inventory, evaluated policy, recognised but unevaluated policy,
    /// one of Interlock's own kinds, a route (exposure), or unknown (skipped).
    public static func role(group: String, kind: String) -> Role {
        if group == interlockGroup { return .interlock }
        let key = GroupKind(group, kind)
        if inventoryKinds.contains(key) { return .inventory }
        if evaluatedPolicyKinds.contains(key) || userDefinedNetworkKinds.contains(key) { return .policy }
        if unevaluatedPolicyKinds.contains(key) { return .unevaluatedPolicy }
        if routeKinds.contains(key) { return .route }
        return .unknown
    }
}
