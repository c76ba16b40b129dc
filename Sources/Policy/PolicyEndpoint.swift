import InterlockCore
import Manifests

/// One end of a connection: a pod (real, or a workload's representative), a node, or an address
/// that belongs to nothing in the inventory.
public enum PolicyEndpoint: Hashable, Sendable {
    /// The pod at this index of `Inventory.pods` (a workload's representative included).
    case pod(Int)
    /// The node at this index of `Inventory.nodes`.
    case node(Int)
    /// An address no pod or node of the inventory owns on the network in question.
    case external(IPAddress)
}

/// Naming and resolving endpoints as users write and read them.
extension Inventory {
    /// How explanations name an endpoint: `ns/name[Kind]` (plus the pod for a real pod of a
    /// workload), `node NAME`, or the address.
    public func describe(_ endpoint: PolicyEndpoint) -> String {
        switch endpoint {
        case .pod(let i):
            let pod = pods[i]
            let workload = workloads[pod.workload]
            if pod.isRepresentative || (workload.kind == "Pod") { return workload.id }
            return "\(workload.id) (pod \(pod.name))"
        case .node(let i): return "node/\(nodes[i].name)"
        case .external(let ip): return "\(ip)"
        }
    }

    /// Resolves what a user typed: `node/NAME`, an IP address (looked up on `network`),
    /// `namespace/name[Kind]`, `namespace/name` (a pod, else a workload), or a bare workload name
    /// when it is unique.
    ///
    /// - Throws: `InputError` when the text names nothing, is ambiguous, or is a Service's cluster IP
    ///   (policies apply to its backends).
    public func endpoint(named text: String, on network: Network = .pod) throws(InputError) -> PolicyEndpoint {
        if text.hasPrefix("node/") {
            let name = String(text.dropFirst(5))
            guard let i = nodeIndex(named: name) else { throw InputError("unknown node '\(name)'") }
            return .node(i)
        }
        if let ip = IPAddress(text) {
            switch owner(of: ip, on: network) {
            case .pod(let i): return .pod(i)
            case .node(let i): return .node(i)
            case nil:
                // Policies see a Service's backends (after DNAT), never its cluster IP.
                if network == .pod, let service = services.first(where: { $0.clusterIPs.contains(ip) }) {
                    throw InputError(
                        "\(ip) is the cluster IP of service \(service.id): policies apply to its backend pods; name one of them"
                    )
                }
                return .external(ip)
            }
        }
        if text.hasSuffix("]"), let i = workloadIndex(id: text) { return .pod(workloads[i].representative) }
        if let i = podIndex(id: text) { return .pod(i) }
        let matches = workloads(named: text)
        if matches.count == 1 { return .pod(workloads[matches[0]].representative) }
        if matches.isEmpty { throw InputError("no workload, pod or node named '\(text)'") }
        let names = matches.map { workloads[$0].id }.joined(separator: ", ")
        throw InputError("'\(text)' is ambiguous: \(names)")
    }
}
