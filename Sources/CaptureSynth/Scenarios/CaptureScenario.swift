import Capture

/// A named capture `capture synth` writes from a cluster's inventory and fabric.
public enum CaptureScenario: String, CaseIterable, Sendable {
    /// Only what the policies allow, on the right planes, between known endpoints: pod traffic in
    /// VXLAN between the nodes, Service traffic before DNAT, RoCEv2 on the RDMA networks, and the
    /// fabric's own traffic (NFS on the storage network, IPMI and Redfish from management hosts to
    /// BMCs on the out-of-band network, SSH from management hosts on the front end).
    case clean
    /// The clean traffic plus what a capture analysis must catch: connections one side's policy asks
    /// for and the other side's denies (dropped, so never answered), a connection that escaped its
    /// source's egress policy, RoCEv2 from an address the RDMA network's policy denies, RoCEv2 on the
    /// front end, SSH and NFS on the compute fabric, IPMI from a pod to a BMC, an unknown host on the
    /// front end, and SSH to a storage server.
    case violations

    /// One line for `--help` and the README.
    public var summary: String {
        switch self {
        case .clean: return "allowed traffic only: pods (VXLAN), Services, RoCEv2 on RDMA networks, storage, management"
        case .violations:
            return "clean traffic plus denied, unenforceable, wrong-plane, unknown-endpoint and ACL-breaking traffic"
        }
    }
}
