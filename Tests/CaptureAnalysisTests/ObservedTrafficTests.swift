import Capture
import CaptureAnalysis
import CaptureSynth
import Documents
import InterlockCore
import Manifests
import Policy
import PolicyEngine
import TestSupport
import Testing

/// What `policy suggest` reads from connections, on the fixture cluster: workloads, addresses,
/// Services after DNAT, and the connections NetworkPolicy cannot speak of, each counted by reason;
/// and the warnings of a cluster whose labels cannot tell workloads apart.
@Suite struct ObservedTrafficTests {
    static func suggest(_ script: TrafficScript, _ inventory: Inventory) throws -> PolicySuggestion {
        let flows = try CaptureFlows.collect(paths: [try Fixture.write(script)])
        return PolicySuggestion(observed: ObservedTraffic(flows: flows, inventory: inventory), inventory: inventory)
    }

    @Test func edgesAndSkippedConnections() throws {
        let inventory = Fixture.engine.inventory
        var s = TrafficScript()
        // shop/web to the Service db/pg-svc (10.96.0.20:5432 → pod db/pg's port `pg`, 5432).
        s.tcpSession(Fixture.path("10.244.1.2", "10.96.0.20"), clientPort: 40000, serverPort: 5432, exchanges: [(1, 1)])
        // shop/batch to the internet, and node dgx0001 to db/api.
        s.tcpSession(
            Fixture.path("10.244.1.3", "93.184.216.34"), clientPort: 40001, serverPort: 443, exchanges: [(1, 1)])
        s.tcpSession(Fixture.path("10.10.0.1", "10.244.2.3"), clientPort: 40002, serverPort: 9000, exchanges: [(1, 1)])
        // Not for NetworkPolicy: ICMP, RoCEv2 on the RDMA network, SSH between two fabric hosts.
        s.icmpEcho(Fixture.path("10.244.1.2", "10.244.2.2"), identifier: 7, count: 1)
        s.roceWrite(
            Fixture.path("192.168.50.11", "192.168.50.12"), requesterQP: 0x100, responderQP: 0x101, sourcePort: 49152,
            ackSourcePort: 49153, firstPSN: 0, packets: 2, payloadSize: 256)
        s.tcpSession(Fixture.path("10.16.0.1", "10.16.0.2"), clientPort: 40003, serverPort: 22, exchanges: [(1, 1)])
        let suggestion = try Self.suggest(s, inventory)
        let observed = suggestion.observed

        func workload(_ id: String) throws -> ObservedPeer { .workload(try #require(inventory.workloadIndex(id: id))) }
        #expect(
            observed.edges
                == [
                    ObservedEdge(
                        source: try workload("shop/web[Pod]"), destination: try workload("db/pg[Pod]"), proto: .tcp,
                        port: 5432),
                    ObservedEdge(
                        source: try workload("shop/batch[Pod]"), destination: .address(IPAddress("93.184.216.34")!),
                        proto: .tcp,
                        port: 443),
                    ObservedEdge(
                        source: .address(IPAddress("10.10.0.1")!), destination: try workload("db/api[Pod]"),
                        proto: .tcp,
                        port: 9000),
                ].sorted())
        #expect(observed.connections == 6 && observed.covered == 3)
        #expect(observed.skipped == [.noPorts: 1, .secondaryNetwork: 1, .noPod: 1])

        // No kube-dns in this cluster: no DNS rule; the node and the internet host as /32 blocks.
        let yaml = suggestion.yaml
        #expect(!yaml.contains("kube-dns") && !yaml.contains("port: 53"))
        #expect(
            yaml.contains("- ipBlock:\n        cidr: 10.10.0.1/32\n    ports:\n    - protocol: TCP\n      port: 9000\n")
        )
        #expect(
            yaml.contains(
                "- ipBlock:\n        cidr: 93.184.216.34/32\n    ports:\n    - protocol: TCP\n      port: 443\n"))
        // web reaches db/pg in another namespace: namespace AND pod selector in one peer.
        #expect(
            yaml.contains(
                """
                  egress:
                  - to:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: db
                      podSelector:
                        matchLabels:
                          app: pg
                    ports:
                    - protocol: TCP
                      port: 5432

                """))
    }

    /// Namespace `a` holding `items` (YAML list items), loaded.
    static func namespaceA(_ items: [String]) throws -> PolicyInput {
        let yaml =
            (["apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}"] + items)
            .joined(separator: "\n")
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(yaml, file: "a.yaml"))
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    /// A bare pod of namespace `a` as a list item: `status` is `podIP: ...` or `podIPs: [...]`.
    static func pod(_ name: String, labels: String, status: String) -> String {
        "- {apiVersion: v1, kind: Pod, metadata: {name: \(name), namespace: a, labels: \(labels)}, "
            + "spec: {containers: [{name: c, image: i}]}, status: {\(status)}}"
    }

    @Test func labelsThatCannotTellWorkloadsApartAreWarnedAbout() throws {
        let manifests = try Self.namespaceA([
            Self.pod("x", labels: "{app: x}", status: "podIP: 10.244.0.1"),
            Self.pod("y", labels: "{app: x, tier: y}", status: "podIP: 10.244.0.2"),
            Self.pod("z", labels: "{pod-template-hash: 5d8f}", status: "podIP: 10.244.0.3"),
        ]).manifests
        var s = TrafficScript()
        s.tcpSession(Fixture.path("10.244.0.3", "10.244.0.1"), clientPort: 40000, serverPort: 80, exchanges: [(1, 1)])
        s.tcpSession(Fixture.path("10.244.0.2", "10.244.0.1"), clientPort: 40001, serverPort: 81, exchanges: [(1, 1)])
        let suggestion = try Self.suggest(s, manifests.inventory)
        #expect(
            suggestion.warnings == [
                "a/z[Pod] has no stable labels to select it by: it gets no policy, and its observed connections are left out",
                "the selector of a/x[Pod] (app=x) also selects a/y[Pod]",
            ])
        // z gets no policy; x admits y on 81 only (z's connection to 80 is left out).
        #expect(
            suggestion.policies.map(\.name) == [
                "suggested-x-ingress", "suggested-x-egress", "suggested-y-ingress", "suggested-y-egress",
            ])
        #expect(suggestion.policies.map(\.rules) == [1, 0, 0, 1])
        #expect(StableLabels.of(workload: 2, in: manifests.inventory).isEmpty)
    }

    static let guarded = """
        - apiVersion: policy.networking.k8s.io/v1alpha1
          kind: AdminNetworkPolicy
          metadata: {name: no-http-into-x}
          spec:
            priority: 10
            subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}}
            ingress:
            - {name: deny-http, action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 80}}]}
        """

    /// An admin tier outranks NetworkPolicy: what it denies stays denied with the suggestion in force,
    /// and the summary says so.
    @Test func connectionsAnAdminTierDeniesAreListed() throws {
        let input = try Self.namespaceA([
            Self.pod("x", labels: "{app: x}", status: "podIP: 10.244.0.1"),
            Self.pod("y", labels: "{app: y}", status: "podIP: 10.244.0.2"), Self.guarded,
        ])
        var s = TrafficScript()
        s.tcpSession(Fixture.path("10.244.0.2", "10.244.0.1"), clientPort: 40000, serverPort: 80, exchanges: [(1, 1)])
        s.tcpSession(Fixture.path("10.244.0.2", "10.244.0.1"), clientPort: 40001, serverPort: 81, exchanges: [(1, 1)])
        let suggestion = try Self.suggest(s, input.inventory)
        let after = try suggestion.applied(to: input)
        #expect(after.policies.adminPolicies.count == 1 && after.policies.networkPolicies.count == 4)
        let engine = CompiledEngine(inventory: after.inventory, policies: after.policies)
        let denied = suggestion.denied(by: engine)
        #expect(denied.map { PolicySuggestion.describe($0, in: input.inventory) } == ["a/y[Pod] => a/x[Pod] : TCP/80"])
        let check = PolicySuggestion.Check(
            denied: denied,
            diff: ConnectivityDiff(
                before: CompiledEngine(inventory: input.inventory, policies: input.policies),
                beforePolicies: input.policies, after: engine, afterPolicies: after.policies))
        let text = suggestion.text(check, inventory: input.inventory, written: [])
        #expect(text.contains("\nstill denied by the admin tiers: a/y[Pod] => a/x[Pod] : TCP/80\n"))
        // Before: nothing isolated but x's port 80; after: y reaches x on 81 only.
        #expect(
            check.diff.entries.contains {
                $0.source == "a/y[Pod]" && $0.destination == "a/x[Pod]" && $0.after.description == "TCP 81"
            })
    }

    /// IPv6 peers: /128 blocks, read back and allowed.
    @Test func ipv6AddressesAreHostBlocks() throws {
        let input = try Self.namespaceA([Self.pod("x", labels: "{app: x}", status: #"podIPs: [{ip: "fd00:10::1"}]"#)])
        var s = TrafficScript()
        s.tcpSession(Fixture.path("fd00:10::1", "2001:db8::7"), clientPort: 40000, serverPort: 443, exchanges: [(1, 1)])
        let suggestion = try Self.suggest(s, input.inventory)
        #expect(suggestion.observed.edges.map(\.destination) == [.address(IPAddress("2001:db8::7")!)])
        #expect(suggestion.yaml.contains("- ipBlock:\n        cidr: 2001:db8::7/128\n"))
        let after = try suggestion.applied(to: input)
        #expect(suggestion.denied(by: CompiledEngine(inventory: after.inventory, policies: after.policies)).isEmpty)
        let other = ObservedEdge(
            source: suggestion.observed.edges[0].source, destination: .address(IPAddress("2001:db8::8")!), proto: .tcp,
            port: 443)
        let engine = CompiledEngine(inventory: after.inventory, policies: after.policies)
        #expect(!engine.isAllowed(PolicySuggestion.query(other, in: input.inventory)))
    }
}
