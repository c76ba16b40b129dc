import InterlockCore

extension InventoryBuilder {
    /// Groups pods under their workloads, makes representatives for workloads given without pods,
    /// creates referenced namespaces and nodes, and indexes addresses. Returns warnings too. Each pod's
    /// workload, and each workload's pods, are found on up to `threads` threads and joined in order.
    func build(threads: Int) -> (Inventory, [String]) {
        let pods = podsAndInstances()
        var warnings = self.warnings
        if finishedPods > 0, let firstFinishedPod {
            warnings.append(
                "\(firstFinishedPod): \(finishedPods) finished pods (Succeeded or Failed) skipped, this one first")
        }

        // Workload of every pod (by its index in `raw`), then the workloads that have none.
        var members: [WorkloadKey: (location: SourceLocation, pods: [Int])] = [:]
        let raw = Array(pods.values)
        let keys = Parallel.map(raw.count, threads: threads) { workloadKey(of: raw[$0]) }
        for (i, key) in keys.enumerated() {
            members[key, default: (controllers[key.controllerID]?.location ?? raw[i].template.location, [])].pods
                .append(i)
        }
        for c in controllers.values where topController(of: c).name == c.name && topController(of: c).kind == c.kind {
            let key = WorkloadKey(namespace: c.namespace, kind: c.kind, name: c.name)
            if members[key] == nil { members[key] = (c.location, []) }
        }

        var workloads: [Workload] = []
        var outPods: [Pod] = []
        let shared = NetworkDefinition.sharedNetworks(Array(networks.values))
        // Sorted by id, each id built once (the comparison would build two per step).
        let ordered = members.keys.map { ($0.id, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        let grouped = members
        let made = Parallel.map(ordered.count, threads: threads) { index in
            workloadPods(ordered[index], grouped[ordered[index]]!.pods.map { raw[$0] }, index: index, shared: shared)
        }
        for (key, (keyPods, keyWarnings)) in zip(ordered, made) {
            workloads.append(
                Workload(
                    namespace: key.namespace, name: key.name, kind: key.kind,
                    pods: Array(outPods.count..<outPods.count + keyPods.count), location: members[key]!.location))
            outPods += keyPods
            warnings += keyWarnings
        }
        // The pods as grouped and made are copies now: freed on another thread.
        Parallel.release((consume made, consume members, consume grouped, consume raw))

        var allNamespaces = namespaces
        for ns in referencedNamespaces where allNamespaces[ns] == nil {
            allNamespaces[ns] = Namespace(name: ns, labels: [:], location: nil)
        }
        var allNodes = nodes
        for p in pods.values {
            // A declared node keeps its own addresses: only nodes a pod names alone gain the pods' host IPs.
            guard let nodeName = p.template.nodeName, allNodes[nodeName]?.location == nil else { continue }
            var node = allNodes[nodeName] ?? ClusterNode(name: nodeName, labels: [:], addresses: [], location: nil)
            if node.location == nil, let hostIP = p.hostIP, !node.addresses.contains(hostIP) {
                node.addresses.append(hostIP)
            }
            allNodes[nodeName] = node
        }
        let inventory = Inventory(
            namespaces: allNamespaces.values.sorted { $0.name < $1.name },
            nodes: allNodes.values.sorted { $0.name < $1.name },
            pods: outPods, workloads: workloads,
            services: services.values.sorted { $0.id < $1.id },
            networks: networks.values.sorted { $0.id < $1.id })
        return (inventory, warnings + inventory.addressConflicts)
    }

    /// The pods of workload number `index` (`key`, with the pods read for it; a representative when
    /// none was), sorted by name, and the warning when their labels differ.
    func workloadPods(_ key: WorkloadKey, _ raw: [RawPod], index: Int, shared: [String: String]) -> ([Pod], [String]) {
        var out: [Pod] = []
        if raw.isEmpty, let c = controllers[key.controllerID] {
            out.append(
                makePod(
                    namespace: key.namespace, name: key.name, template: c.template, ips: [],
                    status: [], workload: index, representative: true, shared: shared))
        }
        for p in raw.sorted(by: { $0.name < $1.name }) {
            out.append(
                makePod(
                    namespace: p.namespace, name: p.name, template: p.template, ips: p.ips,
                    status: p.status, workload: index, representative: false, shared: shared))
        }
        return (out, raw.count > 1 ? labelWarnings(raw, workload: key) : [])
    }

    /// Follows controlling owners through the controllers present, up to the top one.
    func topController(of controller: Controller) -> Controller {
        var current = controller
        for _ in 0..<8 {
            guard let owner = current.owner, let next = existingController(owner, namespace: current.namespace) else {
                break
            }
            current = next
        }
        return current
    }

    /// The controller an owner reference names, when present; a ReplicaSet or Job that is absent
    /// still leads to its Deployment or CronJob when that is present and the names match the way
    /// those controllers name what they create (`deployment-<pod-template-hash>`, `cronjob-<time>`).
    /// An owner reference without a kind names the first controller kind, in `ownerKinds` order, for
    /// which that holds.
    func existingController(_ owner: OwnerRef, namespace: String, podTemplateHash: String? = nil) -> Controller? {
        if owner.kind.isEmpty {
            return Self.ownerKinds.lazy.compactMap {
                existingController(
                    OwnerRef(kind: $0, name: owner.name), namespace: namespace, podTemplateHash: podTemplateHash)
            }.first
        }
        if let c = controllers["\(namespace)/\(owner.kind)/\(owner.name)"] { return c }
        switch owner.kind {
        case "ReplicaSet":
            guard let hash = podTemplateHash, owner.name.hasSuffix("-" + hash) else { return nil }
            return controllers["\(namespace)/Deployment/\(owner.name.dropLast(hash.count + 1))"]
        case "Job":
            guard let dash = owner.name.lastIndex(of: "-"),
                owner.name[owner.name.index(after: dash)...].allSatisfy(\.isNumber)
            else { return nil }
            return controllers["\(namespace)/CronJob/\(owner.name[..<dash])"]
        default:
            return nil
        }
    }

    /// The kinds an owner reference without a kind is tried as, the kinds that own pods first.
    static let ownerKinds = [
        "ReplicaSet", "Job", "StatefulSet", "DaemonSet", "ReplicationController", "Deployment", "CronJob",
    ]

    func workloadKey(of pod: RawPod) -> WorkloadKey {
        // Mirror pods of static pods are owned by their Node: each stays a pod of its own.
        guard let owner = pod.owner, owner.kind != "Node" else {
            return WorkloadKey(namespace: pod.namespace, kind: "Pod", name: pod.name)
        }
        if let c = existingController(
            owner, namespace: pod.namespace, podTemplateHash: pod.template.labels["pod-template-hash"])
        {
            let top = topController(of: c)
            return WorkloadKey(namespace: top.namespace, kind: top.kind, name: top.name)
        }
        return WorkloadKey(namespace: pod.namespace, kind: owner.kind, name: owner.name)
    }

    /// Labels that legitimately differ between pods of one workload.
    static let perPodLabels: Set<String> = [
        "pod-template-hash", "controller-revision-hash", "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index", "batch.kubernetes.io/job-completion-index", "job-completion-index",
        "pod-template-generation",
    ]

    func labelWarnings(_ pods: [RawPod], workload: WorkloadKey) -> [String] {
        func significant(_ p: RawPod) -> [String: String] {
            p.template.labels.filter { !Self.perPodLabels.contains($0.key) }
        }
        let first = pods.sorted { $0.name < $1.name }[0]
        guard let other = pods.first(where: { significant($0) != significant(first) }) else { return [] }
        return [
            "\(other.template.location): pods of \(workload.id) have different labels (\(first.name), \(other.name)); workload-level results use \(first.name)"
        ]
    }

    func makePod(
        namespace: String, name: String, template: PodTemplate, ips: [IPAddress], status: [AttachmentStatus],
        workload: Int, representative: Bool, shared: [String: String]
    ) -> Pod {
        var interfaces: [PodInterface] = []
        let rdmaResources = template.resources.contains { $0.lowercased().contains("rdma") }
        for (i, request) in template.attachments.enumerated() {
            let name = request.interface ?? "net\(i + 1)"
            let fromStatus =
                status.first { !$0.isDefault && $0.interface == name }
                ?? status.first { !$0.isDefault && $0.network == request.network && $0.interface == nil }
            let definition = networks[request.network]
            var kind = definition?.kind ?? .kernel
            if kind == .kernel, rdmaResources,
                definition?.cniTypes.contains(where: { ["macvlan", "ipvlan", "host-device", "sriov"].contains($0) })
                    == true
            {
                kind = .rdma
            }
            interfaces.append(
                PodInterface(
                    network: shared[request.network] ?? request.network, interface: name,
                    ips: fromStatus?.ips ?? request.ips, kind: kind))
        }
        return Pod(
            namespace: namespace, name: name, labels: template.labels, ports: template.ports,
            hostNetwork: template.hostNetwork, nodeName: template.nodeName, ips: ips, interfaces: interfaces,
            resources: template.resources, resourceQuantities: template.resourceQuantities,
            serviceAccount: template.serviceAccount, workload: workload, isRepresentative: representative,
            location: template.location)
    }
}

/// A workload's identity while pods are grouped: sorted by namespace, name, then kind, as ids sort.
struct WorkloadKey: Hashable, Comparable {
    var namespace: String
    var kind: String
    var name: String

    var controllerID: String { "\(namespace)/\(kind)/\(name)" }
    var id: String { "\(namespace)/\(name)[\(kind)]" }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.id < rhs.id }
}
