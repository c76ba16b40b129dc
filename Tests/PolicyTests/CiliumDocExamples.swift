/// The examples of Cilium's documentation (docs.cilium.io/en/stable/security/policy/language/,
/// .../kubernetes/, .../deny/), each with the verdicts the documentation states.
extension CiliumDocExample {
    typealias C = CiliumCluster

    /// Layer 3, "Simple Ingress Allow": "endpoints with the label role=backend can only receive packets from
    /// endpoints with the label role=frontend"; egress stays open.
    static let simpleIngressAllow = CiliumDocExample(
        "Simple Ingress Allow",
        C.cnp(
            "l3-rule",
            """
            spec:
              endpointSelector: {matchLabels: {role: backend}}
              ingress:
              - fromEndpoints:
                - matchLabels: {role: frontend}
            """),
        verdicts: """
            ns1/frontend ns1/backend allowed
            ns1/devpod ns1/backend allowed
            ns1/leia ns1/backend denied
            8.8.8.8 ns1/backend denied
            ns1/backend ns1/leia allowed
            """)

    /// "Additional Label Requirements": with `fromRequires env=prod` and an allow from role=frontend, only
    /// frontends that are also env=prod get in.
    static let fromRequires = CiliumDocExample(
        "fromRequires",
        C.cnp(
            "requires-rule",
            """
            specs:
              - description: "For endpoints with env=prod, only allow if source also has label env=prod"
                endpointSelector: {matchLabels: {env: prod}}
                ingress:
                - fromRequires:
                  - matchLabels: {env: prod}
            """)
            + C.cnp(
                "l3-rule",
                """
                specs:
                  - description: "For endpoints with env=prod, allow if source also has label role=frontend"
                    endpointSelector: {matchLabels: {env: prod}}
                    ingress:
                    - fromEndpoints:
                      - matchLabels: {role: frontend}
                """),
        verdicts: """
            ns1/frontend ns1/backend allowed
            ns1/devpod ns1/backend denied
            """)

    /// Layer 7 with service accounts: the example selects on `io.cilium.k8s.policy.serviceaccount`.
    static let serviceAccounts = CiliumDocExample(
        "L7 by service account",
        C.cnp(
            "k8s-svc-account",
            """
            spec:
              endpointSelector: {matchLabels: {io.cilium.k8s.policy.serviceaccount: leia}}
              ingress:
              - fromEndpoints:
                - matchLabels: {io.cilium.k8s.policy.serviceaccount: luke}
                toPorts:
                - ports: [{port: '80', protocol: TCP}]
                  rules:
                    http:
                    - method: GET
                      path: "/public$"
            """),
        verdicts: """
            ns1/luke ns1/leia L7
            ns1/frontend ns1/leia denied
            """)

    /// Host policies (`nodeSelector`, clusterwide only) are read and select no pod.
    static let hostPolicy = CiliumDocExample(
        "host policy selects no pod",
        C.cnp("host-fw", "spec:\n  nodeSelector: {}\n  ingress:\n  - {}", kind: "CiliumClusterwideNetworkPolicy"),
        verdicts: "ns1/frontend ns1/backend allowed")

    static let all: [CiliumDocExample] =
        [simpleIngressAllow, fromRequires] + namespaces + defaultDeny + entities + cidr + layer4 + deny + layer7
        + [serviceAccounts] + combined + [hostPolicy, serviceSelector, clusterwideServiceSelector, cidrGroupSelector]
        + cloudGroups + reservedLabels

    /// A namespaced policy's selectors are limited to its namespace unless they name one
    /// (Kubernetes > Namespaces: "k8s-expose-across-namespace").
    static let namespaces = [
        CiliumDocExample(
            "k8s-expose-across-namespace",
            C.cnp(
                "k8s-expose-across-namespace",
                """
                spec:
                  endpointSelector: {matchLabels: {name: leia}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {k8s:io.kubernetes.pod.namespace: ns2, name: luke}
                """),
            verdicts: """
                ns2/luke ns1/leia allowed
                ns1/luke ns1/leia denied
                """),
        CiliumDocExample(
            "selectors default to the policy namespace",
            C.cnp(
                "same-namespace",
                """
                spec:
                  endpointSelector: {matchLabels: {name: leia}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {name: luke}
                """),
            verdicts: """
                ns1/luke ns1/leia allowed
                ns2/luke ns1/leia denied
                """),
        // An endpointSelector naming another namespace: Cilium removes the "illegal namespace match" and applies
        // the rule in the policy's namespace (ns1/luke is isolated, ns2/luke is not selected).
        CiliumDocExample(
            "endpointSelector stays in the policy namespace",
            C.cnp(
                "elsewhere",
                """
                spec:
                  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: ns2, name: luke}}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {role: frontend}
                """),
            verdicts: """
                ns1/frontend ns1/luke allowed
                ns1/leia ns1/luke denied
                ns1/leia ns2/luke allowed
                """),
    ]

    /// "Ingress/Egress Default Deny": a rule list holding one empty rule puts the endpoints into default deny
    /// and allows nothing; an empty list (`ingress: []`) "does not apply". `enableDefaultDeny: {ingress: false,
    /// egress: false}`: the policy's allows add to others' but do not isolate ("This is useful for creating
    /// broad-based network policies that will not cause endpoints to enter default-deny").
    static let defaultDeny = [
        CiliumDocExample(
            "empty rule: default deny",
            C.cnp("deny-all-ingress", "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress:\n  - {}"),
            verdicts: """
                ns1/frontend ns1/backend denied
                ns1/backend ns1/frontend allowed
                """),
        CiliumDocExample(
            "empty list does not apply",
            C.cnp("nothing", "spec:\n  endpointSelector: {matchLabels: {role: backend}}\n  ingress: []"),
            verdicts: "ns1/frontend ns1/backend allowed"),
        CiliumDocExample(
            "enableDefaultDeny false",
            C.cnp(
                "allow-dns",
                """
                spec:
                  endpointSelector: {}
                  enableDefaultDeny: {egress: false, ingress: false}
                  egress:
                  - toEndpoints:
                    - matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
                """, kind: "CiliumClusterwideNetworkPolicy"),
            verdicts: """
                ns2/client ns1/backend allowed
                ns2/client 8.8.8.8 allowed
                """),
    ]

    /// Entities: "Access to/from local host" (`toEntities: [host]`), "Access to/from outside cluster"
    /// (`world`), `remote-node` and `cluster`.
    static let entities = [
        CiliumDocExample(
            "entity host",
            C.cnp(
                "dev-to-host", "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [host]"
            ),
            verdicts: """
                ns1/devpod node/n2 allowed
                ns1/devpod node/n1 denied
                ns1/devpod 8.8.8.8 denied
                ns1/devpod ns1/backend denied
                """),
        CiliumDocExample(
            "entity world",
            C.cnp(
                "to-world", "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [world]"),
            verdicts: """
                ns1/devpod 8.8.8.8 allowed
                ns1/devpod node/n1 denied
                ns1/devpod ns1/backend denied
                """),
        CiliumDocExample(
            "entities remote-node, kube-apiserver",
            C.cnp(
                "to-nodes",
                "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [remote-node, kube-apiserver]"
            ),
            verdicts: """
                ns1/devpod node/n1 allowed
                ns1/devpod node/n2 allowed
                ns1/devpod 8.8.8.8 denied
                """),
        CiliumDocExample(
            "entity cluster",
            C.cnp(
                "to-cluster",
                "spec:\n  endpointSelector: {matchLabels: {env: dev}}\n  egress:\n  - toEntities: [cluster]"),
            verdicts: """
                ns1/devpod ns2/client allowed
                ns1/devpod node/n1 allowed
                ns1/devpod 8.8.8.8 denied
                """),
    ]

    /// Layer 3 CIDR: "allow app=myService to talk to 20.1.1.1/32 and 10.0.0.0/8 except 10.96.0.0/12"; CIDR
    /// rules do not select endpoints of the cluster. `cidrGroupRef` through a CiliumCIDRGroup (CIDR >
    /// "Selecting CIDRs with CiliumCIDRGroup").
    static let cidr = [
        CiliumDocExample(
            "toCIDR and toCIDRSet",
            C.cnp(
                "cidr-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                  - toCIDR:
                    - 20.1.1.1/32
                  - toCIDRSet:
                    - cidr: 10.0.0.0/8
                      except:
                      - 10.96.0.0/12
                """),
            verdicts: """
                ns1/devpod 20.1.1.1 allowed
                ns1/devpod 20.1.1.2 denied
                ns1/devpod 10.200.0.1 allowed
                ns1/devpod 10.96.0.1 denied
                ns1/devpod ns1/backend denied
                """),
        CiliumDocExample(
            "cidrGroupRef",
            """
            apiVersion: cilium.io/v2alpha1
            kind: CiliumCIDRGroup
            metadata: {name: vpn-example-1}
            spec:
              externalCIDRs: ["10.48.0.0/24", "10.16.0.0/24"]
            ---

            """
                + C.cnp(
                    "from-vpn-example",
                    """
                    spec:
                      endpointSelector: {matchLabels: {role: backend}}
                      ingress:
                      - fromCIDRSet:
                        - cidrGroupRef: vpn-example-1
                    """),
            verdicts: """
                10.48.0.7 ns1/backend allowed
                10.16.0.200 ns1/backend allowed
                10.17.0.1 ns1/backend denied
                """),
    ]

    /// Layer 4: "allow app=myService to emit packets using TCP on port 80 to any layer 3 destination", the
    /// port range example (`endPort`) and a named port.
    static let layer4 = [
        CiliumDocExample(
            "l4-rule",
            C.cnp(
                "l4-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                    - toPorts:
                      - ports:
                        - port: "80"
                          protocol: TCP
                """),
            verdicts: """
                ns1/devpod ns1/backend allowed
                ns1/devpod 8.8.8.8 allowed
                ns1/devpod 8.8.8.8 TCP/443 denied
                ns1/devpod 8.8.8.8 UDP/80 denied
                """),
        CiliumDocExample(
            "l4-port-range-rule",
            C.cnp(
                "l4-port-range-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                    - toPorts:
                      - ports:
                        - port: "80"
                          endPort: 444
                          protocol: TCP
                """),
            verdicts: """
                ns1/devpod 8.8.8.8 TCP/443 allowed
                ns1/devpod 8.8.8.8 TCP/445 denied
                """),
        CiliumDocExample(
            "named port",
            C.cnp(
                "named-port",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - toPorts:
                    - ports:
                      - port: http
                """),
            verdicts: """
                ns1/frontend ns1/backend TCP/80 allowed
                ns1/frontend ns1/backend TCP/81 denied
                """),
    ]
}
