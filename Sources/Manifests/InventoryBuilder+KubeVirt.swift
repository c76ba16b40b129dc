import Documents
import InterlockCore

/// KubeVirt (`kubevirt.io/v1`): a VirtualMachine is a workload controller whose `spec.template` is a
/// VirtualMachineInstance template; a VirtualMachineInstance is the running VM, owned by its
/// VirtualMachine, and runs in a virt-launcher pod that carries the instance's labels and is owned by
/// the instance.
///
/// Counting each VM once: a virt-launcher pod groups under its instance's VirtualMachine (pods under a
/// Deployment, through the ReplicaSet); an instance stands for its virt-launcher pod only when that pod
/// is not given (its addresses then come from the instance's `status.interfaces`).
extension InventoryBuilder {
    /// The kind of a VM's instance, which owns its virt-launcher pod.
    static let instanceKind = "VirtualMachineInstance"

    /// A VirtualMachine: a controller whose pod template is read from the instance template.
    static func virtualMachine(_ object: ManifestObject) throws(InputError) -> Controller {
        let template = try object.cursor.required("spec").required("template")
        return Controller(
            namespace: object.effectiveNamespace, name: object.name, kind: object.kind, owner: try owner(object),
            template: try PodTemplate.instance(
                metadata: template.optional("metadata"), spec: template.optional("spec"),
                namespace: object.effectiveNamespace, nodeName: nil, at: object.location),
            location: object.location)
    }

    /// A VirtualMachineInstance: a controller (so its virt-launcher pod finds it, and through it the
    /// VirtualMachine), and the pod it stands for when its virt-launcher pod is not given.
    static func virtualMachineInstance(_ object: ManifestObject) throws(InputError) -> (Controller, RawPod) {
        let ns = object.effectiveNamespace
        let spec = object.cursor.optional("spec")
        let status = object.cursor.optional("status")
        let template = try PodTemplate.instance(
            metadata: object.metadata, spec: spec, namespace: ns,
            nodeName: try status?.optional("nodeName")?.string(), at: object.location)
        let controller = Controller(
            namespace: ns, name: object.name, kind: object.kind, owner: try owner(object), template: template,
            location: object.location)
        // Which network of `spec.networks` is the pod network, and which NetworkAttachmentDefinition
        // each multus network is, by the network's name (what `status.interfaces[].name` refers to).
        var podNetwork = "default"
        var attachments: [String: String] = [:]
        for network in try spec?.optional("networks")?.array() ?? [] {
            let name = try network.required("name").string()
            if network.optional("pod") != nil { podNetwork = name }
            if let multus = network.optional("multus") {
                attachments[name] = AttachmentRequest.qualified(try multus.required("networkName").string(), ns)
            }
        }
        var ips: [IPAddress] = []
        var attached: [AttachmentStatus] = []
        for interface in try status?.optional("interfaces")?.array() ?? [] {
            var addresses = try interface.stringArray("ipAddresses")
            if let single = try interface.optional("ipAddress")?.string() { addresses.insert(single, at: 0) }
            let parsed = addresses.compactMap { AttachmentRequest.addressPart($0) }
            let name = try interface.optional("name")?.string() ?? podNetwork
            if name == podNetwork {
                for ip in parsed where !ips.contains(ip) { ips.append(ip) }
            } else if let network = attachments[name] {
                attached.append(AttachmentStatus(network: network, interface: nil, ips: parsed, isDefault: false))
            }
        }
        let pod = RawPod(
            namespace: ns, name: object.name, template: template,
            owner: OwnerRef(kind: instanceKind, name: object.name), ips: ips, hostIP: nil, status: attached)
        return (controller, pod)
    }

    /// The real pods, and the instances whose virt-launcher pod is not given (keyed apart from pods).
    func podsAndInstances() -> [String: RawPod] {
        let launched = Set(
            pods.values.compactMap { p in
                p.owner.flatMap { $0.kind == Self.instanceKind ? "\(p.namespace)/\($0.name)" : nil }
            })
        var out = pods
        for (key, instance) in instances where !launched.contains(key) { out["\(Self.instanceKind) \(key)"] = instance }
        return out
    }
}

extension PodTemplate {
    /// A VirtualMachineInstance's spec as a pod template: its labels, the ports of its interfaces
    /// (masquerade binding), its GPUs and host devices as extended resources, and its multus networks
    /// (a multus network marked `default` replaces the pod network and is not a secondary one).
    static func instance(
        metadata: Cursor?, spec: Cursor?, namespace: String, nodeName: String?, at location: SourceLocation
    ) throws(InputError) -> PodTemplate {
        let devices = spec?.optional("domain")?.optional("devices")
        var ports: [ContainerPort] = []
        for interface in try devices?.optional("interfaces")?.array() ?? [] {
            for p in try interface.optional("ports")?.array() ?? [] {
                ports.append(
                    ContainerPort(
                        name: try p.optional("name")?.string(), port: try p.required("port").port(),
                        proto: try p.policyProtocol()))
            }
        }
        var quantities: [String: Int] = [:]
        for key in ["gpus", "hostDevices"] {
            for device in try devices?.optional(key)?.array() ?? [] {
                quantities[try device.required("deviceName").string(), default: 0] += 1
            }
        }
        var attachments: [AttachmentRequest] = []
        for network in try spec?.optional("networks")?.array() ?? [] {
            guard let multus = network.optional("multus"), try multus.optional("default")?.bool() != true else {
                continue
            }
            let name = try multus.required("networkName").string()
            attachments.append(
                AttachmentRequest(network: AttachmentRequest.qualified(name, namespace), interface: nil, ips: []))
        }
        return PodTemplate(
            labels: try metadata?.optional("labels")?.stringMap() ?? [:], ports: ports, hostNetwork: false,
            nodeName: nodeName, resources: quantities.keys.sorted(), resourceQuantities: quantities,
            attachments: attachments, location: location)
    }
}
