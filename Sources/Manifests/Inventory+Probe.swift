import InterlockCore

extension Inventory {
    /// This inventory plus one workload of one unplaced pod that the manifests do not hold (a stand-in
    /// for a pod outside the input, such as an ingress controller), and that pod's index.
    ///
    /// Existing pods keep their indices (the new pod comes last), so endpoints of this inventory stay
    /// valid in the new one; the namespace is created when absent.
    public func adding(
        probe name: String, kind: String, namespace: String, labels: [String: String], at location: SourceLocation
    ) -> (inventory: Inventory, pod: Int) {
        var namespaces = self.namespaces
        if self.namespace(named: namespace) == nil {
            namespaces.append(Namespace(name: namespace, labels: [:], location: nil))
            namespaces.sort { $0.name < $1.name }
        }
        let workload = Workload(
            namespace: namespace, name: name, kind: kind, pods: [pods.count], location: location)
        let at = workloads.firstIndex { $0.id > workload.id } ?? workloads.count
        var workloads = self.workloads
        workloads.insert(workload, at: at)
        var pods = self.pods.map { pod in
            var pod = pod
            if pod.workload >= at { pod.workload += 1 }
            return pod
        }
        pods.append(
            Pod(
                namespace: namespace, name: name, labels: labels, ports: [], hostNetwork: false, nodeName: nil,
                ips: [], interfaces: [], resources: [], workload: at, isRepresentative: true, location: location))
        let inventory = Inventory(
            namespaces: namespaces, nodes: nodes, pods: pods, workloads: workloads, services: services,
            networks: networks)
        return (inventory, pods.count - 1)
    }
}
