import Fabric
import InterlockCore
import Manifests

/// Jobs from Kubernetes manifests: every workload whose pods request `nvidia.com/gpu` and are
/// bound to nodes (`spec.nodeName`) is a job in its namespace; each pod takes as many GPUs of its
/// node as it requests.
public enum ManifestJobs {
    /// The extended resource that counts GPUs.
    public static let gpuResource = "nvidia.com/gpu"

    /// Places the GPU workloads of `inventory` on `fabric`. Pods are taken in job-completion-index
    /// order (`batch.kubernetes.io/job-completion-index`), else by name (numbers by value); a node's ranks follow its
    /// pods. Pods not yet bound to a node (workload templates) are skipped with a warning.
    ///
    /// - Throws: `InputError` when a pod is bound to a node the fabric lacks or that is not a compute
    ///   node, when a node has fewer free GPUs than its pods request, or when no pod requesting GPUs is
    ///   bound to a node of the fabric.
    public static func place(_ inventory: Inventory, on fabric: FabricGraph) throws(InputError) -> JobPlacement {
        var allocator = GPUAllocator(fabric: fabric)
        var jobs: [Job] = []
        var warnings: [String] = []
        for workload in inventory.workloads {
            let gpuPods = workload.pods.filter { (inventory.pods[$0].resourceQuantities[gpuResource] ?? 0) > 0 }
            guard !gpuPods.isEmpty else { continue }
            let placed = gpuPods.filter { inventory.pods[$0].nodeName != nil && !inventory.pods[$0].isRepresentative }
            if placed.isEmpty {
                warnings.append(
                    "\(workload.location): \(workload.id) requests GPUs but none of its pods is bound to a node; skipped"
                )
                continue
            }
            let ordered = placed.sorted { precedes(inventory.pods[$0], inventory.pods[$1]) }
            var nodes: [JobNode] = []
            var nodeIndex: [DeviceID: Int] = [:]
            for p in ordered {
                let pod = inventory.pods[p]
                let fail = { (message: String) in
                    InputError(file: pod.location.file, line: pod.location.line, column: pod.location.column, message)
                }
                let nodeName = pod.nodeName!
                guard let host = fabric.device(named: nodeName), fabric.devices[Int(host)].kind == .host else {
                    throw fail("pod \(pod.id) is bound to node '\(nodeName)', which is not a node of the fabric")
                }
                let count = pod.resourceQuantities[gpuResource]!
                let slots = try allocator.allocate(
                    host, count: count, job: workload.name, location: pod.location, fail: fail)
                let names = Array(repeating: pod.id, count: slots.count)
                if let i = nodeIndex[host] {
                    nodes[i].slots += slots
                    nodes[i].pods += names
                } else {
                    nodeIndex[host] = nodes.count
                    nodes.append(JobNode(host: host, slots: slots, pods: names))
                }
            }
            let first = inventory.pods[ordered[0]].location
            jobs.append(
                Job(
                    name: "\(workload.namespace)/\(workload.name)", tenant: workload.namespace, nodes: nodes,
                    location: first))
        }
        if jobs.isEmpty {
            throw InputError("no pods requesting \(gpuResource) bound to nodes of the fabric in the manifests")
        }
        return JobPlacement(jobs: jobs, warnings: warnings)
    }

    /// Whether `a` comes before `b`: by completion index when the pods have one, then by name with
    /// digit runs compared as numbers (`trainer-9` before `trainer-10`).
    static func precedes(_ a: Pod, _ b: Pod) -> Bool {
        func index(_ p: Pod) -> Int {
            p.labels["batch.kubernetes.io/job-completion-index"].flatMap { Int($0) } ?? Int.max
        }
        if index(a) != index(b) { return index(a) < index(b) }
        return naturalOrder(a.name, b.name)
    }

    /// Names compared run by run, digit runs by value.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func runs(_ s: String) -> [(text: Substring, number: Int?)] {
            var out: [(Substring, Int?)] = []
            var start = s.startIndex
            while start < s.endIndex {
                let digits = s[start].isASCII && s[start].isNumber
                let end = s[start...].firstIndex { ($0.isASCII && $0.isNumber) != digits } ?? s.endIndex
                let run = s[start..<end]
                out.append((run, digits ? Int(run) : nil))
                start = end
            }
            return out
        }
        for (x, y) in zip(runs(a), runs(b)) where x.text != y.text {
            if let m = x.number, let n = y.number, m != n { return m < n }
            return x.text < y.text
        }
        return a.count != b.count ? a.count < b.count : a < b
    }
}
