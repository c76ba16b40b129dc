import Documents
import InterlockCore
import Manifests
import Testing

@testable import Policy

/// `policy exposure`: the cases of netpol-analyzer's exposure documentation (docs/exposure_analysis.md and
/// docs/exposure_tests_and_results.md), with their documented lines, and the admin tiers.
@Suite struct ExposureTests {
    /// netpol-analyzer's test workload: hello-world/workload-a with ports 8000, 8050, 8090 (named
    /// local-dns, local-dns2, http).
    static let workloadA = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: hello-world}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: workload-a, namespace: hello-world}
        spec:
          template:
            metadata: {labels: {app: a-app}}
            spec:
              containers:
              - name: hello-world
                ports: [{name: local-dns, containerPort: 8000}, {name: local-dns2, containerPort: 8050}, {name: http, containerPort: 8090}]
        ---

        """

    static let workloadB = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: workload-b, namespace: hello-world}
        spec:
          template:
            metadata: {labels: {app: b-app}}
            spec: {containers: [{name: c, ports: [{containerPort: 8050}]}]}
        ---

        """

    static func report(_ yaml: String) throws -> ExposureReport {
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(yaml, file: "e.yaml"))
        return ExposureReport(PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests)))
    }

    /// `WORKLOAD => PEER : CONNS` (`<=` for ingress), in report order.
    static func lines(_ yaml: String) throws -> [String] {
        try report(yaml).items.map {
            "\($0.workload) \($0.direction == .egress ? "=>" : "<=") \($0.peer) : \($0.connections)"
        }
    }

    static func policy(_ spec: String) -> String {
        """
        kind: NetworkPolicy
        apiVersion: networking.k8s.io/v1
        metadata: {name: p, namespace: hello-world}
        spec:
          podSelector: {matchLabels: {app: a-app}}
        \(spec)
        """
    }

    @Test func unmatchedNamespaceSelectorsAreExposures() throws {
        // exposure_multiple_unmatched_rules_test (the matchExpressions selector in kubectl's form).
        let yaml =
            Self.workloadA
            + Self.policy(
                """
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {release: stable}}}]
                  - from: [{namespaceSelector: {matchExpressions: [{key: foo.com/managed-state, operator: In, values: [managed]}]}}]
                    ports: [{port: 8050, protocol: TCP}]
                  - from: [{namespaceSelector: {matchLabels: {effect: NoSchedule}}}]
                    ports: [{port: 8050, protocol: TCP}]
                """)
        #expect(
            try Self.lines(yaml) == [
                "hello-world/workload-a[Deployment] => 0.0.0.0-255.255.255.255 : All Connections",
                "hello-world/workload-a[Deployment] => entire-cluster : All Connections",
                "hello-world/workload-a[Deployment] <= [namespace with {effect=NoSchedule}]/[all pods] : TCP 8050",
                "hello-world/workload-a[Deployment] <= [namespace with {foo.com/managed-state=managed}]/[all pods] : TCP 8050",
                "hello-world/workload-a[Deployment] <= [namespace with {release=stable}]/[all pods] : All Connections",
            ])
        let report = try Self.report(yaml)
        #expect(
            report.unprotected.map { "\($0.workload) \($0.direction)" } == ["hello-world/workload-a[Deployment] egress"]
        )
        // Each item cites its rule and line.
        let rules = report.items.compactMap(\.rule).map { "\($0) \($0.location.line)" }
        #expect(
            rules == [
                "NetworkPolicy hello-world/p ingress rule 2 25", "NetworkPolicy hello-world/p ingress rule 1 23",
                "NetworkPolicy hello-world/p ingress rule 0 22",
            ])
    }

    @Test func podsOfNamedNamespacesAreExposuresUnlessAWorkloadMatches() throws {
        // exposure_test_conn_to_new_pod_in_an_existing_ns, _conn_to_all_pods_in_a_new_ns,
        // _conn_with_only_pod_selector, _conn_with_pod_selector_in_any_ns and _only_matched_rules.
        let yaml =
            Self.workloadA + Self.workloadB
            + Self.policy(
                """
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: backend}}, podSelector: {matchLabels: {app: backend-new}}}]
                    ports: [{port: 8050, protocol: TCP}]
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: backend}}}]
                    ports: [{port: 8000}]
                  - from: [{podSelector: {matchLabels: {role: monitoring}}}]
                    ports: [{port: 8090}]
                  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: monitoring}}}]
                    ports: [{port: 8090}]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: hello-world}}, podSelector: {matchLabels: {app: b-app}}}]
                """)
        #expect(
            try Self.lines(yaml) == [
                "hello-world/workload-b[Deployment] => 0.0.0.0-255.255.255.255 : All Connections",
                "hello-world/workload-b[Deployment] => entire-cluster : All Connections",
                "hello-world/workload-a[Deployment] <= [all namespaces]/[pod with {role=monitoring}] : TCP 8090",
                "hello-world/workload-a[Deployment] <= backend/[all pods] : TCP 8000",
                "hello-world/workload-a[Deployment] <= backend/[pod with {app=backend-new}] : TCP 8050",
                "hello-world/workload-a[Deployment] <= hello-world/[pod with {role=monitoring}] : TCP 8090",
                "hello-world/workload-b[Deployment] <= 0.0.0.0-255.255.255.255 : All Connections",
                "hello-world/workload-b[Deployment] <= entire-cluster : All Connections",
            ])
    }

    @Test func namedPortsResolveOnTheWorkloadForIngressAndStayNamesForEgress() throws {
        // exposure_test_ingress_from_entire_cluster_with_named_ports and
        // exposure_test_egress_to_entire_cluster_with_named_ports.
        let yaml =
            Self.workloadA
            + Self.policy(
                """
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from: [{namespaceSelector: {}}]
                    ports: [{port: local-dns}, {port: http}, {port: absent}]
                  egress:
                  - to: [{namespaceSelector: {}}]
                    ports: [{port: local-dns}, {port: http}]
                """)
        #expect(
            try Self.lines(yaml) == [
                "hello-world/workload-a[Deployment] => entire-cluster : TCP http,local-dns",
                "hello-world/workload-a[Deployment] <= entire-cluster : TCP 8000,8090",
            ])
    }

    @Test func netpolAnalyzersMinimalExample() throws {
        // docs/exposure_analysis.md, "Example Output" (test_exposure_minimal_netpol_analysis).
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: backend}
            spec:
              template:
                metadata: {labels: {app: backendservice}}
                spec: {containers: [{name: server, ports: [{containerPort: 9090}]}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: frontend}
            spec:
              template:
                metadata: {labels: {app: frontend}}
                spec: {containers: [{name: server, ports: [{containerPort: 8080}]}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: backend-netpol}
            spec:
              ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 9090, protocol: TCP}]}]
              podSelector: {matchLabels: {app: backendservice}}
              policyTypes: [Ingress, Egress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: frontend-netpol}
            spec:
              egress:
              - ports: [{port: 9090, protocol: TCP}]
                to: [{podSelector: {matchLabels: {app: backendservice}}}]
              - ports: [{port: 53, protocol: UDP}]
              ingress: [{ports: [{port: 8080, protocol: TCP}]}]
              podSelector: {matchLabels: {app: frontend}}
              policyTypes: [Ingress, Egress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-in-namespace}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """
        let report = try Self.report(yaml)
        #expect(
            report.text == """
                Exposure Analysis Result:
                Egress Exposure:
                default/frontend[Deployment]  =>  0.0.0.0-255.255.255.255 : UDP 53  (NetworkPolicy default/frontend-netpol egress rule 1 at e.yaml:32)
                default/frontend[Deployment]  =>  entire-cluster : UDP 53           (NetworkPolicy default/frontend-netpol egress rule 1 at e.yaml:32)

                Ingress Exposure:
                default/backend[Deployment]   <=  entire-cluster : TCP 9090           (NetworkPolicy default/backend-netpol ingress rule 0 at e.yaml:21)
                default/frontend[Deployment]  <=  0.0.0.0-255.255.255.255 : TCP 8080  (NetworkPolicy default/frontend-netpol ingress rule 0 at e.yaml:33)
                default/frontend[Deployment]  <=  entire-cluster : TCP 8080           (NetworkPolicy default/frontend-netpol ingress rule 0 at e.yaml:33)


                """)
        #expect(report.unprotected.isEmpty)
    }

    @Test func ipBlocksAreTheirEffectiveRanges() throws {
        let yaml =
            Self.workloadA
            + Self.policy(
                """
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.96.0.0/12, 10.112.0.0/12]}}]
                  - to: [{ipBlock: {cidr: "2001:db8::/32"}}]
                """)
        #expect(
            try Self.lines(yaml).filter { $0.contains("=>") } == [
                "hello-world/workload-a[Deployment] => 10.0.0.0-10.95.255.255,10.128.0.0-10.255.255.255 : All Connections",
                "hello-world/workload-a[Deployment] => 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff : All Connections",
            ])
        // With an IPv6 CIDR among the policies, "everything" names the IPv6 space too.
        #expect(
            try Self.lines(yaml).filter { $0.contains("<=") } == [
                "hello-world/workload-a[Deployment] <= 0.0.0.0-255.255.255.255 : All Connections",
                "hello-world/workload-a[Deployment] <= ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections",
                "hello-world/workload-a[Deployment] <= entire-cluster : All Connections",
            ])
    }

    @Test func adminTiersOpenAndProtect() throws {
        // An AdminNetworkPolicy allows monitoring namespaces in and denies the rest of the cluster (so
        // the workload is protected on ingress); its egress allows nodes and a network. The baseline's
        // allow counts only where no NetworkPolicy isolates the workload.
        let yaml =
            Self.workloadA + Self.workloadB
                + """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: guard}
                spec:
                  priority: 5
                  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: a-app}}}}
                  ingress:
                  - {name: monitoring, action: Allow, from: [{namespaces: {matchLabels: {team: monitoring}}}], ports: [{namedPort: http}]}
                  - {name: rest, action: Deny, from: [{namespaces: {}}]}
                  egress:
                  - {name: nodes, action: Allow, to: [{nodes: {matchLabels: {role: gpu}}}, {networks: [192.168.0.0/16]}]}
                ---
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  subject: {namespaces: {}}
                  egress:
                  - {name: dns, action: Allow, to: [{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}], ports: [{portNumber: {protocol: UDP, port: 53}}]}
                  - {name: deny, action: Deny, to: [{namespaces: {}}]}
                ---
                kind: NetworkPolicy
                apiVersion: networking.k8s.io/v1
                metadata: {name: b, namespace: hello-world}
                spec: {podSelector: {matchLabels: {app: b-app}}, policyTypes: [Egress], egress: [{ports: [{port: 443}]}]}
                """
        let report = try Self.report(yaml)
        let lines = try Self.lines(yaml)
        #expect(
            lines == [
                "hello-world/workload-a[Deployment] => 192.168.0.0-192.168.255.255 : All Connections",
                "hello-world/workload-a[Deployment] => [node with {role=gpu}] : All Connections",
                "hello-world/workload-a[Deployment] => kube-system/[pod with {k8s-app=kube-dns}] : UDP 53",
                "hello-world/workload-b[Deployment] => 0.0.0.0-255.255.255.255 : TCP 443",
                "hello-world/workload-b[Deployment] => entire-cluster : TCP 443",
                "hello-world/workload-a[Deployment] <= [namespace with {team=monitoring}]/[all pods] : TCP 8090",
                "hello-world/workload-b[Deployment] <= 0.0.0.0-255.255.255.255 : All Connections",
                "hello-world/workload-b[Deployment] <= entire-cluster : All Connections",
            ])
        #expect(report.items.compactMap(\.rule?.name).contains("monitoring"))
        #expect(
            report.unprotected.map { "\($0.workload) \($0.direction)" } == [
                "hello-world/workload-b[Deployment] ingress"
            ])
    }

    @Test func aPassRuleProtectsNothingButAnEmptyPeerDeniesAll() throws {
        func anp(_ action: String, _ peer: String) -> String {
            Self.workloadA
                + """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: a}
                spec:
                  priority: 1
                  subject: {namespaces: {}}
                  ingress: [{action: \(action), from: [\(peer)]}]
                """
        }
        // Pass hands the traffic on: with no NetworkPolicy, the default allows it.
        #expect(try Self.report(anp("Pass", "{namespaces: {}}")).unprotected.count == 2)
        #expect(try Self.report(anp("Deny", "{namespaces: {}}")).unprotected.count == 1)
        // "Fail closed": a Pass rule whose peer has no field denies all.
        #expect(try Self.report(anp("Pass", "{}")).unprotected.count == 1)
    }

    @Test func jsonCarriesEveryItemWithItsRule() throws {
        let yaml =
            Self.workloadA
            + Self.policy(
                """
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {release: stable}}}]
                """)
        let json = try Self.report(yaml).json.serialized()
        #expect(json.contains("\"peer\": \"[namespace with {release=stable}]/[all pods]\""))
        #expect(json.contains("\"peer_kind\": \"pods\""))
        #expect(json.contains("\"policy\": \"NetworkPolicy hello-world/p\""))
        #expect(json.contains("\"file\": \"e.yaml\""))
        #expect(
            json.contains(
                "\"unprotected\": [\n    {\n      \"workload\": \"hello-world/workload-a[Deployment]\",\n      \"direction\": \"egress\""
            ))
    }
}
