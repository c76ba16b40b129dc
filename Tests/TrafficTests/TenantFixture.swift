import Fabric
import Foundation
import InterlockCore
import TestSupport

@testable import Traffic

/// Two tenants on one RoCE scalable unit: `alpha` on dgx0001-0007 and `beta` on dgx0009-0015,
/// one 8-GPU pod per node, every pod on a shared RDMA network `rdma/rail`. Policies are written as
/// `kubectl` would show them into a temporary directory.
struct TenantFixture {
    let fabric = Support.rail(1, transport: .roce)
    let directory: String
    static let alpha = 1...7
    static let beta = 9...15

    init() throws {
        directory = Scratch.directory()
        try FileManager.default.createDirectory(atPath: directory + "/k8s", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/acl", withIntermediateDirectories: true)
        try write("k8s/cluster.yaml", Self.manifests)
        try write("k8s/policies.yaml", Self.isolation)
        try write("acl/isolation.yaml", Self.acl)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    var placement: JobPlacement {
        get throws {
            try Support.jobs(
                """
                jobs:
                - {name: a, tenant: alpha, nodes: 'dgx[0001-0007]'}
                - {name: b, tenant: beta, nodes: 'dgx[0009-0015]'}
                """, fabric)
        }
    }

    static func node(_ n: Int) -> String { "dgx" + String(repeating: "0", count: 4 - String(n).count) + String(n) }

    static var manifests: String {
        var out = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: rdma}
            ---
            apiVersion: k8s.cni.cncf.io/v1
            kind: NetworkAttachmentDefinition
            metadata: {name: rail, namespace: rdma}
            spec:
              config: '{"cniVersion": "0.3.1", "name": "rail", "plugins": [{"type": "sriov", "ipam": {"type": "whereabouts", "range": "192.168.0.0/16"}}, {"type": "rdma"}]}'

            """
        for (tenant, nodes, octet) in [("alpha", alpha, 1), ("beta", beta, 2)] {
            out += "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: \(tenant)}\n"
            for n in nodes {
                out += """
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: trainer-\(n)
                      namespace: \(tenant)
                      labels: {app: trainer}
                      ownerReferences: [{apiVersion: batch/v1, kind: Job, name: trainer, controller: true, uid: \(tenant)-uid}]
                      annotations:
                        k8s.v1.cni.cncf.io/networks: rdma/rail@net1
                        k8s.v1.cni.cncf.io/network-status: '[{"name": "cilium", "interface": "eth0", "ips": ["10.244.\(octet).\(n)"], "default": true}, {"name": "rdma/rail", "interface": "net1", "ips": ["192.168.\(octet).\(n)"]}]'
                    spec:
                      nodeName: \(node(n))
                      containers:
                      - name: pytorch
                        image: nvcr.io/nvidia/pytorch:24.05-py3
                        ports: [{name: c10d, containerPort: 29500}]
                        resources: {limits: {nvidia.com/gpu: "8"}}
                    status:
                      phase: Running
                      podIP: 10.244.\(octet).\(n)
                      podIPs: [{ip: 10.244.\(octet).\(n)}]

                    """
            }
        }
        return out
    }

    /// Each tenant admits only its own namespace, on the pod network and on the RDMA network.
    static var isolation: String {
        ["alpha", "beta"].map { t in
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: same-tenant, namespace: \(t)}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {}}]
            ---
            apiVersion: k8s.cni.cncf.io/v1beta1
            kind: MultiNetworkPolicy
            metadata:
              name: same-tenant-rdma
              namespace: \(t)
              annotations: {k8s.v1.cni.cncf.io/policy-for: rdma/rail}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {}}]
            """
        }.joined(separator: "\n---\n") + "\n"
    }

    /// A compute-plane ACL that drops RoCE between the tenants' NIC ranges on every rail.
    static var acl: String {
        var rules = ""
        for r in 0..<8 {
            rules += """
                  - {name: alpha-to-beta-r\(r), action: deny, source: 10.\(2 * r).0.0/29, destination: 10.\(2 * r).0.8/29}
                  - {name: beta-to-alpha-r\(r), action: deny, source: 10.\(2 * r).0.8/29, destination: 10.\(2 * r).0.0/29}

                """
        }
        return """
            apiVersion: interlock.dev/v1
            kind: FabricACL
            metadata: {name: tenant-isolation}
            spec:
              attachTo: {plane: compute}
              defaultAction: permit
              rules:
            \(rules)
            """
    }
}
