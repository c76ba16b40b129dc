import Capture
import CaptureAnalysis
import CaptureSynth
import Documents
import Fabric
import FabricACL
import Findings
import Foundation
import InterlockCore
import Manifests
import Policy
import PolicyEngine
import TestSupport

/// A small cluster on a small fabric, and helpers to write a scripted capture and analyze it.
///
/// Fabric `tiny` (rail-optimized, 4 DGX nodes, 2 rails, RoCE): dgx000N-nic0 is 10.0.0.N (rail 0),
/// front end 10.16.0.N, storage 10.20.0.N (storage01 10.20.0.5), OOB 10.24.0.N (mgmt01 10.24.0.6),
/// BMCs 10.28.0.N; mgmt01's front end is 10.16.0.6.
///
/// Cluster: nodes dgx0001 (10.10.0.1) and dgx0002 (10.10.0.2), and cpu0001, whose address 10.0.0.4
/// is also dgx0004-nic0's in the fabric plan. Pods shop/web (10.244.1.2, may only reach db on 5432),
/// shop/batch (10.244.1.3, no egress policy), db/pg (10.244.2.2, port `pg` 5432, admits only web),
/// db/api (10.244.2.3, 9000, admits nobody), Service db/pg-svc (10.96.0.20:5432 → `pg`), and on the
/// RDMA network rdma/rail (192.168.50.0/24) rdma/train-0 (.11) and train-1 (.12), which admit each
/// other only.
enum Fixture {
    static let topology = """
        name: tiny
        generator: {kind: rail-optimized, preset: dgx-h100, scalableUnits: 1, nodesPerSU: 4, rails: 2, transport: roce}
        networks:
          frontend: {hostsPerLeaf: 8}
          storage: {hostsPerLeaf: 8, servers: 1}
          oob: {hostsPerLeaf: 8}
        nodes:
          - {name: mgmt01, kind: host, plane: frontend}
        links:
          - {from: mgmt01, to: frontend-leaf01, gbps: 100}
          - {from: mgmt01, to: oob-sw01, gbps: 1}
        """

    static let cluster = """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: db}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: rdma}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0001}, status: {addresses: [{type: InternalIP, address: 10.10.0.1}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0002}, status: {addresses: [{type: InternalIP, address: 10.10.0.2}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: cpu0001}, status: {addresses: [{type: InternalIP, address: 10.0.0.4}]}}
        - apiVersion: v1
          kind: Pod
          metadata: {name: web, namespace: shop, labels: {app: web}}
          spec: {nodeName: dgx0001, containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
          status: {podIP: 10.244.1.2}
        - apiVersion: v1
          kind: Pod
          metadata: {name: batch, namespace: shop, labels: {app: batch}}
          spec: {nodeName: dgx0001, containers: [{name: batch, image: busybox}]}
          status: {podIP: 10.244.1.3}
        - apiVersion: v1
          kind: Pod
          metadata: {name: pg, namespace: db, labels: {app: pg}}
          spec: {nodeName: dgx0002, containers: [{name: pg, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
          status: {podIP: 10.244.2.2}
        - apiVersion: v1
          kind: Pod
          metadata: {name: api, namespace: db, labels: {app: api}}
          spec: {nodeName: dgx0002, containers: [{name: api, image: api, ports: [{containerPort: 9000}]}]}
          status: {podIP: 10.244.2.3}
        - apiVersion: v1
          kind: Service
          metadata: {name: pg-svc, namespace: db}
          spec: {clusterIP: 10.96.0.20, selector: {app: pg}, ports: [{port: 5432, targetPort: pg}]}
        - apiVersion: k8s.cni.cncf.io/v1
          kind: NetworkAttachmentDefinition
          metadata: {name: rail, namespace: rdma}
          spec:
            config: '{"cniVersion": "0.3.1", "name": "rail", "plugins": [{"type": "sriov", "ipam": {"type": "whereabouts", "range": "192.168.50.0/24"}}, {"type": "rdma"}]}'
        - apiVersion: v1
          kind: Pod
          metadata:
            name: train-0
            namespace: rdma
            labels: {app: train}
            annotations:
              k8s.v1.cni.cncf.io/networks: rail@net1
              k8s.v1.cni.cncf.io/network-status: '[{"name": "rdma/rail", "interface": "net1", "ips": ["192.168.50.11"]}]'
          spec: {nodeName: dgx0001, containers: [{name: t, image: pytorch}]}
          status: {podIP: 10.244.1.10}
        - apiVersion: v1
          kind: Pod
          metadata:
            name: train-1
            namespace: rdma
            labels: {app: train}
            annotations:
              k8s.v1.cni.cncf.io/networks: rail@net1
              k8s.v1.cni.cncf.io/network-status: '[{"name": "rdma/rail", "interface": "net1", "ips": ["192.168.50.12"]}]'
          spec: {nodeName: dgx0002, containers: [{name: t, image: pytorch}]}
          status: {podIP: 10.244.2.10}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: db}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: pg-from-web, namespace: db}
        spec:
          podSelector: {matchLabels: {app: pg}}
          ingress:
          - from:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
              podSelector: {matchLabels: {app: web}}
            ports: [{port: pg}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-egress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: db}}}]
            ports: [{port: 5432}]
        ---
        apiVersion: k8s.cni.cncf.io/v1beta1
        kind: MultiNetworkPolicy
        metadata:
          name: train-only
          namespace: rdma
          annotations: {k8s.v1.cni.cncf.io/policy-for: rail}
        spec:
          podSelector: {matchLabels: {app: train}}
          policyTypes: [Ingress]
          ingress:
          - from: [{podSelector: {matchLabels: {app: train}}}]
        """

    static let fabric: FabricGraph = try! TopologyFile.load(text: topology, file: "tiny.yaml")

    static let engine: CompiledEngine = {
        let docs = try! YAMLReader.documents(cluster, file: "cluster.yaml")
        let manifests = try! ManifestLoader.load(documents: docs)
        let policies = try! PolicySet.decode(manifests)
        return CompiledEngine(inventory: manifests.inventory, policies: policies)
    }()

    /// FabricACL documents read from YAML text.
    static func acls(_ yaml: String) throws -> [ACL] {
        try ACLDocument.acls(from: try YAMLReader.documents(yaml, file: "acls.yaml"))
    }

    /// Writes `script` to a temporary pcap and returns its path.
    static func write(_ script: TrafficScript) throws -> String {
        let path = Scratch.path("analyze.pcap")
        try script.write(to: path)
        return path
    }

    /// Writes `script`, reads it back and analyzes it.
    static func analyze(
        _ script: TrafficScript, fabric: FabricGraph? = Fixture.fabric, acls: [ACL] = [],
        vantage: Vantage? = nil
    ) throws -> (CaptureAnalysis, CaptureFlows, String) {
        let path = try write(script)
        let flows = try CaptureFlows.collect(paths: [path])
        let analyzer = try CaptureAnalyzer(engine: engine, fabric: fabric, acls: acls, vantage: vantage)
        return (analyzer.analyze(flows), flows, path)
    }

    /// A plain path between two addresses.
    static func path(_ a: String, _ b: String, vlans: [UInt16] = []) -> TrafficScript.Path {
        TrafficScript.Path(client: IPAddress(a)!, server: IPAddress(b)!, vlans: vlans)
    }
}

extension CaptureAnalysis {
    /// The findings of one kind.
    func of(_ kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }
}
