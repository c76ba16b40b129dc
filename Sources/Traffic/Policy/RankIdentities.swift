import Fabric
import InterlockCore
import Manifests

/// Who each rank is to Kubernetes: the pod holding its GPU, and the network and address its traffic
/// carries — on the compute fabric the pod's RDMA secondary network (the interface on the rank's
/// rail when the pod has one per rail), else its pod-network address; on the front-end its
/// pod-network address.
///
/// Invariant: `compute[r]` and `frontend[r]` are -1 or indices into `entries`; entries are
/// distinct, so two ranks with the same identity share an index (the judges memoize on it).
struct RankIdentities: Sendable {
    struct Entry: Hashable, Sendable {
        var network: Network
        var address: IPAddress
        var pod: Int
    }

    var entries: [Entry] = []
    var compute: [Int32] = []
    var frontend: [Int32] = []
    var warnings: [String] = []

    /// Binds every rank of `placement` to a pod of `inventory`: by pod name for jobs read from
    /// manifests, else to the pods of the job's tenant (namespace) on each node, GPU-requesting
    /// pods first, each taking as many ranks as it requests GPUs.
    init(placement: JobPlacement, inventory: Inventory, fabric: FabricGraph) {
        var index: [Entry: Int32] = [:]
        func id(_ e: Entry) -> Int32 {
            if let i = index[e] { return i }
            let i = Int32(entries.count)
            entries.append(e)
            index[e] = i
            return i
        }
        var podsOnNode: [String: [Int]] = [:]
        for (i, pod) in inventory.pods.enumerated() where !pod.isRepresentative {
            if let node = pod.nodeName { podsOnNode[node, default: []].append(i) }
        }
        // Without any pod, there is nothing to bind: the flows meet the fabric ACLs only.
        guard !inventory.pods.isEmpty else {
            compute = [Int32](repeating: -1, count: placement.rankCount)
            frontend = compute
            return
        }
        for job in placement.jobs {
            var unbound: [String] = []
            for node in job.nodes {
                let hostName = fabric.devices[Int(node.host)].name
                let owners = RankIdentities.owners(
                    of: node, tenant: job.tenant, candidates: podsOnNode[hostName] ?? [],
                    inventory: inventory)
                if owners.allSatisfy({ $0 < 0 }) { unbound.append(hostName) }
                for (s, slot) in node.slots.enumerated() {
                    let p = owners[s]
                    guard p >= 0 else {
                        compute.append(-1)
                        frontend.append(-1)
                        continue
                    }
                    let pod = inventory.pods[p]
                    let rail = fabric.devices[Int(slot.nic)].rail ?? 0
                    compute.append(
                        RankIdentities.computeAddress(pod, rail: rail).map {
                            id(Entry(network: $0.0, address: $0.1, pod: p))
                        } ?? -1)
                    frontend.append(pod.ips.first.map { id(Entry(network: .pod, address: $0, pod: p)) } ?? -1)
                }
            }
            if !unbound.isEmpty {
                let list = Hostlist.compress(unbound)
                warnings.append(
                    "job \(job.name): no pod of namespace \(job.tenant) on \(unbound.count) of its nodes (\(list)); their flows are judged by the fabric ACLs only"
                )
            }
        }
    }

    /// The pod of each slot of `node` (-1: none).
    static func owners(of node: JobNode, tenant: String, candidates: [Int], inventory: Inventory) -> [Int] {
        if !node.pods.isEmpty {
            return node.pods.map { inventory.podIndex(id: $0) ?? -1 }
        }
        let gpu = ManifestJobs.gpuResource
        let mine = candidates.filter { inventory.pods[$0].namespace == tenant && !inventory.pods[$0].hostNetwork }
            .sorted { (a, b) in
                let ga = inventory.pods[a].resourceQuantities[gpu] ?? 0
                let gb = inventory.pods[b].resourceQuantities[gpu] ?? 0
                if (ga > 0) != (gb > 0) { return ga > 0 }
                return ManifestJobs.precedes(inventory.pods[a], inventory.pods[b])
            }
        guard !mine.isEmpty else { return [Int](repeating: -1, count: node.slots.count) }
        var out: [Int] = []
        for p in mine {
            let n = max(1, inventory.pods[p].resourceQuantities[gpu] ?? 0)
            out += [Int](repeating: p, count: n)
            if out.count >= node.slots.count { break }
        }
        // Slots beyond the pods' requests belong to the last pod.
        while out.count < node.slots.count { out.append(out.last!) }
        return Array(out.prefix(node.slots.count))
    }

    /// The network and address a pod's RDMA traffic on `rail` carries.
    static func computeAddress(_ pod: Pod, rail: Int) -> (Network, IPAddress)? {
        let withAddress = pod.interfaces.filter { !$0.ips.isEmpty }
        let rdma = withAddress.filter { $0.kind != .kernel }
        let choices = rdma.isEmpty ? withAddress : rdma
        if !choices.isEmpty {
            let i = choices[rail % choices.count]
            return (.attachment(i.network), i.ips[0])
        }
        return pod.ips.first.map { (.pod, $0) }
    }
}
