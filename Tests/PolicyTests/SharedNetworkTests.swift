import Documents
import InterlockCore
import Manifests
import Testing

@testable import Policy

/// Secondary networks identified as the CNI does: OVN-Kubernetes definitions with the same config
/// `name` are one network across namespaces (its multi-homing docs); any other definition is its own
/// network, whatever its config name.
@Suite struct SharedNetworkTests {
    static func definition(_ ns: String, _ name: String, type: String, config: String) -> String {
        """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: \(name), namespace: \(ns)}
        spec:
          config: '{"cniVersion": "0.3.1", "name": "\(config)", "type": "\(type)", "topology": "layer2", "netAttachDefName": "\(ns)/\(name)"}'
        ---

        """
    }

    static func pod(_ ns: String, _ name: String, network: String, ip: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          namespace: \(ns)
          labels: {app: \(name)}
          annotations:
            k8s.v1.cni.cncf.io/networks: \(network)
            k8s.v1.cni.cncf.io/network-status: '[{"name":"\(ns)/\(network)","interface":"net1","ips":["\(ip)"]}]'
        spec: {containers: [{name: c}]}
        ---

        """
    }

    static let manifests =
        definition("a", "l2", type: "ovn-k8s-cni-overlay", config: "tenant-l2")
        + definition("b", "l2", type: "ovn-k8s-cni-overlay", config: "tenant-l2")
        + definition("a", "mac", type: "macvlan", config: "lab")
        + definition("b", "mac", type: "macvlan", config: "lab")
        + pod("a", "p", network: "l2", ip: "10.9.0.1") + pod("b", "q", network: "l2", ip: "10.9.0.2")
        + pod("a", "r", network: "mac", ip: "10.8.0.1") + pod("b", "s", network: "mac", ip: "10.8.0.2")

    static func input(_ extra: String = "") throws -> PolicyInput {
        let manifests = try ManifestLoader.load(
            documents: try YAMLReader.documents(manifests + extra, file: "nets.yaml"))
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    @Test func ovnKubernetesDefinitionsWithOneConfigNameAreOneNetwork() throws {
        let i = try Self.input()
        let inv = i.inventory
        #expect(inv.networkID(of: "b/l2") == "a/l2" && inv.networkID(of: "a/l2") == "a/l2")
        #expect(inv.networkID(of: "b/mac") == "b/mac", "macvlan definitions stay apart whatever their config name")
        #expect(inv.distinctNetworks.map(\.id) == ["a/l2", "a/mac", "b/mac"])
        #expect(try i.network(named: "b/l2") == .attachment("a/l2"))
        let q = try #require(inv.podIndex(id: "b/q"))
        #expect(inv.pods[q].isAttached(to: .attachment("a/l2")))
        #expect(inv.owner(of: IPAddress("10.9.0.2")!, on: .attachment("a/l2")) == .pod(q))
        #expect(inv.workloads(on: .attachment("a/l2")).count == 2)
        #expect(inv.workloads(on: .attachment("a/mac")).count == 1)
    }

    /// A MultiNetworkPolicy for `b/l2` is for the shared network: it isolates b's pod there, also
    /// against a's pod attached through `a/l2`.
    @Test func multiNetworkPolicyForEitherDefinitionAppliesToTheNetwork() throws {
        let i = try Self.input(
            """
            apiVersion: k8s.cni.cncf.io/v1beta1
            kind: MultiNetworkPolicy
            metadata: {name: deny-in, namespace: b, annotations: {k8s.v1.cni.cncf.io/policy-for: l2}}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """)
        let ev = ReferenceEvaluator(inventory: i.inventory, policies: i.policies)
        let p = PolicyEndpoint.pod(i.inventory.podIndex(id: "a/p")!)
        let q = PolicyEndpoint.pod(i.inventory.podIndex(id: "b/q")!)
        let network = try i.network(named: "a/l2")
        #expect(!ev.isAllowed(Query(network: network, source: p, destination: q, proto: .tcp, port: 80)))
        #expect(ev.isAllowed(Query(network: network, source: q, destination: p, proto: .tcp, port: 80)))
        let list = MultiNetworkConnlist.build(ev, input: i)
        #expect(
            list.sections.map(\.title) == [
                "Pod network", "secondary NAD a/l2", "secondary NAD a/mac", "secondary NAD b/mac",
            ])
        #expect(list.sections[1].lines.map(\.description).contains("b/q[Pod] => a/p[Pod] : All Connections"))
    }
}
