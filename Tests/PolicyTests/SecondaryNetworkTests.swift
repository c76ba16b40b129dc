import InterlockCore
import Manifests
import Testing

@testable import Policy

/// MultiNetworkPolicy on secondary networks: NetworkPolicy semantics on the named networks only,
/// endpoints keyed by (network, IP), and RDMA/DPDK interfaces that no policy can filter.
@Suite struct SecondaryNetworkTests {
    static func pod(_ name: String, role: String, fabricIP: String, rdmaIP: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          namespace: m
          labels: {role: \(role)}
          annotations:
            k8s.v1.cni.cncf.io/networks: fabric, rdma@ib0
            k8s.v1.cni.cncf.io/network-status: '[{"name":"cbr0","interface":"eth0","ips":["10.0.4.\(name.count)"],"default":true},{"name":"m/fabric","interface":"net1","ips":["\(fabricIP)"]},{"name":"m/rdma","interface":"ib0","ips":["\(rdmaIP)"]}]'
        spec: {containers: [{name: c, ports: [{name: nccl, containerPort: 5000}]}]}
        ---

        """
    }

    /// A macvlan network whose range overlaps the pod network (10.0.2.0/24 holds y's pods), an
    /// SR-IOV network on ConnectX VFs (RDMA), two trainers and a debug pod on both, and a
    /// MultiNetworkPolicy for the macvlan network only.
    static let manifests = """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata: {name: fabric, namespace: m}
        spec:
          config: '{"cniVersion":"0.3.1","type":"macvlan","master":"eth1","ipam":{"type":"whereabouts","range":"10.0.2.0/24"}}'
        ---
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata:
          name: rdma
          namespace: m
          annotations: {k8s.v1.cni.cncf.io/resourceName: nvidia.com/cx7_vfs}
        spec:
          config: '{"cniVersion":"0.3.1","name":"rdma","plugins":[{"type":"sriov","ipam":{"type":"host-local","subnet":"172.30.0.0/16"}},{"type":"rdma"}]}'
        ---

        """ + pod("trainer-0", role: "trainer", fabricIP: "10.0.2.1", rdmaIP: "172.30.0.1")
        + pod("trainer-1", role: "trainer", fabricIP: "10.0.2.201", rdmaIP: "172.30.0.2")
        + pod("debug", role: "debug", fabricIP: "10.0.2.202", rdmaIP: "172.30.0.3")

    static let multiPolicy = """
        apiVersion: k8s.cni.cncf.io/v1beta1
        kind: MultiNetworkPolicy
        metadata:
          name: trainers-only
          namespace: m
          annotations: {k8s.v1.cni.cncf.io/policy-for: fabric}
        spec:
          podSelector: {matchLabels: {role: trainer}}
          policyTypes: [Ingress]
          ingress:
          - from:
            - podSelector: {matchLabels: {role: trainer}}
        ---

        """

    func evaluator() throws -> ReferenceEvaluator { try XYZ.evaluator(Self.multiPolicy, extra: Self.manifests) }

    @Test func endpointsAreKeyedByNetworkAndAddress() throws {
        let ev = try evaluator()
        let inv = ev.inventory
        // 10.0.2.1 is y/a on the pod network and trainer-0 on the overlapping macvlan network.
        #expect(try inv.endpoint(named: "10.0.2.1") == XYZ.endpoint(ev, "y/a"))
        #expect(try inv.endpoint(named: "10.0.2.1", on: .attachment("m/fabric")) == XYZ.endpoint(ev, "m/trainer-0"))
        #expect(try inv.endpoint(named: "172.30.0.2", on: .attachment("m/rdma")) == XYZ.endpoint(ev, "m/trainer-1"))
        #expect(inv.network(id: "m/fabric")?.subnets == [CIDR("10.0.2.0/24")!])
        #expect(inv.network(id: "m/rdma")?.kind == .rdma && inv.network(id: "m/fabric")?.kind == .kernel)
        let t0 = inv.pods[inv.podIndex(id: "m/trainer-0")!]
        #expect(t0.interfaces.map(\.interface) == ["net1", "ib0"])
        #expect(t0.interfaces.map(\.kind) == [.kernel, .rdma])
    }

    @Test func multiNetworkPolicyAppliesOnItsNetworkOnly() throws {
        let ev = try evaluator()
        let t0 = XYZ.endpoint(ev, "m/trainer-0")
        let t1 = XYZ.endpoint(ev, "m/trainer-1")
        let debug = XYZ.endpoint(ev, "m/debug")
        let fabric = Network.attachment("m/fabric")
        func allowed(_ n: Network, _ s: PolicyEndpoint, _ d: PolicyEndpoint) -> Bool {
            ev.isAllowed(Query(network: n, source: s, destination: d, proto: .tcp, port: 5000))
        }
        #expect(allowed(fabric, t0, t1))
        #expect(!allowed(fabric, debug, t1))
        // The pod network is untouched: no NetworkPolicy selects the trainers there.
        #expect(allowed(.pod, debug, t1))
        // Nor does it reach the other secondary network.
        #expect(allowed(.attachment("m/rdma"), debug, t1))
        let v = ev.verdict(Query(network: fabric, source: debug, destination: t1, proto: .tcp, port: 5000))
        #expect(v.ingress.steps.contains { $0.policy?.description == "MultiNetworkPolicy m/trainers-only" })
        // Connectivity on the network lists its attached workloads only.
        let peers = Connlist.peers(ev.inventory, on: fabric, policies: ev.policies)
        #expect(
            peers.filter { !$0.isExternal }.map(\.name) == ["m/debug[Pod]", "m/trainer-0[Pod]", "m/trainer-1[Pod]"])
        let lines = Connlist.lines(ev, on: fabric, peers: peers).map(\.description)
        #expect(lines.contains("m/trainer-0[Pod] => m/trainer-1[Pod] : All Connections"))
        #expect(!lines.contains { $0.hasPrefix("m/debug[Pod] => m/trainer-1[Pod]") })
    }

    @Test func rdmaInterfacesAreNotFilteredByAnyPolicy() throws {
        let ev = try evaluator()
        let rdma = Network.attachment("m/rdma")
        let roce = ev.verdict(
            Query(
                network: rdma, source: XYZ.endpoint(ev, "m/debug"), destination: XYZ.endpoint(ev, "m/trainer-1"),
                proto: .udp, port: ReferenceEvaluator.roceV2Port))
        #expect(!roce.enforced)
        #expect(
            roce.notes.contains { $0.contains("RDMA verbs traffic (RoCEv2 UDP 4791, InfiniBand) bypasses the kernel") })
        let tcp = ev.verdict(
            Query(
                network: rdma, source: XYZ.endpoint(ev, "m/debug"), destination: XYZ.endpoint(ev, "m/trainer-1"),
                proto: .tcp, port: 5000))
        #expect(tcp.enforced && !tcp.notes.isEmpty)
        let pod = ev.verdict(
            Query(
                source: XYZ.endpoint(ev, "m/debug"), destination: XYZ.endpoint(ev, "m/trainer-1"), proto: .udp,
                port: 4791))
        #expect(pod.enforced && pod.notes.isEmpty, "the pod network is a kernel interface")
    }
}
