import Documents
import Fabric
import InterlockCore
import Manifests
import Policy

@testable import Intents

/// A small cluster for the intents tests: one scalable unit of four DGX nodes (two rails), two
/// storage servers and a head node `mgmt01` that is also the Kubernetes control-plane node.
///
/// Addresses (the topology's plan): front-end 10.16.0.1-4 (dgx), 10.16.0.7 (mgmt01); storage
/// 10.20.0.1-6 (storage01/02 are .5/.6); OOB 10.24.0.1-7 (mgmt01 .7); BMCs 10.28.0.1-4.
enum Mini {
    static let topology = """
        name: mini
        generator: {kind: rail-optimized, preset: dgx-h100, scalableUnits: 1, nodesPerSU: 4, rails: 2, gpusPerNode: 2, transport: infiniband}
        networks:
          frontend: {hostsPerLeaf: 32, hostGbps: 100, uplinkGbps: 400, oversubscription: 2, spines: 2}
          storage: {hostsPerLeaf: 32, hostGbps: 200, uplinkGbps: 400, oversubscription: 1, spines: 2, servers: 2}
          oob: {hostsPerLeaf: 24, hostGbps: 1, uplinkGbps: 10, oversubscription: 2.4, spines: 2}
        nodes:
          - {name: mgmt01, kind: host, plane: frontend}
        links:
          - {from: mgmt01, to: frontend-leaf01, gbps: 100}
          - {from: mgmt01, to: oob-sw01, gbps: 1}
        """

    static func fabric() throws -> FabricGraph { try TopologyFile.load(text: topology, file: "mini.yaml") }

    /// Two tenants with one app each, an image registry, a vault, and kubeadm's static control-plane
    /// pods on mgmt01. No policies.
    static let cluster = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: tenant-a, labels: {tenant: a}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: tenant-b, labels: {tenant: b}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: platform}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}
        ---
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Node, metadata: {name: mgmt01, labels: {node-role.kubernetes.io/control-plane: ""}}, status: {addresses: [{type: InternalIP, address: 10.16.0.7}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0001, labels: {nvidia.com/gpu.present: "true"}}, status: {addresses: [{type: InternalIP, address: 10.16.0.1}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0002, labels: {nvidia.com/gpu.present: "true"}}, status: {addresses: [{type: InternalIP, address: 10.16.0.2}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0003, labels: {nvidia.com/gpu.present: "true"}}, status: {addresses: [{type: InternalIP, address: 10.16.0.3}]}}
        - {apiVersion: v1, kind: Node, metadata: {name: dgx0004, labels: {nvidia.com/gpu.present: "true"}}, status: {addresses: [{type: InternalIP, address: 10.16.0.4}]}}
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: app-a, namespace: tenant-a, labels: {app: app-a}}
          spec: {nodeName: dgx0001, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
          status: {podIP: 10.244.1.1, podIPs: [{ip: 10.244.1.1}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: app-b, namespace: tenant-b, labels: {app: app-b}}
          spec: {nodeName: dgx0003, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
          status: {podIP: 10.244.3.1, podIPs: [{ip: 10.244.3.1}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: registry-0, namespace: platform, labels: {app: registry}}
          spec: {nodeName: mgmt01, containers: [{name: c, image: x, ports: [{name: registry, containerPort: 5000}]}]}
          status: {podIP: 10.244.0.5, podIPs: [{ip: 10.244.0.5}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: vault-0, namespace: platform, labels: {app.kubernetes.io/name: vault}}
          spec: {nodeName: mgmt01, containers: [{name: c, image: x, ports: [{name: api, containerPort: 8200}]}]}
          status: {podIP: 10.244.0.6, podIPs: [{ip: 10.244.0.6}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: kube-apiserver-mgmt01, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
          spec: {nodeName: mgmt01, hostNetwork: true, containers: [{name: c, image: x}]}
          status: {podIP: 10.16.0.7, podIPs: [{ip: 10.16.0.7}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: etcd-mgmt01, namespace: kube-system, labels: {component: etcd, tier: control-plane}}
          spec: {nodeName: mgmt01, hostNetwork: true, containers: [{name: c, image: x}]}
          status: {podIP: 10.16.0.7, podIPs: [{ip: 10.16.0.7}]}
        """

    /// Default-deny in both directions in every namespace with pods a policy can select.
    static let isolatingPolicies = ["tenant-a", "tenant-b", "platform"].map { ns in
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: \(ns)}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        """
    }.joined(separator: "\n---\n")

    /// Tenant partitions with a limited default partition, and ACLs on the three Ethernet planes.
    static let segmentation = """
        apiVersion: interlock.dev/v1
        kind: FabricSegmentation
        metadata: {name: tenants}
        spec:
          defaultPartition: limited
          partitions:
          - {name: a, pkey: 0x0001, members: [{nodes: "dgx[0001-0002]"}]}
          - {name: b, pkey: 0x0002, members: [{nodes: "dgx[0003-0004]"}]}
        ---
        apiVersion: interlock.dev/v1
        kind: FabricACL
        metadata: {name: frontend}
        spec:
          attachTo: {plane: frontend}
          rules:
          - {name: mgmt, action: permit, source: 10.16.0.7/32}
          - {name: no-etcd, action: deny, protocol: TCP, destinationPorts: 2379-2380}
          - {name: no-kubelet, action: deny, protocol: TCP, destinationPorts: 10250}
          - {name: no-cm, action: deny, protocol: TCP, destinationPorts: 10257}
          - {name: no-sched, action: deny, protocol: TCP, destinationPorts: 10259}
          - {name: cluster, action: permit, source: 10.16.0.0/14}
        ---
        apiVersion: interlock.dev/v1
        kind: FabricACL
        metadata: {name: storage}
        spec:
          attachTo: {plane: storage}
          rules:
          - {name: nfs, action: permit, protocol: TCP, destinationPorts: 2049}
          - {name: gds, action: permit, protocol: UDP, destinationPorts: 4791}
        ---
        apiVersion: interlock.dev/v1
        kind: FabricACL
        metadata: {name: oob}
        spec:
          attachTo: {plane: oob}
          rules:
          - {name: mgmt, action: permit, source: 10.24.0.7/32}
        """

    static let baseline = """
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: t}
        spec:
          packs: [ai-infra-baseline]
        """

    static func documents(_ text: String, file: String) throws -> [Document] {
        try SourceLoader.documents(bytes: Array(text.utf8), file: file)
    }

    static func policy(_ manifests: String) throws -> PolicyInput {
        let set = try ManifestLoader.load(documents: try documents(manifests, file: "cluster.yaml"))
        return PolicyInput(manifests: set, policies: try PolicySet.decode(set))
    }

    static func intents(_ text: String) throws -> IntentSet {
        try IntentReader.read(documents: try documents(text, file: "intents.yaml"))
    }

    /// A checker over the mini fabric and cluster with `extra` manifests and intents documents.
    static func checker(
        policies: String = "", intents: String = baseline, segmentation: String = "",
        fabric: Bool = true
    ) throws -> IntentChecker {
        let manifests = policies.isEmpty ? cluster : cluster + "\n---\n" + policies
        let text = segmentation.isEmpty ? intents : intents + "\n---\n" + segmentation
        return try IntentChecker(
            CheckInputs(
                intents: try Mini.intents(text), fabric: fabric ? try Mini.fabric() : nil,
                policy: try policy(manifests)))
    }
}
