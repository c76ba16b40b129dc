import Documents
import InterlockCore

/// How a route names the Service port its traffic goes to.
public enum RoutePort: Hashable, Sendable, CustomStringConvertible {
    /// No port: every port of the Service (an OpenShift Route without `spec.port`).
    case every
    /// A Service port by its `port` number (Ingress `port.number`, Gateway API `backendRefs[].port`).
    case number(Int)
    /// A Service port by its `name` (Ingress `port.name`).
    case name(String)
    /// An OpenShift Route's `spec.port.targetPort`: a number is the port on the pods (the endpoint port),
    /// a name is the Service port's name (the endpoint port's name).
    case target(IntOrName)

    /// `port 80`, `port 'http'`, `targetPort 8080`, or `every port`.
    public var description: String {
        switch self {
        case .every: return "every port"
        case .number(let n): return "port \(n)"
        case .name(let s): return "port '\(s)'"
        case .target(let t): return "targetPort \(t)"
        }
    }
}

/// One Service a route sends traffic to.
public struct RouteBackend: Hashable, Sendable {
    /// The Service's namespace (a Gateway API backendRef may name another namespace).
    public var namespace: String
    /// The Service's name.
    public var service: String
    /// Which of its ports.
    public var port: RoutePort
    /// Where the backend is written.
    public var location: SourceLocation
}

/// Something about a route the user should hear about (a backend that names nothing, a kind that
/// is not a Service), at the line it concerns.
public struct RouteProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String

    /// `file:line:column: message`.
    public var description: String { "\(location): \(message)" }
}

/// An object that exposes workloads outside the cluster through an ingress controller or gateway:
/// an Ingress (networking.k8s.io/v1), an OpenShift Route (route.openshift.io/v1), or a Gateway API
/// HTTPRoute, GRPCRoute or TLSRoute (gateway.networking.k8s.io).
public struct ExposureRoute: Sendable {
    /// `Ingress`, `Route`, `HTTPRoute`, `GRPCRoute` or `TLSRoute`.
    public var kind: String
    /// The route's namespace.
    public var namespace: String
    /// The route's name.
    public var name: String
    /// The Services it sends traffic to, in the order written.
    public var backends: [RouteBackend]
    /// Backends that were left out, and why.
    public var problems: [RouteProblem]
    /// Where the route is written.
    public var location: SourceLocation

    /// `Kind namespace/name`.
    public var id: String { "\(kind) \(namespace)/\(name)" }
}

/// A Gateway API ReferenceGrant: lets routes of the namespaces and kinds in `from` name Services of
/// its own namespace (all of them, or the one `to` names).
public struct ReferenceGrant: Sendable {
    /// The grant's namespace: where the Services it opens are.
    public var namespace: String
    /// Who may refer: (group, kind, namespace).
    public var from: [(group: String, kind: String, namespace: String)]
    /// What may be referred to: (group, kind, name; `nil` for every object of the kind).
    public var to: [(group: String, kind: String, name: String?)]

    /// Whether a route of `kind` in `routeNamespace` may name Service `service` of this namespace.
    public func permits(routeKind kind: String, from routeNamespace: String, service: String) -> Bool {
        from.contains { $0.group == ExposureRoute.gatewayGroup && $0.kind == kind && $0.namespace == routeNamespace }
            && to.contains { $0.group == "" && $0.kind == "Service" && ($0.name ?? service) == service }
    }
}

extension ExposureRoute {
    /// The Gateway API group.
    public static let gatewayGroup = "gateway.networking.k8s.io"

    /// Reads an Ingress, Route or Gateway API route.
    ///
    /// - Throws: `InputError` where a field has the wrong type.
    public static func decode(_ object: ManifestObject) throws(InputError) -> ExposureRoute {
        var route = ExposureRoute(
            kind: object.kind, namespace: object.effectiveNamespace, name: object.name, backends: [], problems: [],
            location: object.location)
        guard let spec = object.cursor.optional("spec"), !spec.isNull else { return route }
        switch object.kind {
        case "Ingress": try route.readIngress(spec)
        case "Route": try route.readOpenShiftRoute(spec)
        default: try route.readGatewayRoute(spec)
        }
        return route
    }

    mutating func problem(_ at: Cursor, _ message: String) {
        problems.append(RouteProblem(location: at.location, message: "\(id): \(message)"))
    }

    /// `spec.defaultBackend` and `spec.rules[].http.paths[].backend`: each `service {name, port}`
    /// (a `resource` backend is not a Service and reaches no pod through a Service).
    mutating func readIngress(_ spec: Cursor) throws(InputError) {
        var backends: [Cursor] = []
        for key in ["defaultBackend", "backend"] {
            if let d = spec.optional(key), !d.isNull { backends.append(d) }
        }
        for rule in try spec.optional("rules")?.array() ?? [] {
            for path in try rule.optional("http")?.optional("paths")?.array() ?? [] {
                backends.append(try path.required("backend"))
            }
        }
        for b in backends {
            // networking.k8s.io/v1beta1 and extensions/v1beta1 (removed in Kubernetes 1.22, still in old
            // charts): `serviceName` and `servicePort`, a Service port number or name.
            if let legacy = b.optional("serviceName"), !legacy.isNull {
                let port = try b.required("servicePort").intOrName()
                let routePort: RoutePort
                switch port {
                case .number(let n): routePort = .number(n)
                case .name(let s): routePort = .name(s)
                }
                add(
                    RouteBackend(
                        namespace: namespace, service: try legacy.string(), port: routePort, location: b.location))
                continue
            }
            guard let service = b.optional("service"), !service.isNull else {
                problem(b, "backend is not a Service (a resource backend): no workload exposure is derived from it")
                continue
            }
            let name = try service.required("name").string()
            let port = service.optional("port")
            if let n = port?.optional("number"), !n.isNull {
                add(RouteBackend(namespace: namespace, service: name, port: .number(try n.int()), location: b.location))
            } else if let s = port?.optional("name"), !s.isNull {
                add(
                    RouteBackend(namespace: namespace, service: name, port: .name(try s.string()), location: b.location)
                )
            } else {
                problem(b, "backend service '\(name)' has no port.number or port.name (the API server requires one)")
            }
        }
    }

    /// `spec.to` and `spec.alternateBackends` (kind `Service` by default), on `spec.port.targetPort`.
    mutating func readOpenShiftRoute(_ spec: Cursor) throws(InputError) {
        var port = RoutePort.every
        if let target = spec.optional("port")?.optional("targetPort"), !target.isNull {
            port = .target(try target.intOrName())
        }
        var targets: [Cursor] = []
        if let to = spec.optional("to"), !to.isNull { targets.append(to) }
        targets += try spec.optional("alternateBackends")?.array() ?? []
        for t in targets {
            let kind = try t.optional("kind")?.string() ?? "Service"
            guard kind == "Service" || kind.isEmpty else {
                problem(t, "backend of kind \(kind) is not a Service: ignored")
                continue
            }
            add(
                RouteBackend(
                    namespace: namespace, service: try t.required("name").string(), port: port, location: t.location))
        }
    }

    /// `spec.rules[].backendRefs[]` and HTTPRoute `requestMirror` filters' `backendRef` (mirrored
    /// traffic reaches the pods too): `group` "" and `kind` Service by default, `namespace` the
    /// route's, `port` required for a Service.
    mutating func readGatewayRoute(_ spec: Cursor) throws(InputError) {
        var refs: [Cursor] = []
        for rule in try spec.optional("rules")?.array() ?? [] {
            refs += try rule.optional("backendRefs")?.array() ?? []
            var filters = try rule.optional("filters")?.array() ?? []
            for ref in try rule.optional("backendRefs")?.array() ?? [] {
                filters += try ref.optional("filters")?.array() ?? []
            }
            for f in filters {
                if let mirror = f.optional("requestMirror")?.optional("backendRef"), !mirror.isNull {
                    refs.append(mirror)
                }
            }
        }
        for ref in refs {
            let group = try ref.optional("group")?.string() ?? ""
            let kind = try ref.optional("kind")?.string() ?? "Service"
            guard group.isEmpty, kind == "Service" else {
                problem(
                    ref, "backendRef of kind \(group.isEmpty ? kind : "\(kind).\(group)") is not a Service: ignored")
                continue
            }
            let name = try ref.required("name").string()
            guard let port = ref.optional("port"), !port.isNull else {
                problem(ref, "backendRef to Service '\(name)' has no port (required when the referent is a Service)")
                continue
            }
            let ns = try ref.optional("namespace")?.string() ?? namespace
            add(
                RouteBackend(
                    namespace: ns.isEmpty ? namespace : ns, service: name, port: .number(try port.int()),
                    location: ref.location))
        }
    }

    mutating func add(_ backend: RouteBackend) { backends.append(backend) }
}

extension ReferenceGrant {
    /// Reads a ReferenceGrant's `spec.from` and `spec.to`.
    public static func decode(_ object: ManifestObject) throws(InputError) -> ReferenceGrant {
        let spec = object.cursor.optional("spec")
        var grant = ReferenceGrant(namespace: object.effectiveNamespace, from: [], to: [])
        for f in try spec?.optional("from")?.array() ?? [] {
            grant.from.append(
                (
                    try f.optional("group")?.string() ?? "", try f.required("kind").string(),
                    try f.required("namespace").string()
                ))
        }
        for t in try spec?.optional("to")?.array() ?? [] {
            grant.to.append(
                (
                    try t.optional("group")?.string() ?? "", try t.required("kind").string(),
                    try t.optional("name")?.string()
                ))
        }
        return grant
    }
}
