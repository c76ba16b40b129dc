/// Peers selected by labels rather than by name: Services (`k8sServiceSelector`, Policy Language > "Services
/// based"), CiliumCIDRGroups (`cidrGroupSelector`, "Selecting CIDRs with CiliumCIDRGroup"), and the cloud
/// provider groups (`toGroups`, "Groups based"), which Interlock cannot resolve offline.
extension CiliumDocExample {
    typealias Cluster = CiliumCluster

    /// A namespaced `v1` object of `kind` named `id` (`namespace/name`) with `labels`, then `body`.
    static func object(_ kind: String, _ id: String, labels: String, _ body: String) -> String {
        let parts = id.split(separator: "/")
        let metadata = "{name: \(parts[1]), namespace: \(parts[0]), labels: \(labels)}"
        return "apiVersion: v1\nkind: \(kind)\nmetadata: \(metadata)\n\(body)\n---\n"
    }

    /// The documentation's "service-rule": "allow all endpoints with the label id=app2 to talk to all endpoints
    /// of kubernetes service myservice in kubernetes namespace default as well as all services with label
    /// env=staging in namespace another-namespace". The Services' endpoints are the pods their selectors pick.
    static let serviceSelector: CiliumDocExample = {
        var extra = ""
        for ns in ["default", "another-namespace"] {
            extra += "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(ns)}\n---\n"
        }
        for (id, labels, ip) in [
            ("default/app2", "{id: app2}", "10.0.4.1"), ("default/web", "{app: web}", "10.0.4.2"),
            ("another-namespace/api", "{app: api}", "10.0.5.1"), ("another-namespace/db", "{app: db}", "10.0.5.2"),
        ] {
            let spec = "spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}"
            extra += object("Pod", id, labels: labels, spec + "\nstatus: {podIP: \(ip)}")
        }
        // myservice; two Services of another-namespace, one labelled env=staging; a staging Service elsewhere.
        for (id, labels, selector) in [
            ("default/myservice", "{}", "{app: web}"), ("another-namespace/api", "{env: staging}", "{app: api}"),
            ("another-namespace/db", "{env: prod}", "{app: db}"), ("ns2/client", "{env: staging}", "{app: test-app}"),
        ] {
            extra += object("Service", id, labels: labels, "spec: {selector: \(selector), ports: [{port: 80}]}")
        }
        return CiliumDocExample(
            "toServices by name and by selector",
            Cluster.cnp(
                "service-rule",
                """
                spec:
                  endpointSelector: {matchLabels: {id: app2}}
                  egress:
                  - toServices:
                    - k8sService: {serviceName: myservice, namespace: default}
                    - k8sServiceSelector:
                        selector: {matchLabels: {env: staging}}
                        namespace: another-namespace
                """, ns: "default"), extra: extra,
            verdicts: """
                default/app2 default/web allowed
                default/app2 another-namespace/api allowed
                another-namespace/db another-namespace/api allowed
                default/app2 another-namespace/db denied
                default/app2 ns2/client denied
                default/app2 ns1/backend denied
                """)
    }()

    /// A clusterwide policy's `k8sServiceSelector` without `namespace` selects Services in every namespace.
    static let clusterwideServiceSelector = CiliumDocExample(
        "clusterwide toServices by selector",
        Cluster.cnp(
            "staging-services",
            """
            spec:
              endpointSelector: {matchLabels: {id: app2}}
              egress:
              - toServices:
                - k8sServiceSelector: {selector: {matchLabels: {env: staging}}}
            """, kind: "CiliumClusterwideNetworkPolicy"), extra: serviceSelector.extra,
        verdicts: """
            default/app2 another-namespace/api allowed
            default/app2 ns2/client allowed
            default/app2 another-namespace/db denied
            default/app2 default/web denied
            """)

    /// CiliumCIDRGroups selected by their labels: both groups labelled `vpn: "true"` are allowed in, the third
    /// group and the `except` are not.
    static let cidrGroupSelector = CiliumDocExample(
        "cidrGroupSelector",
        """
        apiVersion: cilium.io/v2alpha1
        kind: CiliumCIDRGroup
        metadata: {name: vpn-example-1, labels: {vpn: "true"}}
        spec:
          externalCIDRs: ["10.48.0.0/24"]
        ---
        apiVersion: cilium.io/v2alpha1
        kind: CiliumCIDRGroup
        metadata: {name: vpn-example-2, labels: {vpn: "true"}}
        spec:
          externalCIDRs: ["10.16.0.0/24"]
        ---
        apiVersion: cilium.io/v2alpha1
        kind: CiliumCIDRGroup
        metadata: {name: office, labels: {vpn: "false"}}
        spec:
          externalCIDRs: ["10.17.0.0/24"]
        ---

        """
            + Cluster.cnp(
                "from-vpn-groups",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - fromCIDRSet:
                    - cidrGroupSelector: {matchLabels: {vpn: "true"}}
                      except: ["10.16.0.128/25"]
                """),
        verdicts: """
            10.48.0.7 ns1/backend allowed
            10.16.0.100 ns1/backend allowed
            10.16.0.200 ns1/backend denied
            10.17.0.1 ns1/backend denied
            """)

    /// "Groups based": `toGroups` with an AWS security group. Offline the group's members are unknown: an allow
    /// through it allows nothing (never more than Cilium would), a deny through it denies every address outside
    /// the cluster (never less), and in-cluster traffic is untouched.
    static let cloudGroups = [
        CiliumDocExample(
            "toGroups allow",
            Cluster.cnp(
                "to-groups",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                  - toGroups:
                    - aws: {securityGroupsIds: [sg-1a2b3c]}
                    toPorts:
                    - ports: [{port: "80", protocol: TCP}]
                """),
            verdicts: """
                ns1/devpod 203.0.113.7 denied
                ns1/devpod ns1/backend denied
                """),
        CiliumDocExample(
            "toGroups deny",
            Cluster.cnp(
                "deny-groups",
                """
                spec:
                  endpointSelector: {matchLabels: {app: myService}}
                  egress:
                  - toEntities: [all]
                  egressDeny:
                  - toGroups:
                    - aws: {securityGroupsIds: [sg-1a2b3c]}
                """),
            verdicts: """
                ns1/devpod 203.0.113.7 denied
                ns1/devpod ns1/backend allowed
                """),
    ]

    /// Endpoint selectors on a reserved label stand for the entity ("Special Identities"; the namespace is not
    /// added to them): a deny of `reserved:world` denies the world, an allow to `reserved:kube-apiserver` reaches
    /// the control-plane node only.
    static let reservedLabels = [
        CiliumDocExample(
            "fromEndpoints reserved:world",
            Cluster.cnp(
                "deny-world",
                """
                spec:
                  endpointSelector: {matchLabels: {role: backend}}
                  ingress:
                  - fromEntities: [all]
                  ingressDeny:
                  - fromEndpoints: [{matchLabels: {"reserved:world": ""}}]
                """),
            verdicts: """
                8.8.8.8 ns1/backend denied
                ns1/frontend ns1/backend allowed
                """),
        CiliumDocExample(
            "toEndpoints reserved:kube-apiserver",
            Cluster.cnp(
                "to-apiserver",
                """
                spec:
                  endpointSelector: {matchLabels: {role: frontend}}
                  egress:
                  - toEndpoints: [{matchExpressions: [{key: "reserved:kube-apiserver", operator: Exists}]}]
                """),
            verdicts: """
                ns1/frontend node/n2 allowed
                ns1/frontend node/n1 denied
                ns1/frontend ns1/backend denied
                """),
    ]
}
