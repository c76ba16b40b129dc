/// Manifests for the fuzz tests (the manifest loader's, the YAML reader's expectations): valid
/// inputs of every shape the decoders read, and the bytes mutations draw from.
public enum ManifestCorpus {
    /// Valid manifests with every shape the decoders read: workloads with ports, services, namespaces,
    /// networks, policies of each kind with selectors, ipBlocks and ports, lists, anchors.
    public static let manifests: [String] = [
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: prod, labels: {team: a}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: prod}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: &l {app: web}}
            spec:
              containers:
              - name: c
                ports: [{name: http, containerPort: 8080, protocol: TCP}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: prod}
        spec: {selector: *l, ports: [{port: 80, targetPort: http}]}
        """,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: prod}
        spec:
          podSelector:
            matchExpressions: [{key: app, operator: In, values: [web, "db"]}]
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {team: a}}
              podSelector: {}
            - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
            ports: [{port: http}, {protocol: UDP, port: 53, endPort: 60}]
          egress: [{to: [{ipBlock: {cidr: "fd00::/8"}}]}]
        """,
        """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: a}
        spec:
          priority: 10
          subject: {namespaces: {matchLabels: {team: a}}}
          ingress:
          - name: deny
            action: Deny
            from: [{namespaces: {}}]
            ports: [{portNumber: {protocol: TCP, port: 22}}, {namedPort: http}, {portRange: {start: 1, end: 9}}]
        """,
        """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: rdma, namespace: prod}
        spec: {config: '{"cniVersion": "0.3.1", "type": "sriov", "ipam": {"type": "whereabouts", "range": "192.168.0.0/24"}}'}
        ---
        apiVersion: k8s.cni.cncf.io/v1beta1
        kind: MultiNetworkPolicy
        metadata: {name: m, namespace: prod, annotations: {k8s.v1.cni.cncf.io/policy-for: prod/rdma}}
        spec: {podSelector: {}, ingress: [{}]}
        """,
        #"{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "labels": {"x": "y"}}, "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 9}]}]}, "status": {"podIP": "10.0.0.5"}}]}"#,
    ]

    /// The characters mutations draw from: YAML's indicators and structure, and JSON's.
    public static let alphabet = Array("{}[]:,-?|>&*!%@#'\"\\ \n\t.0123456789abk/~<=".utf8) + [0x00, 0xC3, 0xA9, 0xFF]
}
