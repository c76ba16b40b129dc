import InterlockCore

/// A pod a route exposes, on one TCP port of the pod.
public struct ExposedPort: Hashable, Sendable {
    /// The pod's index in `Inventory.pods`.
    public var pod: Int
    /// The port on the pod (the Service port's target port, resolved on the pod).
    public var port: UInt16
    /// The route, `Kind namespace/name`.
    public var route: String
}

/// Follows routes through their Services to the pods and ports they reach, as the controllers do:
/// a Service port's `targetPort` resolves per pod (a pod without the named port is no endpoint), only
/// TCP is proxied, and a Gateway API backend in another namespace needs a ReferenceGrant there.
public enum RouteResolver {
    /// The pods and ports `routes` reach in `inventory`, and every backend that reaches nothing, with why.
    public static func resolve(_ routes: [ExposureRoute], grants: [ReferenceGrant], in inventory: Inventory)
        -> (exposed: [ExposedPort], problems: [RouteProblem])
    {
        let services = Dictionary(
            inventory.services.indices.map { (inventory.services[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var exposed: Set<ExposedPort> = []
        var problems: [RouteProblem] = []
        for route in routes {
            problems += route.problems
            for backend in route.backends {
                func problem(_ message: String) {
                    problems.append(RouteProblem(location: backend.location, message: "\(route.id): \(message)"))
                }
                let id = "\(backend.namespace)/\(backend.service)"
                if backend.namespace != route.namespace
                    && !grants.contains(where: {
                        $0.namespace == backend.namespace
                            && $0.permits(routeKind: route.kind, from: route.namespace, service: backend.service)
                    })
                {
                    problem(
                        "backendRef to Service \(id) is not permitted: no ReferenceGrant in namespace \(backend.namespace) lets \(route.kind)s of \(route.namespace) refer to it (RefNotPermitted)"
                    )
                    continue
                }
                guard let index = services[id] else {
                    problem("names Service \(id), which the manifests do not hold")
                    continue
                }
                let reached = reach(service: index, port: backend.port, inventory: inventory)
                if let message = reached.problem { problem(message) }
                exposed.formUnion(reached.ports.map { ExposedPort(pod: $0.pod, port: $0.port, route: route.id) })
            }
        }
        let sorted = exposed.sorted { ($0.pod, $0.port, $0.route) < ($1.pod, $1.port, $1.route) }
        return (sorted, problems.sorted { $0.location < $1.location })
    }

    /// The (pod, port) pairs `port` of Service `index` reaches, or why it reaches none.
    static func reach(service index: Int, port: RoutePort, inventory: Inventory)
        -> (ports: [ServiceTranslation.Backend], problem: String?)
    {
        let service = inventory.services[index]
        guard let selector = service.selector, !selector.isEmpty else {
            return ([], "Service \(service.id) has no selector: its endpoints are not derived from pods")
        }
        let candidates = service.ports.filter { p in
            switch port {
            case .every, .target(.number): return true
            case .number(let n): return Int(p.port) == n
            case .name(let s), .target(.name(let s)): return p.name == s
            }
        }
        let known = service.ports.map { p in "\(p.port)/\(p.proto)" + (p.name.map { " '\($0)'" } ?? "") }
        guard !candidates.isEmpty else {
            return ([], "Service \(service.id) has no \(port) (its ports: \(known.joined(separator: ", ")))")
        }
        let tcp = candidates.filter { $0.proto == .tcp }
        guard !tcp.isEmpty else {
            return ([], "Service \(service.id) \(port) is not TCP: ingress controllers and gateways proxy TCP")
        }
        var out: [ServiceTranslation.Backend] = []
        for p in tcp {
            var backends = ServiceTranslation(service: index, proto: .tcp, port: p.port, inventory: inventory).backends
            // A Route's numeric targetPort is the port on the pods (the endpoint port).
            if case .target(.number(let n)) = port { backends = backends.filter { Int($0.port) == n } }
            out += backends
        }
        guard out.isEmpty else { return (out, nil) }
        let target = tcp.map { "\($0.targetPort)" }.joined(separator: ", ")
        return (
            [], "Service \(service.id) \(port) reaches no pod (none matches its selector with target port \(target))"
        )
    }
}
