import InterlockCore

/// What kube-proxy does to a connection to a Service's cluster IP: DNAT to one of the backing pods,
/// on the target port of the service port the connection hit. Policies see the backend, never the
/// cluster IP, so the connection is judged against the backends.
public struct ServiceTranslation: Sendable {
    /// A backing pod and the port the connection reaches it on.
    public struct Backend: Equatable, Sendable {
        /// The pod's index in `Inventory.pods`.
        public var pod: Int
        /// The port the connection reaches the pod on.
        public var port: UInt16
    }

    /// The Service's index in `Inventory.services`.
    public var service: Int
    /// The service port the connection matched, when one did.
    public var servicePort: ServicePort?
    /// Backends in pod order; empty when the service has no selector, no matching pod, or no pod
    /// with the named target port.
    public var backends: [Backend]

    /// The DNAT of `proto`/`port` to service `index` of `inventory`. The backends are the pods of
    /// the service's namespace whose labels include the selector (real pods, or a workload's
    /// representative when its pods are not listed); a named target port resolves per pod and
    /// protocol, and a pod without it is not an endpoint (as EndpointSlices leave it out).
    public init(service index: Int, proto: IPProtocol, port: UInt16?, inventory: Inventory) {
        service = index
        let s = inventory.services[index]
        servicePort = s.ports.first { $0.proto == proto && $0.port == port }
        guard let selector = s.selector, !selector.isEmpty, let servicePort else {
            backends = []
            return
        }
        var found: [Backend] = []
        for (i, pod) in inventory.pods.enumerated() where pod.namespace == s.namespace {
            guard selector.allSatisfy({ pod.labels[$0.key] == $0.value }) else { continue }
            switch servicePort.targetPort {
            case .number(let n):
                if let p = UInt16(exactly: n) { found.append(Backend(pod: i, port: p)) }
            case .name(let name):
                if let p = pod.ports(named: name, proto: proto).first { found.append(Backend(pod: i, port: p)) }
            }
        }
        backends = found
    }
}
