import Documents
import InterlockCore
import Manifests

@testable import Policy

/// A small cluster for the examples of Cilium's policy language pages (docs.cilium.io, Security > Network
/// Policy > Policy Language, Kubernetes, Deny Policies): namespaces `ns1` (labelled `team: a`), `ns2` and
/// `kube-system`; nodes `n1` (10.10.0.1) and `n2` (10.10.0.2, control plane); pods with the labels the examples
/// select on, each at 10.0.N.P, serving TCP 80 (`http`), TCP 81 and UDP/TCP 53 (`dns`) where noted.
enum CiliumCluster {
    struct PodSpec {
        var id: String
        var labels: String
        var node: String
        var ip: String
        var serviceAccount = "default"
    }

    static let pods: [PodSpec] = [
        PodSpec(id: "ns1/frontend", labels: "{role: frontend, env: prod}", node: "n1", ip: "10.0.1.1"),
        PodSpec(id: "ns1/backend", labels: "{role: backend, env: prod, app: service}", node: "n1", ip: "10.0.1.2"),
        PodSpec(id: "ns1/devpod", labels: "{role: frontend, env: dev, app: myService}", node: "n2", ip: "10.0.1.3"),
        PodSpec(id: "ns1/leia", labels: "{name: leia}", node: "n2", ip: "10.0.1.4", serviceAccount: "leia"),
        PodSpec(id: "ns1/luke", labels: "{name: luke}", node: "n1", ip: "10.0.1.5", serviceAccount: "luke"),
        PodSpec(id: "ns2/luke", labels: "{name: luke}", node: "n2", ip: "10.0.2.5", serviceAccount: "luke"),
        PodSpec(id: "ns2/client", labels: "{app: test-app}", node: "n2", ip: "10.0.2.1"),
        PodSpec(id: "kube-system/dns", labels: "{k8s-app: kube-dns}", node: "n2", ip: "10.0.3.1"),
    ]

    static var baseManifests: String {
        var out = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: ns1, labels: {team: a}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: ns2}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: kube-system}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n1}
            status: {addresses: [{type: InternalIP, address: 10.10.0.1}]}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n2, labels: {node-role.kubernetes.io/control-plane: ""}}
            status: {addresses: [{type: InternalIP, address: 10.10.0.2}]}
            ---

            """
        for pod in pods {
            let parts = pod.id.split(separator: "/")
            out += """
                apiVersion: v1
                kind: Pod
                metadata: {name: \(parts[1]), namespace: \(parts[0]), labels: \(pod.labels)}
                spec:
                  nodeName: \(pod.node)
                  serviceAccountName: \(pod.serviceAccount)
                  containers:
                  - name: c
                    ports:
                    - {name: http, containerPort: 80}
                    - {containerPort: 81}
                    - {name: dns, containerPort: 53, protocol: UDP}
                    - {name: dns-tcp, containerPort: 53}
                status: {podIP: \(pod.ip)}
                ---

                """
        }
        return out
    }

    static func input(_ policies: String, extra: String = "") throws -> PolicyInput {
        let docs = try YAMLReader.documents(baseManifests + extra + "\n---\n" + policies, file: "cilium.yaml")
        let manifests = try ManifestLoader.load(documents: docs)
        return PolicyInput(manifests: manifests, policies: try PolicySet.decode(manifests))
    }

    static func evaluator(_ policies: String, extra: String = "", clusterName: String = "default") throws
        -> ReferenceEvaluator
    {
        let i = try input(policies, extra: extra)
        var options = EvaluationOptions()
        options.cni = .cilium
        options.clusterName = clusterName
        return ReferenceEvaluator(inventory: i.inventory, policies: i.policies, options: options)
    }

    /// `ns/name` (a pod), `node/NAME` or an IP address outside the inventory.
    static func endpoint(_ inventory: Inventory, _ name: String) -> PolicyEndpoint {
        if name.hasPrefix("node/") { return .node(inventory.nodes.firstIndex { "node/\($0.name)" == name }!) }
        if let ip = IPAddress(name) { return .external(ip) }
        return .pod(inventory.podIndex(id: name)!)
    }

    /// `allowed`, `denied` or `L7` (allowed at L4, subject to an L7 rule) for one connection (for ICMP, of
    /// `icmpType`).
    static func verdict(
        _ engine: some ExplainingEngine, _ source: String, _ destination: String, _ proto: IPProtocol = .tcp,
        _ port: UInt16? = 80, icmpType: UInt8? = nil
    ) -> String {
        let q = Query(
            source: endpoint(engine.inventory, source), destination: endpoint(engine.inventory, destination),
            proto: proto, port: port, icmpType: icmpType)
        let v = engine.verdict(q)
        return !v.allowed ? "denied" : v.subjectToL7.isEmpty ? "allowed" : "L7"
    }

    /// A CiliumNetworkPolicy in `ns` with `spec` (indented by two spaces).
    static func cnp(_ name: String, _ spec: String, ns: String = "ns1", kind: String = "CiliumNetworkPolicy") -> String
    {
        let namespace = kind == "CiliumNetworkPolicy" ? ", namespace: \(ns)" : ""
        return "apiVersion: cilium.io/v2\nkind: \(kind)\nmetadata: {name: \(name)\(namespace)}\n\(spec)\n---\n"
    }
}
