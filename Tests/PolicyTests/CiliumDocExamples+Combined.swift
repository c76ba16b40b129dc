/// Cilium policies together with Kubernetes NetworkPolicy, Services and the admin tier
/// (docs.cilium.io/en/stable/network/kubernetes/policy/).
extension CiliumDocExample {
    static let combined: [CiliumDocExample] = {
        let np = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: np, namespace: ns1}
            spec:
              podSelector: {matchLabels: {role: backend}}
              ingress:
              - from:
                - podSelector: {matchLabels: {io.cilium.k8s.namespace.labels.team: a, name: leia}}
            ---

            """
        let union =
            np
            + C.cnp(
                "cnp",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.cluster: default, role: frontend}}]
                """)
        let service = """
            apiVersion: v1
            kind: Service
            metadata: {name: backend, namespace: ns1}
            spec:
              selector: {role: backend}
              ports: [{port: 80}]
            ---

            """
        let anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: admin}
            spec:
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - action: Allow
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {name: leia}}}}]
              - action: Deny
                from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {role: frontend}}}}]
            ---

            """
        return [
            // Kubernetes NetworkPolicy and Cilium policies together: allows are unioned; under Cilium a
            // NetworkPolicy selecting on the identity labels (namespace labels, cluster name) matches.
            CiliumDocExample(
                "union with NetworkPolicy, identity labels", union,
                verdicts: """
                    ns1/leia ns1/backend allowed
                    ns1/frontend ns1/backend allowed
                    ns1/luke ns1/backend denied
                    """),
            CiliumDocExample(
                "identity label of another cluster", union, clusterName: "prod",
                verdicts: """
                    ns1/frontend ns1/backend denied
                    ns1/leia ns1/backend allowed
                    """),
            // `toServices` by name: the pods the Service selects.
            CiliumDocExample(
                "toServices",
                C.cnp(
                    "to-service",
                    """
                    spec:
                      endpointSelector: {matchLabels: {role: frontend}}
                      egress:
                      - toServices:
                        - k8sService: {serviceName: backend, namespace: ns1}
                    """), extra: service,
                verdicts: """
                    ns1/frontend ns1/backend allowed
                    ns1/frontend ns1/leia denied
                    """),
            // The admin tier is decided before Cilium's rules: an AdminNetworkPolicy Allow beats a Cilium deny,
            // and its Deny beats a Cilium allow.
            CiliumDocExample(
                "admin tier first",
                anp
                    + C.cnp(
                        "cnp",
                        """
                        spec:
                          endpointSelector: {matchLabels: {role: backend}}
                          ingressDeny:
                          - fromEndpoints: [{matchLabels: {name: leia}}]
                          ingress:
                          - fromEndpoints: [{matchLabels: {role: frontend}}]
                        """),
                verdicts: """
                    ns1/leia ns1/backend allowed
                    ns1/frontend ns1/backend denied
                    """),
        ]
    }()
}
