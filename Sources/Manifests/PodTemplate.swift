import Documents
import InterlockCore

/// What a pod (or a workload's pod template) says about its networking: labels, container ports,
/// host networking, node, extended resources and the secondary networks it asks for.
struct PodTemplate: Sendable {
    var labels: [String: String]
    var ports: [ContainerPort]
    var hostNetwork: Bool
    var nodeName: String?
    var resources: [String]
    /// Integer quantities of the extended resources, summed over the containers (limit, else request).
    var resourceQuantities: [String: Int]
    /// Secondary networks requested by the `k8s.v1.cni.cncf.io/networks` annotation.
    var attachments: [AttachmentRequest]
    /// Where the template (or pod) starts.
    var location: SourceLocation
    /// `spec.serviceAccountName` (`default` when not given, as the API server defaults it).
    var serviceAccount = "default"

    /// Reads a pod's `metadata` and `spec` (either may be absent in a sparse manifest).
    static func read(metadata: Cursor?, spec: Cursor?, namespace: String, at location: SourceLocation)
        throws(InputError) -> PodTemplate
    {
        let labels = try metadata?.optional("labels")?.stringMap() ?? [:]
        let annotations = try metadata?.optional("annotations")?.stringMap() ?? [:]
        var ports: [ContainerPort] = []
        var resources: Set<String> = []
        var quantities: [String: Int] = [:]
        if let spec {
            var containers = try spec.optional("containers")?.array() ?? []
            // Restartable init containers (sidecars) run beside the main containers and serve ports.
            for c in try spec.optional("initContainers")?.array() ?? []
            where try c.optional("restartPolicy")?.string() == "Always" {
                containers.append(c)
            }
            for container in containers {
                for p in try container.optional("ports")?.array() ?? [] {
                    try p.rejectUnknownKeys(
                        ["name", "containerPort", "protocol", "hostPort", "hostIP"], in: "container port")
                    guard
                        let value = try p.requiredOrZero(
                            "containerPort", in: "container port", treatedAs: "0 (no port: the entry is left out)")
                    else { continue }
                    let number = try value.port("containerPort")
                    ports.append(
                        ContainerPort(
                            name: try p.optional("name")?.string(), port: number,
                            proto: try p.policyProtocol()))
                }
                if let r = container.optional("resources") {
                    // Extended resources: a request defaults to the limit, and both must be equal
                    // when given (Kubernetes validation), so the limit decides when present.
                    var counted: [String: Int] = [:]
                    for key in ["requests", "limits"] {
                        for (name, value) in try r.optional(key)?.entries() ?? [] where name.contains("/") {
                            resources.insert(name)
                            if let n = try? value.int(), n >= 0 { counted[name] = n }
                        }
                    }
                    for (name, n) in counted { quantities[name, default: 0] += n }
                }
            }
        }
        var attachments: [AttachmentRequest] = []
        if let text = annotations[AttachmentRequest.annotation], let metadata {
            let at = metadata.optional("annotations")?[AttachmentRequest.annotation] ?? metadata
            attachments = try AttachmentRequest.parse(text, podNamespace: namespace, at: at)
        }
        var template = PodTemplate(
            labels: labels, ports: ports,
            hostNetwork: try spec?.optional("hostNetwork")?.bool() ?? false,
            nodeName: try spec?.optional("nodeName")?.string(),
            resources: resources.sorted(), resourceQuantities: quantities, attachments: attachments, location: location)
        if let name = try spec?.optional("serviceAccountName")?.string(), !name.isEmpty {
            template.serviceAccount = name
        }
        return template
    }
}

/// One entry of a pod's `k8s.v1.cni.cncf.io/networks` annotation.
struct AttachmentRequest: Sendable {
    static let annotation = "k8s.v1.cni.cncf.io/networks"
    static let statusAnnotation = "k8s.v1.cni.cncf.io/network-status"

    /// `namespace/name` of the NetworkAttachmentDefinition.
    var network: String
    /// The interface name asked for, if any.
    var interface: String?
    /// Static addresses asked for (`ips`, CIDR notation allowed).
    var ips: [IPAddress]

    /// Parses the annotation: a JSON list of `{name, namespace, interface, ips}` or the short form
    /// `[namespace/]name[@interface]`, comma-separated.
    static func parse(_ text: String, podNamespace: String, at cursor: Cursor) throws(InputError) -> [AttachmentRequest]
    {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("[") {
            let docs: [Document]
            do {
                docs = try JSONReader.documents(Array(trimmed.utf8), file: cursor.file)
            } catch {
                throw cursor.error("invalid \(annotation) annotation: \(error.message)")
            }
            guard let root = docs.first else { return [] }
            var out: [AttachmentRequest] = []
            for item in try Cursor(node: root.root, file: cursor.file).array() {
                guard item.isMapping else { throw cursor.error("invalid \(annotation) annotation: expected objects") }
                let name = try item.required("name").string()
                let ns = try item.optional("namespace")?.string() ?? podNamespace
                let ips = try item.stringArray("ips").compactMap { addressPart($0) }
                out.append(
                    AttachmentRequest(
                        network: qualified(name, ns), interface: try item.optional("interface")?.string(), ips: ips))
            }
            return out
        }
        var out: [AttachmentRequest] = []
        for part in trimmed.split(separator: ",") {
            let entry = part.trimmingWhitespace()
            guard !entry.isEmpty else { continue }
            let pieces = entry.split(separator: "@", maxSplits: 1)
            out.append(
                AttachmentRequest(
                    network: qualified(String(pieces[0]), podNamespace),
                    interface: pieces.count == 2 ? String(pieces[1]) : nil, ips: []))
        }
        return out
    }

    /// `namespace/name` for a name that may already carry its namespace.
    static func qualified(_ name: String, _ namespace: String) -> String {
        name.contains("/") ? name : "\(namespace)/\(name)"
    }

    /// The address of `10.0.0.5/24` or `10.0.0.5`.
    static func addressPart(_ text: String) -> IPAddress? {
        IPAddress(text.split(separator: "/").first ?? "")
    }
}

/// One entry of a pod's `k8s.v1.cni.cncf.io/network-status` annotation (what Multus attached).
struct AttachmentStatus: Sendable {
    var network: String
    var interface: String?
    var ips: [IPAddress]
    var isDefault: Bool

    /// Parses the annotation's JSON list; unreadable status is ignored (it is informational).
    static func parse(_ text: String, podNamespace: String, file: String) -> [AttachmentStatus] {
        guard let docs = try? JSONReader.documents(Array(text.utf8), file: file), let root = docs.first,
            let items = try? Cursor(node: root.root, file: file).array()
        else { return [] }
        var out: [AttachmentStatus] = []
        for item in items {
            guard let name = try? item.optional("name")?.string() else { continue }
            let ips = ((try? item.stringArray("ips")) ?? []).compactMap { AttachmentRequest.addressPart($0) }
            out.append(
                AttachmentStatus(
                    network: AttachmentRequest.qualified(name, podNamespace),
                    interface: try? item.optional("interface")?.string(), ips: ips,
                    isDefault: (try? item.optional("default")?.bool()) ?? false))
        }
        return out
    }
}
