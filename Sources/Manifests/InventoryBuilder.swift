import Documents
import InterlockCore

/// The controlling owner of an object (`ownerReferences` entry with `controller: true`).
struct OwnerRef: Hashable, Sendable {
    var kind: String
    var name: String
}

/// A workload controller as read: its identity, controlling owner and pod template.
struct Controller: Sendable {
    var namespace: String
    var name: String
    var kind: String
    var owner: OwnerRef?
    var template: PodTemplate
    var location: SourceLocation
}

/// A real pod as read, before it is grouped under its workload.
struct RawPod: Sendable {
    var namespace: String
    var name: String
    var template: PodTemplate
    var owner: OwnerRef?
    var ips: [IPAddress]
    var hostIP: IPAddress?
    var status: [AttachmentStatus]
}

/// Collects inventory objects one by one; `build()` groups pods under workloads and indexes them.
struct InventoryBuilder {
    var namespaces: [String: Namespace] = [:]
    var nodes: [String: ClusterNode] = [:]
    var controllers: [String: Controller] = [:]
    var pods: [String: RawPod] = [:]
    /// VirtualMachineInstances as the pods they stand for, by `namespace/name` (see `podsAndInstances`).
    var instances: [String: RawPod] = [:]
    var services: [String: Service] = [:]
    var networks: [String: NetworkDefinition] = [:]
    var referencedNamespaces: Set<String> = []
    /// Whether pods in phase Succeeded or Failed are read (else counted and skipped).
    var listsFinishedPods = false
    var finishedPods = 0
    /// Where the first finished pod is, for the warning that counts them.
    var firstFinishedPod: SourceLocation?
    var warnings: [String] = []
    private var seen: [String: SourceLocation] = [:]

    /// An inventory object read into what the builder keeps, before it joins the builder: reading
    /// depends on the object alone, so objects can be read on several threads and added in order.
    enum Decoded: Sendable {
        case namespace(Namespace)
        case node(ClusterNode)
        case pod(RawPod)
        /// A pod in phase Succeeded or Failed, skipped.
        case finishedPod
        case service(Service)
        case network(NetworkDefinition)
        case controller(Controller)
        case instance(Controller, RawPod)
    }

    /// Reads one object of an inventory kind (`listsFinishedPods`: whether a finished pod is read or
    /// skipped).
    static func decode(_ object: ManifestObject, listsFinishedPods: Bool) throws(InputError) -> Decoded {
        guard !object.name.isEmpty else { throw object.cursor.error("\(object.kind) without metadata.name") }
        switch object.kind {
        case "Namespace":
            return .namespace(Namespace(name: object.name, labels: try object.labels(), location: object.location))
        case "Node": return .node(try node(object))
        case "Pod":
            let phase = try object.cursor.optional("status")?.optional("phase")?.string()
            if !listsFinishedPods && (phase == "Succeeded" || phase == "Failed") { return .finishedPod }
            return .pod(try pod(object))
        case "Service": return .service(try service(object))
        case "NetworkAttachmentDefinition": return .network(try NetworkDefinition.decode(object))
        case "VirtualMachine": return .controller(try virtualMachine(object))
        case instanceKind:
            let (controller, pod) = try virtualMachineInstance(object)
            return .instance(controller, pod)
        default: return .controller(try controller(object))
        }
    }

    /// Room for `objects` inventory objects, `pods` of them pods, so that adding them does not
    /// grow the tables again and again.
    mutating func reserveCapacity(objects: Int, pods: Int) {
        seen.reserveCapacity(objects)
        self.pods.reserveCapacity(pods)
    }

    /// Adds what `decode` read of `object`; a later object of the same kind and name replaces an
    /// earlier one, with a warning.
    mutating func add(_ decoded: Decoded, of object: ManifestObject) {
        if object.kind != "Namespace" && object.kind != "Node" {
            referencedNamespaces.insert(object.effectiveNamespace)
        }
        let key =
            object.kind == "Namespace" || object.kind == "Node"
            ? "\(object.kind) \(object.name)" : "\(object.kind) \(object.effectiveNamespace)/\(object.name)"
        if let previous = seen[key] {
            warnings.append("\(object.location): \(key) is also defined at \(previous); the later definition is used")
        }
        seen[key] = object.location
        let ns = object.effectiveNamespace
        switch decoded {
        case .namespace(let namespace): namespaces[object.name] = namespace
        case .node(let node): nodes[object.name] = node
        case .pod(let pod): pods["\(ns)/\(object.name)"] = pod
        case .finishedPod:
            finishedPods += 1
            if firstFinishedPod == nil { firstFinishedPod = object.location }
        case .service(let service): services["\(ns)/\(object.name)"] = service
        case .network(let network): networks["\(ns)/\(object.name)"] = network
        case .controller(let controller): controllers["\(ns)/\(object.kind)/\(object.name)"] = controller
        case .instance(let controller, let pod):
            controllers["\(ns)/\(object.kind)/\(object.name)"] = controller
            instances["\(ns)/\(object.name)"] = pod
        }
    }

    static func owner(_ object: ManifestObject) throws(InputError) -> OwnerRef? {
        for ref in try object.metadata?.optional("ownerReferences")?.array() ?? [] {
            if try ref.optional("controller")?.bool() == true {
                // Without a kind the pods still group under the owner's name (see `existingController`).
                let kind = try ref.requiredOrZero("kind", in: "ownerReference", treatedAs: "'' (any kind)")
                let name = try ref.requiredOrZero("name", in: "ownerReference", treatedAs: "'' (no owner)")
                guard let name else { return nil }
                return OwnerRef(kind: try kind?.string() ?? "", name: try name.string())
            }
        }
        return nil
    }

    static func node(_ object: ManifestObject) throws(InputError) -> ClusterNode {
        var addresses: [IPAddress] = []
        for a in try object.cursor.optional("status")?.optional("addresses")?.array() ?? [] {
            let type = try a.optional("type")?.string()
            guard type == "InternalIP" || type == "ExternalIP" else { continue }
            guard let value = try a.requiredOrZero("address", in: "node address", treatedAs: "'' (no address)")
            else { continue }
            let text = try value.string()
            guard let ip = IPAddress(text) else { throw a.error("invalid node address '\(InputError.excerpt(text))'") }
            if !addresses.contains(ip) { addresses.append(ip) }
        }
        let spec = object.cursor.optional("spec")
        var podCIDRs: [CIDR] = []
        let cidrCursors = try spec?.optional("podCIDRs")?.array() ?? [spec?.optional("podCIDR")].compactMap { $0 }
        for c in cidrCursors {
            let text = try c.string()
            guard let cidr = CIDR(text) else { throw c.error("invalid pod CIDR '\(InputError.excerpt(text))'") }
            if !podCIDRs.contains(cidr) { podCIDRs.append(cidr) }
        }
        return ClusterNode(
            name: object.name, labels: try object.labels(), addresses: addresses, location: object.location,
            podCIDRs: podCIDRs)
    }

    static func pod(_ object: ManifestObject) throws(InputError) -> RawPod {
        let ns = object.effectiveNamespace
        let template = try PodTemplate.read(
            metadata: object.metadata, spec: object.cursor.optional("spec"),
            namespace: ns, at: object.location)
        let status = object.cursor.optional("status")
        var ips: [IPAddress] = []
        for entry in try status?.optional("podIPs")?.array() ?? [] {
            guard let value = try entry.requiredOrZero("ip", in: "podIPs entry", treatedAs: "'' (no address)") else {
                continue
            }
            if let ip = try Self.address(value), !ips.contains(ip) { ips.append(ip) }
        }
        if let single = status?.optional("podIP"), let ip = try Self.address(single), !ips.contains(ip) {
            ips.insert(ip, at: 0)
        }
        let hostIP = try status?.optional("hostIP").flatMap { c throws(InputError) in try Self.address(c) }
        let statusText = try object.annotations()[AttachmentRequest.statusAnnotation]
        return RawPod(
            namespace: ns, name: object.name, template: template, owner: try owner(object), ips: ips,
            hostIP: hostIP,
            status: statusText.map { AttachmentStatus.parse($0, podNamespace: ns, file: object.location.file) } ?? [])
    }

    static func address(_ cursor: Cursor) throws(InputError) -> IPAddress? {
        let text = try cursor.string()
        if text.isEmpty { return nil }
        guard let ip = IPAddress(text) else { throw cursor.error("invalid IP address '\(InputError.excerpt(text))'") }
        return ip
    }

    static func controller(_ object: ManifestObject) throws(InputError) -> Controller {
        let empty = "an empty pod template (no labels, no ports)"
        var podTemplate = try object.cursor.requiredOrZero("spec", in: object.kind, treatedAs: empty)
        if object.kind == "CronJob" {
            let job = try podTemplate?.requiredOrZero("jobTemplate", in: "CronJob spec", treatedAs: empty)
            let spec = try job?.requiredOrZero("spec", in: "CronJob jobTemplate", treatedAs: empty)
            podTemplate = try spec?.requiredOrZero("template", in: "CronJob job spec", treatedAs: empty)
        } else {
            podTemplate = try podTemplate?.requiredOrZero("template", in: "\(object.kind) spec", treatedAs: empty)
        }
        let template = try PodTemplate.read(
            metadata: podTemplate?.optional("metadata"), spec: podTemplate?.optional("spec"),
            namespace: object.effectiveNamespace, at: object.location)
        return Controller(
            namespace: object.effectiveNamespace, name: object.name, kind: object.kind,
            owner: try owner(object), template: template, location: object.location)
    }

    static func service(_ object: ManifestObject) throws(InputError) -> Service {
        let spec = object.cursor.optional("spec")
        var ips: [IPAddress] = []
        for text in try (spec?.stringArray("clusterIPs") ?? [])
            + [try spec?.optional("clusterIP")?.string()].compactMap({ $0 })
        where text != "None" && !text.isEmpty {
            guard let ip = IPAddress(text) else {
                throw (spec ?? object.cursor).error("invalid cluster IP '\(InputError.excerpt(text))'")
            }
            if !ips.contains(ip) { ips.append(ip) }
        }
        var ports: [ServicePort] = []
        for p in try spec?.optional("ports")?.array() ?? [] {
            guard let value = try p.requiredOrZero("port", in: "Service port", treatedAs: "0 (no traffic can use it)")
            else { continue }
            let number = try value.port()
            ports.append(
                ServicePort(
                    name: try p.optional("name")?.string(), proto: try p.policyProtocol(), port: number,
                    targetPort: try p.optional("targetPort")?.intOrName() ?? .number(Int(number)),
                    nodePort: try p.optional("nodePort")?.port("nodePort")))
        }
        let selector = try spec?.optional("selector")?.stringMap()
        return Service(
            namespace: object.effectiveNamespace, name: object.name,
            type: try spec?.optional("type")?.string() ?? "ClusterIP", clusterIPs: ips,
            selector: selector, ports: ports, location: object.location, labels: try object.labels())
    }
}
