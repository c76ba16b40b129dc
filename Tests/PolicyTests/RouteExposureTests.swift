import Documents
import InterlockCore
import Manifests
import Testing

@testable import Policy

/// Ingress, OpenShift Route and Gateway API routes followed through their Services to pods and ports,
/// and the `{ingress-controller}` connlist rows they give (fixtures written from the API references).
@Suite struct RouteExposureTests {
    static func input(_ yaml: String) throws -> PolicyInput {
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(yaml, file: "r.yaml"))
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    /// Two pods of one Deployment whose `http` port has different numbers, a Deployment with UDP and
    /// TCP ports, Services over them, and a namespace `other` with its own Service.
    static let cluster = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web-1, namespace: a, labels: {app: web}, ownerReferences: [{kind: ReplicaSet, name: web-5d8f, controller: true}]}
        spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}]}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-2, namespace: a, labels: {app: web}, ownerReferences: [{kind: ReplicaSet, name: web-5d8f, controller: true}]}
        spec: {containers: [{name: c, ports: [{name: http, containerPort: 8081}, {name: admin, containerPort: 9000}]}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns, namespace: a}
        spec:
          template:
            metadata: {labels: {app: dns}}
            spec: {containers: [{name: c, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 8053}]}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: a}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 9000}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: dns, namespace: a}
        spec:
          selector: {app: dns}
          ports: [{name: dns, port: 53, protocol: UDP}, {name: doh, port: 443, targetPort: 8053}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: manual, namespace: a}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: store, namespace: other}
        spec:
          template:
            metadata: {labels: {app: store}}
            spec: {containers: [{name: c, ports: [{containerPort: 7000}]}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: store, namespace: other}
        spec: {selector: {app: store}, ports: [{port: 7000}]}
        ---

        """

    /// `workload:port` for every exposed port, and the problems' messages.
    static func exposed(_ routes: String) throws -> (ports: Set<String>, problems: [String]) {
        let i = try input(cluster + routes)
        let ports = Set(
            i.manifests.exposedPorts.map { e in
                "\(i.inventory.workloads[i.inventory.pods[e.pod].workload].id) \(i.inventory.pods[e.pod].name):\(e.port)"
            })
        return (ports, i.manifests.routeProblems.map(\.message))
    }

    @Test func ingressByPortNumberAndNameAndDefaultBackend() throws {
        let r = try Self.exposed(
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: i, namespace: a}
            spec:
              defaultBackend: {service: {name: dns, port: {name: doh}}}
              rules:
              - http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                  - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: b}}}
            """)
        // Service port 80 targets the named port http, resolved per pod: 8080 on web-1, 8081 on web-2.
        #expect(
            r.ports == [
                "a/web-5d8f[ReplicaSet] web-1:8080", "a/web-5d8f[ReplicaSet] web-2:8081", "a/dns[Deployment] dns:8053",
            ])
        #expect(
            r.problems == [
                "Ingress a/i: backend is not a Service (a resource backend): no workload exposure is derived from it"
            ])
    }

    @Test func openShiftRouteTargetPortAndAlternateBackends() throws {
        // No port: every Service port (TCP ones); alternateBackends count too.
        let all = try Self.exposed(
            """
            apiVersion: route.openshift.io/v1
            kind: Route
            metadata: {name: r, namespace: a}
            spec: {to: {kind: Service, name: web}, alternateBackends: [{kind: Service, name: dns, weight: 10}]}
            """)
        #expect(
            all.ports == [
                "a/web-5d8f[ReplicaSet] web-1:8080", "a/web-5d8f[ReplicaSet] web-2:8081",
                "a/web-5d8f[ReplicaSet] web-1:9000",
                "a/web-5d8f[ReplicaSet] web-2:9000", "a/dns[Deployment] dns:8053",
            ])
        // A numeric targetPort is the port on the pods: 8081 is web-2's http only.
        let number = try Self.exposed(
            """
            apiVersion: route.openshift.io/v1
            kind: Route
            metadata: {name: r, namespace: a}
            spec: {to: {name: web}, port: {targetPort: 8081}}
            """)
        #expect(number.ports == ["a/web-5d8f[ReplicaSet] web-2:8081"])
        // A name is the Service port's name.
        let name = try Self.exposed(
            """
            apiVersion: route.openshift.io/v1
            kind: Route
            metadata: {name: r, namespace: a}
            spec: {to: {name: web}, port: {targetPort: admin}, alternateBackends: [{kind: Deployment, name: x}]}
            """)
        #expect(name.ports == ["a/web-5d8f[ReplicaSet] web-1:9000", "a/web-5d8f[ReplicaSet] web-2:9000"])
        #expect(name.problems == ["Route a/r: backend of kind Deployment is not a Service: ignored"])
    }

    @Test func gatewayRoutesNeedAReferenceGrantAcrossNamespaces() throws {
        let routes = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: h, namespace: a}
            spec:
              rules:
              - backendRefs: [{name: web, port: 80}, {name: store, namespace: other, port: 7000}]
                filters: [{type: RequestMirror, requestMirror: {backendRef: {name: dns, port: 443}}}]
              - backendRefs: [{name: web}, {group: example.com, kind: Bucket, name: b}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: g, namespace: a}
            spec: {rules: [{backendRefs: [{name: web, port: 9000}]}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {name: t, namespace: a}
            spec: {rules: [{backendRefs: [{name: dns, port: 53}]}]}
            ---

            """
        let denied = try Self.exposed(routes)
        #expect(
            denied.ports == [
                "a/web-5d8f[ReplicaSet] web-1:8080", "a/web-5d8f[ReplicaSet] web-2:8081", "a/dns[Deployment] dns:8053",
                "a/web-5d8f[ReplicaSet] web-1:9000", "a/web-5d8f[ReplicaSet] web-2:9000",
            ])
        #expect(
            denied.problems.sorted() == [
                "HTTPRoute a/h: backendRef of kind Bucket.example.com is not a Service: ignored",
                "HTTPRoute a/h: backendRef to Service 'web' has no port (required when the referent is a Service)",
                "HTTPRoute a/h: backendRef to Service other/store is not permitted: no ReferenceGrant in namespace other lets HTTPRoutes of a refer to it (RefNotPermitted)",
                "TLSRoute a/t: Service a/dns port 53 is not TCP: ingress controllers and gateways proxy TCP",
            ])
        let granted = try Self.exposed(
            routes
                + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: from-a, namespace: other}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a}]
                  to: [{group: "", kind: Service, name: store}]
                """)
        #expect(granted.ports.contains("other/store[Deployment] store:7000"))
        #expect(granted.problems.count == 3)
    }

    @Test func backendsThatReachNothingAreWarnedAndLinted() throws {
        let i = try Self.input(
            Self.cluster
                + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: typo, namespace: a}
                spec:
                  rules:
                  - http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: wbe, port: {number: 80}}}}
                      - {path: /a, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
                      - {path: /m, pathType: Prefix, backend: {service: {name: manual, port: {number: 80}}}}
                """)
        let messages = i.manifests.routeProblems.map(\.message)
        #expect(
            messages == [
                "Ingress a/typo: names Service a/wbe, which the manifests do not hold",
                "Ingress a/typo: Service a/web has no port 8080 (its ports: 80/TCP 'http', 9000/TCP 'admin')",
                "Ingress a/typo: Service a/manual has no selector: its endpoints are not derived from pods",
            ])
        // Each at the line of its backend, as a warning and as a lint finding.
        #expect(
            i.inputWarnings.contains("r.yaml:58: Ingress a/typo: names Service a/wbe, which the manifests do not hold"))
        let findings = PolicyLinter.lint(i).filter { $0.check == "route-backend" }
        #expect(findings.map(\.location.line) == [58, 59, 60])
        #expect(i.manifests.skippedKinds.isEmpty)
    }

    @Test func ingressControllerSelectorsParseAsKubectlWritesThem() throws {
        let c = try IngressController(
            parsing: "ingress-nginx/app.kubernetes.io/name=ingress-nginx,tier!=debug,!canary,role")
        #expect(c.namespace == "ingress-nginx")
        #expect(c.selector.description == "app.kubernetes.io/name=ingress-nginx,tier notin (debug),!canary,role")
        #expect(try IngressController(parsing: "gw").selector.isEmpty)
        #expect(try IngressController(parsing: "gw/").selector.isEmpty)
        for bad in ["/app=x", "gw/a=b=c", "gw/=x", "gw/!"] {
            #expect(throws: InputError.self) { try IngressController(parsing: bad) }
        }
    }

    /// The example of `policies/exposure`, inline: web open to ingress-nginx on http only, api closed to
    /// the controller, docs open.
    static let shop = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ingress-nginx}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: controller, namespace: ingress-nginx}
        spec:
          template:
            metadata: {labels: {app.kubernetes.io/name: ingress-nginx}}
            spec: {containers: [{name: c}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {containerPort: 8443}]}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}, {name: tls, port: 443, targetPort: 8443}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec: {defaultBackend: {service: {name: web, port: {name: http}}}, rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 443}}}}]}}]}
        ---

        """

    static func lines(_ yaml: String, controller: IngressController = .netpolAnalyzer) throws -> [String] {
        let (probed, sources) = controller.sources(in: try input(yaml))
        let engine = ReferenceEvaluator(inventory: probed.inventory, policies: probed.policies)
        let peers = Connlist.peers(probed.inventory, on: .pod, policies: probed.policies)
        return Connlist.ingressControllerLines(
            engine, exposed: probed.manifests.exposedPorts, sources: sources, peers: peers
        ).map(\.description)
    }

    @Test func controllerRowsIntersectRoutedPortsWithWhatPoliciesAllow() throws {
        // No policy: both routed target ports (8080 and 8443), never the unrouted ones.
        #expect(try Self.lines(Self.shop) == ["{ingress-controller} => shop/web[Deployment] : TCP 8080,8443"])
        let onlyNginx = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
                ports: [{port: http}]
            """
        // netpol-analyzer's stand-in namespace is not let in; the real controller is, on http only.
        #expect(try Self.lines(Self.shop + onlyNginx).isEmpty)
        let nginx = try IngressController(parsing: "ingress-nginx/app.kubernetes.io/name=ingress-nginx")
        #expect(
            try Self.lines(Self.shop + onlyNginx, controller: nginx) == [
                "{ingress-controller} => shop/web[Deployment] : TCP 8080"
            ])
        // The real controller's own egress policy counts too: it may only reach 8443.
        let egress = """

            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: out, namespace: ingress-nginx}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{ports: [{port: 8443}]}]
            """
        #expect(try Self.lines(Self.shop + onlyNginx + egress, controller: nginx).isEmpty)
        #expect(
            try Self.lines(Self.shop + egress, controller: nginx) == [
                "{ingress-controller} => shop/web[Deployment] : TCP 8443"
            ])
    }

    @Test func aStandInControllerMeetsAdminTiersByItsNamespaceAndLabels() throws {
        // A controller absent from the input stands in with the selector's labels: an admin policy that
        // denies its namespace, and one that allows its pod label, decide as for a real pod.
        let anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: edge}
            spec:
              priority: 10
              subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
              ingress:
              - {action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {role: edge}}}}], ports: [{portNumber: {protocol: TCP, port: 8443}}]}
              - {action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: gw}}}]}
            """
        #expect(try Self.lines(Self.shop + anp, controller: IngressController(parsing: "gw")).isEmpty)
        #expect(
            try Self.lines(Self.shop + anp, controller: IngressController(parsing: "gw/role=edge")) == [
                "{ingress-controller} => shop/web[Deployment] : TCP 8443"
            ])
        // Elsewhere the default allows.
        #expect(
            try Self.lines(Self.shop + anp, controller: IngressController(parsing: "edge-ns")) == [
                "{ingress-controller} => shop/web[Deployment] : TCP 8080,8443"
            ])
    }

    @Test func aProbeKeepsEveryExistingEndpoint() throws {
        let i = try Self.input(Self.shop)
        let (probed, pod) = i.inventory.adding(
            probe: "p", kind: "Probe", namespace: "aaa", labels: ["x": "y"], at: SourceLocation(file: "f", line: 1))
        #expect(probed.pods.count == i.inventory.pods.count + 1 && pod == i.inventory.pods.count)
        for (k, p) in i.inventory.pods.enumerated() {
            #expect(probed.workloads[probed.pods[k].workload].id == i.inventory.workloads[p.workload].id)
        }
        #expect(probed.workloads.map(\.id) == probed.workloads.map(\.id).sorted())
        #expect(probed.namespace(named: "aaa")?.labels == [Namespace.nameLabel: "aaa"])
        #expect(probed.workloads[probed.pods[pod].workload].id == "aaa/p[Probe]")
    }
}

extension RouteExposureTests {
    @Test func legacyIngressesAreReadToo() throws {
        // extensions/v1beta1 and networking.k8s.io/v1beta1: `backend` (the default) and
        // `serviceName`/`servicePort` (a Service port number or name).
        let r = try Self.exposed(
            """
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old, namespace: a}
            spec:
              backend: {serviceName: dns, servicePort: doh}
              rules: [{http: {paths: [{path: /, backend: {serviceName: web, servicePort: 80}}]}}]
            """)
        #expect(
            r.ports == [
                "a/web-5d8f[ReplicaSet] web-1:8080", "a/web-5d8f[ReplicaSet] web-2:8081", "a/dns[Deployment] dns:8053",
            ])
        #expect(r.problems.isEmpty)
    }
}
