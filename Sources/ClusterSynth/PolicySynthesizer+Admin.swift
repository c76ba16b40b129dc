import InterlockCore

extension PolicySynthesizer {
    /// AdminNetworkPolicies isolating tenants (Allow monitoring, Pass DNS, Deny other tenants), at
    /// priorities spread over 1...1000 without ties, and the BaselineAdminNetworkPolicy `default`
    /// denying dev namespaces' ingress into prod.
    mutating func generateAdmin(count: Int, namespaces: [ClusterSynthesizer.NamespacePlan], emit: (JSON) -> Void) {
        let tenants = Array(Set(namespaces.map(\.tenant))).sorted()
        let step = max(1, 1000 / max(1, count))
        for i in 0..<count {
            let tenant = tenants[i % tenants.count]
            let subject: JSON = .object([("namespaces", Self.labels(("tenant", tenant)))])
            let monitoring: JSON = .object([("namespaces", Self.labels(("kubernetes.io/metadata.name", "monitoring")))])
            let others: JSON = .object([
                (
                    "namespaces",
                    .object([
                        (
                            "matchExpressions",
                            .array([
                                .object([
                                    ("key", "tenant"), ("operator", "NotIn"), ("values", .array([.string(tenant)])),
                                ])
                            ])
                        )
                    ])
                )
            ])
            let dns: JSON = .object([
                (
                    "pods",
                    .object([
                        ("namespaceSelector", Self.labels(("kubernetes.io/metadata.name", "kube-system"))),
                        ("podSelector", Self.labels(("k8s-app", "kube-dns"))),
                    ])
                )
            ])
            let metricsPort: JSON = .object([("portNumber", .object([("protocol", "TCP"), ("port", 9100)]))])
            let dnsPorts: [JSON] = [
                .object([("portNumber", .object([("protocol", "UDP"), ("port", 53)]))]),
                .object([("portNumber", .object([("protocol", "TCP"), ("port", 53)]))]),
            ]
            let ingress: [JSON] = [
                .object([
                    ("name", "allow-monitoring"), ("action", "Allow"), ("from", .array([monitoring])),
                    ("ports", .array([metricsPort])),
                ]),
                .object([("name", "deny-other-tenants"), ("action", "Deny"), ("from", .array([others]))]),
            ]
            let egress: [JSON] = [
                .object([("name", "pass-dns"), ("action", "Pass"), ("to", .array([dns])), ("ports", .array(dnsPorts))]),
                .object([("name", "deny-other-tenants"), ("action", "Deny"), ("to", .array([others]))]),
            ]
            emit(
                .object([
                    ("apiVersion", "policy.networking.k8s.io/v1alpha1"), ("kind", "AdminNetworkPolicy"),
                    ("metadata", .object([("name", .string("isolate-\(tenant)-\(i)"))])),
                    (
                        "spec",
                        .object([
                            ("priority", .int(min(1000, 1 + i * step))), ("subject", subject),
                            ("ingress", .array(ingress)), ("egress", .array(egress)),
                        ])
                    ),
                ]))
        }
        emit(
            .object([
                ("apiVersion", "policy.networking.k8s.io/v1alpha1"), ("kind", "BaselineAdminNetworkPolicy"),
                ("metadata", .object([("name", "default")])),
                (
                    "spec",
                    .object([
                        ("subject", .object([("namespaces", Self.labels(("env", "prod")))])),
                        (
                            "ingress",
                            .array([
                                .object([
                                    ("name", "deny-from-dev"), ("action", "Deny"),
                                    ("from", .array([.object([("namespaces", Self.labels(("env", "dev")))])])),
                                ])
                            ])
                        ),
                    ])
                ),
            ]))
    }
}
