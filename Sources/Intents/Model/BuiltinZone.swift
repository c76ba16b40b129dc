/// Zones Interlock finds by itself, from the labels Kubernetes and its installers set and from the
/// roles of fabric hosts.
public enum BuiltinZone: String, CaseIterable, Sendable {
    /// Control-plane nodes (label `node-role.kubernetes.io/control-plane`, or the older `master`),
    /// the fabric hosts of the same names, and the control-plane pods of `kube-system`
    /// (`tier: control-plane` or `component:` kube-apiserver, etcd, kube-scheduler,
    /// kube-controller-manager, as kubeadm labels its static pods).
    case controlPlane = "control-plane"
    /// Pods labelled `component: kube-apiserver`, or the control plane when there are none.
    case apiServers = "api-servers"
    /// Pods labelled `component: etcd`, or the control plane when there are none.
    case etcd
    /// Every Kubernetes node and every fabric host.
    case nodes
    /// Fabric compute hosts (with GPUs or compute NICs) and the Kubernetes nodes of the same names or
    /// labelled `nvidia.com/gpu.present: "true"`.
    case computeNodes = "compute-nodes"
    /// Fabric hosts that are neither compute hosts nor storage servers (head and management nodes),
    /// and the Kubernetes nodes of the same names.
    case management
    /// Fabric hosts on the storage plane that are not compute hosts.
    case storageServers = "storage-servers"
    /// Every interface on the out-of-band plane: management ports and BMCs.
    case oob
    /// Baseboard management controllers.
    case bmc
    /// Every pod a pod selector can select (attached, not host-network).
    case pods
    /// Container image registries: pods labelled (`app.kubernetes.io/name` or `app`) registry,
    /// docker-registry, harbor, zot or distribution.
    case registry
    /// Secrets vaults: pods labelled (`app.kubernetes.io/name` or `app`) vault or openbao.
    case secretsVault = "secrets-vault"
    /// Addresses neither the inventory nor the fabric owns.
    case external
    /// Public addresses outside the cluster: external addresses outside the private, shared,
    /// link-local and loopback ranges (RFC 1918, RFC 6598, RFC 3927, RFC 4193).
    case internet

    /// Labels (`app.kubernetes.io/name`, else `app`) that mark image registries and vaults.
    static let registryNames: Set<String> = [
        "registry", "docker-registry", "harbor", "harbor-registry", "zot", "distribution",
    ]
    static let vaultNames: Set<String> = ["vault", "openbao"]
    static let controlPlaneComponents: Set<String> = [
        "kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager",
    ]
}
