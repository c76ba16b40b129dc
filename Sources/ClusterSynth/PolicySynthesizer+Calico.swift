import InterlockCore

extension PolicySynthesizer {
    /// Calico policies for scale runs, drawn without randomness (so that the other objects of a seed stay
    /// the same): a `security` Tier (order 100) and `count` policies, in turn a GlobalNetworkPolicy of
    /// that tier isolating one tenant (Deny from other tenants, Pass the rest) and a namespaced Calico
    /// NetworkPolicy of the default tier allowing a tier of workloads in to its namespace's pods on
    /// their container ports.
    func generateCalico(count: Int, namespaces: [ClusterSynthesizer.NamespacePlan], emit: (JSON) -> Void) {
        guard count > 0, !namespaces.isEmpty else { return }
        emit(Self.calico("Tier", "security", namespace: nil, spec: .object([("order", 100)])))
        let tenants = Array(Set(namespaces.map(\.tenant))).sorted()
        for i in 0..<count {
            if i % 2 == 0 {
                let tenant = tenants[(i / 2) % tenants.count]
                let rules: [JSON] = [
                    .object([
                        ("action", "Deny"),
                        ("source", .object([("namespaceSelector", .string("has(tenant) && tenant != '\(tenant)'"))])),
                    ]),
                    .object([("action", "Pass")]),
                ]
                let spec: JSON = .object([
                    ("tier", "security"), ("order", .int(10 + i)),
                    ("namespaceSelector", .string("tenant == '\(tenant)'")),
                    ("selector", "all()"), ("types", ["Ingress"]), ("ingress", .array(rules)),
                ])
                emit(Self.calico("GlobalNetworkPolicy", "security.isolate-\(tenant)-\(i)", namespace: nil, spec: spec))
            } else {
                let plan = namespaces[(i / 2) % namespaces.count]
                let workload = plan.workloads[(i / 2) % plan.workloads.count]
                let ports: [JSON] = workload.app.ports.map { .string($0.0) }
                let rule: JSON = .object([
                    ("action", "Allow"), ("protocol", "TCP"),
                    ("source", .object([("selector", .string("tier in {'frontend', 'backend'}"))])),
                    ("destination", .object([("ports", .array(ports.isEmpty ? [.int(80)] : ports))])),
                ])
                let spec: JSON = .object([
                    ("order", .int(100 + i)), ("selector", .string("app == '\(workload.name)'")),
                    ("ingress", .array([rule])),
                ])
                emit(Self.calico("NetworkPolicy", "allow-\(workload.name)-\(i)", namespace: plan.name, spec: spec))
            }
        }
    }

    private static func calico(_ kind: String, _ name: String, namespace: String?, spec: JSON) -> JSON {
        var metadata: Fields = [("name", .string(name))]
        if let namespace { metadata.append(("namespace", .string(namespace))) }
        return .object([
            ("apiVersion", "projectcalico.org/v3"), ("kind", .string(kind)), ("metadata", .object(metadata)),
            ("spec", spec),
        ])
    }
}
