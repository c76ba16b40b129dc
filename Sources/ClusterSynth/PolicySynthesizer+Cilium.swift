import InterlockCore

extension PolicySynthesizer {
    /// CiliumNetworkPolicies over the planned namespaces, round-robin: each selects one workload (by `app`),
    /// admits its namespace's frontends on the workload's first port (through an HTTP rule one time in three)
    /// and the monitoring namespace on `metrics`, allows DNS to kube-dns through a DNS rule and the rest of the
    /// cluster, and one in four denies the world; one in ten is instead a CiliumClusterwideNetworkPolicy
    /// denying dev namespaces' egress to the cloud metadata address.
    mutating func generateCilium(count: Int, namespaces: [ClusterSynthesizer.NamespacePlan], emit: (JSON) -> Void) {
        let planned = namespaces.filter { !$0.workloads.isEmpty }
        guard !planned.isEmpty else { return }
        for i in 0..<count {
            if i % 10 == 9 {
                emit(metadataLockdown(i))
                continue
            }
            let ns = planned[i % planned.count]
            let w = ns.workloads.randomElement(using: &random)!
            let port: JSON = w.app.ports.first.map { .string($0.0) } ?? "8080"
            var web: Fields = [("ports", .array([.object([("port", port), ("protocol", "TCP")])]))]
            if i % 3 == 0 { web.append(("rules", .object([("http", .array([.object([("method", "GET")])]))]))) }
            let ingress: [JSON] = [
                .object([
                    ("fromEndpoints", .array([Self.labels(("tier", "frontend"))])),
                    ("toPorts", .array([.object(web)])),
                ]),
                .object([
                    ("fromEndpoints", .array([Self.labels(("k8s:io.kubernetes.pod.namespace", "monitoring"))])),
                    ("toPorts", .array([.object([("ports", .array([.object([("port", "metrics")])]))])])),
                ]),
            ]
            let dnsPort: JSON = .object([
                ("ports", .array([.object([("port", "53"), ("protocol", "ANY")])])),
                ("rules", .object([("dns", .array([.object([("matchPattern", "*")])]))])),
            ])
            let egress: [JSON] = [
                .object([
                    (
                        "toEndpoints",
                        .array([
                            Self.labels(("k8s:io.kubernetes.pod.namespace", "kube-system"), ("k8s:k8s-app", "kube-dns"))
                        ])
                    ),
                    ("toPorts", .array([dnsPort])),
                ]),
                .object([("toEntities", .array(["cluster"]))]),
            ]
            var spec: Fields = [
                ("endpointSelector", Self.labels(("app", w.name))), ("ingress", .array(ingress)),
                ("egress", .array(egress)),
            ]
            if i % 4 == 0 { spec.append(("ingressDeny", .array([.object([("fromEntities", .array(["world"]))])]))) }
            emit(
                .object([
                    ("apiVersion", "cilium.io/v2"), ("kind", "CiliumNetworkPolicy"),
                    (
                        "metadata",
                        .object([("name", .string("cilium-\(w.name)-\(i)")), ("namespace", .string(ns.name))])
                    ),
                    ("spec", .object(spec)),
                ]))
        }
    }

    private func metadataLockdown(_ i: Int) -> JSON {
        .object([
            ("apiVersion", "cilium.io/v2"), ("kind", "CiliumClusterwideNetworkPolicy"),
            ("metadata", .object([("name", .string("cilium-no-metadata-\(i)"))])),
            (
                "spec",
                .object([
                    ("endpointSelector", Self.labels(("io.cilium.k8s.namespace.labels.env", "dev"))),
                    ("egressDeny", .array([.object([("toCIDR", .array(["169.254.169.254/32"]))])])),
                ])
            ),
        ])
    }
}
