import Documents
import InterlockCore
import Manifests
import Testing

@testable import Policy

/// OVN-Kubernetes primary user-defined networks: isolation from the default network and between
/// networks, NetworkPolicy and admin policies inside a network, and the namespace label rule.
@Suite struct UserDefinedNetworkTests {
    static func namespace(_ name: String, labels: String = "k8s.ovn.org/primary-user-defined-network: \"\"") -> String {
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(name), labels: {\(labels)}}\n---\n"
    }

    static func pod(_ ns: String, _ name: String, ip: String, hostNetwork: Bool = false) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: \(ns), labels: {app: \(name)}}
        spec: {nodeName: n1, hostNetwork: \(hostNetwork), containers: [{name: c, ports: [{containerPort: 80}]}]}
        status: {podIP: \(ip)}
        ---

        """
    }

    static func udn(_ ns: String, _ name: String, role: String = "Primary") -> String {
        """
        apiVersion: k8s.ovn.org/v1
        kind: UserDefinedNetwork
        metadata: {name: \(name), namespace: \(ns)}
        spec: {topology: Layer2, layer2: {role: \(role), subnets: [10.100.0.0/16]}}
        ---

        """
    }

    static let cudn = """
        apiVersion: k8s.ovn.org/v1
        kind: ClusterUserDefinedNetwork
        metadata: {name: acme}
        spec:
          namespaceSelector: {matchLabels: {tenant: acme}}
          network:
            topology: Layer3
            layer3: {role: Primary, subnets: [{cidr: 10.50.0.0/16, hostSubnet: 24}]}
        ---

        """

    /// blue and green on their own UserDefinedNetworks, a1 and a2 on the ClusterUserDefinedNetwork,
    /// plain on the default network with a host-network pod, and a node.
    static let base =
        namespace("blue") + namespace("green")
        + namespace("a1", labels: "k8s.ovn.org/primary-user-defined-network: \"\", tenant: acme")
        + namespace("a2", labels: "k8s.ovn.org/primary-user-defined-network: \"\", tenant: acme")
        + namespace("plain", labels: "team: x") + udn("blue", "net") + udn("green", "net") + cudn
        + pod("blue", "api", ip: "10.0.0.1") + pod("blue", "db", ip: "10.0.0.2") + pod("green", "web", ip: "10.0.0.3")
        + pod("a1", "trainer", ip: "10.0.0.4") + pod("a2", "store", ip: "10.0.0.5")
        + pod("plain", "monitor", ip: "10.0.0.6") + pod("plain", "agent", ip: "192.168.0.1", hostNetwork: true)
        + "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {addresses: [{type: InternalIP, address: 192.168.0.1}]}\n---\n"

    static func input(_ extra: String = "") throws -> PolicyInput {
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(base + extra, file: "udn.yaml"))
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    static func allowed(_ ev: ReferenceEvaluator, _ s: String, _ d: String, port: UInt16 = 80) -> Bool {
        let inv = ev.inventory
        func endpoint(_ text: String) -> PolicyEndpoint {
            if text.hasPrefix("node/") { return .node(inv.nodeIndex(named: String(text.dropFirst(5)))!) }
            if let ip = IPAddress(text) { return .external(ip) }
            return .pod(inv.podIndex(id: text)!)
        }
        return ev.isAllowed(
            Query(network: .pod, source: endpoint(s), destination: endpoint(d), proto: .tcp, port: port))
    }

    static func evaluator(_ extra: String = "") throws -> ReferenceEvaluator {
        let i = try input(extra)
        return ReferenceEvaluator(inventory: i.inventory, policies: i.policies)
    }

    @Test func networksAreIsolatedWithoutAnyPolicy() throws {
        let ev = try Self.evaluator()
        #expect(Self.allowed(ev, "blue/api", "blue/db"))
        #expect(Self.allowed(ev, "a1/trainer", "a2/store"), "one ClusterUserDefinedNetwork spans both namespaces")
        #expect(!Self.allowed(ev, "blue/api", "green/web"), "two UserDefinedNetworks of the same name stay apart")
        #expect(!Self.allowed(ev, "blue/api", "a1/trainer"))
        #expect(!Self.allowed(ev, "plain/monitor", "blue/db"))
        #expect(!Self.allowed(ev, "blue/db", "plain/monitor"))
        #expect(!Self.allowed(ev, "plain/agent", "blue/db"), "a host-network pod is on the default network")
        #expect(!Self.allowed(ev, "node/n1", "a2/store"))
        #expect(Self.allowed(ev, "plain/agent", "plain/monitor"))
        #expect(Self.allowed(ev, "blue/api", "8.8.8.8") && Self.allowed(ev, "8.8.8.8", "green/web"))
        let i = try Self.input()
        #expect(i.isolation.networks.map(\.title) == ["primary UDN blue", "primary UDN green", "primary CUDN acme"])
        #expect(i.isolation.networks.map(\.networkName) == ["blue.net", "green.net", "cluster.udn.acme"])
        #expect(i.inputWarnings.isEmpty)
    }

    @Test func explanationNamesTheNetworks() throws {
        let ev = try Self.evaluator()
        let inv = ev.inventory
        let verdict = ev.verdict(
            Query(
                network: .pod, source: .pod(inv.podIndex(id: "blue/api")!),
                destination: .pod(inv.podIndex(id: "a1/trainer")!), proto: .tcp, port: 80))
        #expect(!verdict.allowed)
        #expect(
            verdict.egress.steps.map(\.description) == [
                "network isolation tier: denies: blue/api[Pod] is on primary UDN blue and a1/trainer[Pod] on primary CUDN acme: isolated networks"
            ])
    }

    /// "Configuring network policies that allow traffic between namespaces that connect to different
    /// user-defined primary networks will have no effect" (OKEP-5193); inside a network, and towards
    /// addresses outside the cluster, policies apply as on the default network.
    @Test func policiesApplyInsideANetworkButCannotBridgeNetworks() throws {
        let ev = try Self.evaluator(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db, namespace: blue}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {}}]
                ports: [{port: 5432}]
            ---
            kind: NetworkPolicy
            apiVersion: networking.k8s.io/v1
            metadata: {name: api-egress, namespace: blue}
            spec:
              podSelector: {matchLabels: {app: api}}
              egress: [{to: [{namespaceSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}]}]
              policyTypes: [Egress]
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: allow-all}
            spec:
              priority: 1
              subject: {namespaces: {}}
              ingress: [{name: all, action: Allow, from: [{namespaces: {}}]}]
              egress: [{name: all, action: Allow, to: [{namespaces: {}}]}]
            ---

            """)
        #expect(Self.allowed(ev, "blue/api", "blue/db", port: 5432))
        #expect(Self.allowed(ev, "blue/api", "blue/db", port: 80), "the admin Allow decides before NetworkPolicy")
        #expect(!Self.allowed(ev, "green/web", "blue/db", port: 5432), "neither policy can open another network")
        #expect(!Self.allowed(ev, "plain/monitor", "blue/db", port: 5432))
        #expect(!Self.allowed(ev, "blue/api", "8.8.8.8"), "the egress policy still limits traffic leaving the cluster")
        #expect(Self.allowed(ev, "blue/api", "10.9.9.9"))
    }

    /// A diff that puts `plain` on a new primary UserDefinedNetwork: its pod loses the host-network
    /// agent (which stays on the default network); every other pair was already isolated or stays
    /// inside one network, and addresses outside the cluster are reachable from every network.
    @Test func diffShowsWhatANewPrimaryNetworkCuts() throws {
        let labelled = Self.base.replacingOccurrences(
            of: "labels: {team: x}", with: "labels: {team: x, k8s.ovn.org/primary-user-defined-network: \"\"}")
        let before = try Self.input()
        let afterManifests = try ManifestLoader.load(
            documents: try YAMLReader.documents(labelled + Self.udn("plain", "net"), file: "after.yaml"))
        let after = PolicyInput(manifests: afterManifests, policies: try PolicySet.decode(afterManifests))
        let diff = ConnectivityDiff(
            before: ReferenceEvaluator(inventory: before.inventory, policies: before.policies),
            beforePolicies: before.policies,
            after: ReferenceEvaluator(inventory: after.inventory, policies: after.policies),
            afterPolicies: after.policies)
        #expect(
            Set(diff.entries.map { "\($0.kind) \($0.source) => \($0.destination)" }) == [
                "removed plain/agent[Pod] => plain/monitor[Pod]", "removed plain/monitor[Pod] => plain/agent[Pod]",
            ])
    }

    @Test func aNamespaceWithoutTheLabelStaysOnTheDefaultNetwork() throws {
        let i = try Self.input(Self.udn("plain", "net"))
        let ev = ReferenceEvaluator(inventory: i.inventory, policies: i.policies)
        #expect(Self.allowed(ev, "plain/monitor", "plain/agent"))
        #expect(i.isolation.network(of: "plain") == nil)
        #expect(
            i.inputWarnings == [
                "udn.yaml:87: plain/net[UserDefinedNetwork] does not serve namespace plain: it lacks the label k8s.ovn.org/primary-user-defined-network, so OVN-Kubernetes keeps its pods on the default network"
            ])
    }

    @Test func aSecondPrimaryNetworkIsReportedAndIgnored() throws {
        let i = try Self.input(
            """
            apiVersion: k8s.ovn.org/v1
            kind: ClusterUserDefinedNetwork
            metadata: {name: blues}
            spec:
              namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: blue}}
              network: {topology: Layer2, layer2: {role: Primary, subnets: [10.9.0.0/16]}}
            """)
        #expect(i.isolation.network(of: "blue")?.id == "blue/net[UserDefinedNetwork]")
        #expect(i.isolation.networks.count == 3)
        #expect(i.inputWarnings.count == 1)
        #expect(i.inputWarnings.first?.contains("namespace blue already has primary network blue/net") == true)
    }

    @Test func secondaryNetworksIsolateNothing() throws {
        let i = try Self.input(Self.udn("plain", "side", role: "Secondary"))
        #expect(i.isolation.network(of: "plain") == nil)
        #expect(i.policies.userDefinedNetworks.last?.title == "secondary UDN plain")
        #expect(
            i.inputWarnings == [
                "udn.yaml:87: plain/side[UserDefinedNetwork] is a secondary network: pods attach to it through the NetworkAttachmentDefinitions OVN-Kubernetes renders from it (network name plain.side); give them (kubectl get net-attach-def -A -o yaml) to analyse it"
            ])
    }

    @Test(arguments: [
        (
            "spec: {topology: Localnet, localnet: {role: Primary}}",
            "udn.yaml:4:18: topology Localnet cannot be a primary network"
        ),
        ("spec: {topology: Layer2, layer2: {role: Main}}", "udn.yaml:4:41: role must be Primary or Secondary"),
        (
            "spec: {topology: Layer2, layer2: {subnets: [10.0.0.0/8]}}",
            "udn.yaml:4:34: UserDefinedNetwork n has no role (Primary or Secondary)"
        ),
    ])
    func invalidNetworksAreInputErrors(spec: String, message: String) throws {
        let text = "apiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata: {name: n, namespace: q}\n\(spec)\n"
        let manifests = try ManifestLoader.load(documents: try YAMLReader.documents(text, file: "udn.yaml"))
        #expect(throws: InputError.self) { try PolicySet.decode(manifests) }
        do {
            _ = try PolicySet.decode(manifests)
        } catch {
            #expect(error.description == message)
        }
    }
}
