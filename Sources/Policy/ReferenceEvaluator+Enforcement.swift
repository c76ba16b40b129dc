import InterlockCore
import Manifests

extension ReferenceEvaluator {
    /// RoCEv2's UDP destination port: RDMA verbs traffic on Ethernet.
    public static let roceV2Port: UInt16 = 4791

    /// Which enforcement point could apply the verdict. NetworkPolicy is enforced by the CNI on the
    /// pod's kernel interface and MultiNetworkPolicy on kernel netdevs of secondary networks; RDMA
    /// (RoCEv2, InfiniBand verbs) and DPDK bypass the kernel, so no Kubernetes policy filters them.
    func enforcement(_ q: Query) -> (notes: [String], enforced: Bool) {
        guard case .attachment(let network) = q.network else { return ([], true) }
        var notes: [String] = []
        var enforced = true
        for endpoint in [q.source, q.destination] {
            guard case .pod(let i) = endpoint else { continue }
            let pod = inventory.pods[i]
            for interface in pod.interfaces where interface.network == network {
                switch interface.kind {
                case .kernel:
                    continue
                case .dpdk:
                    notes.append(
                        "\(pod.id) \(interface.interface) on \(network) is a DPDK (userspace) interface: no Kubernetes policy filters its traffic"
                    )
                    enforced = false
                case .rdma:
                    notes.append(
                        "\(pod.id) \(interface.interface) on \(network) is RDMA-capable: RDMA verbs traffic (RoCEv2 UDP \(Self.roceV2Port), InfiniBand) bypasses the kernel and no Kubernetes policy filters it"
                    )
                    if q.proto == .udp && q.port == Self.roceV2Port { enforced = false }
                }
            }
        }
        if !enforced { notes.append("this verdict is not enforced: nothing on the path can stop this traffic") }
        return (notes, enforced)
    }
}
