import Documents
import InterlockCore
import Testing

@testable import Manifests

@Suite struct ManifestLoaderTests {
    func load(_ text: String, file: String = "m.yaml") throws -> ManifestSet {
        try ManifestLoader.load(documents: SourceLoader.documents(bytes: Array(text.utf8), file: file))
    }

    func ids(_ m: ManifestSet) -> [String] { m.inventory.workloads.map(\.id) }

    @Test func kubectlGetAllCollapsesToTheTopController() throws {
        // `kubectl get all -o yaml`: a Deployment, its ReplicaSet and two pods.
        let m = try load(
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: shop}
              spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}
            - apiVersion: apps/v1
              kind: ReplicaSet
              metadata:
                name: web-5d4f8c7b9
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
              spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-5d4f8c7b9-abcde
                namespace: shop
                labels: {app: web, pod-template-hash: 5d4f8c7b9}
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f8c7b9, controller: true}]
              spec: {nodeName: dgx0001, containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
              status: {podIP: 10.1.0.5, podIPs: [{ip: 10.1.0.5}, {ip: "fd00::5"}], hostIP: 172.16.0.1}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-5d4f8c7b9-fghij
                namespace: shop
                labels: {app: web, pod-template-hash: 5d4f8c7b9}
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f8c7b9, controller: true}]
              spec: {containers: [{name: c, image: i}]}
              status: {podIP: 10.1.0.6}
            """)
        #expect(ids(m) == ["shop/web[Deployment]"])
        let w = m.inventory.workloads[0]
        #expect(w.pods.count == 2)
        let pod = m.inventory.pods[w.representative]
        #expect(pod.name == "web-5d4f8c7b9-abcde" && !pod.isRepresentative)
        #expect(pod.ips.map(\.description) == ["10.1.0.5", "fd00::5"])
        #expect(pod.ports == [ContainerPort(name: "http", port: 8080, proto: .tcp)])
        #expect(m.inventory.owner(of: IPAddress("10.1.0.6")!, on: .pod) == .pod(w.pods[1]))
        // The node named by the pod exists, with the pod's hostIP as its address.
        let node = try #require(m.inventory.nodeIndex(named: "dgx0001"))
        #expect(m.inventory.nodes[node].addresses == [IPAddress("172.16.0.1")!])
        #expect(m.inventory.owner(of: IPAddress("172.16.0.1")!, on: .pod) == .node(node))
        // The namespace was never declared: it is created, with its name label.
        #expect(m.inventory.namespace(named: "shop")?.labels == ["kubernetes.io/metadata.name": "shop"])
    }

    @Test func podsShownAloneAreNamedAfterTheirOwner() throws {
        let m = try load(
            """
            {"apiVersion": "v1", "kind": "PodList", "items": [
              {"metadata": {"name": "api-7f9-x1", "namespace": "a", "ownerReferences": [{"kind": "ReplicaSet", "name": "api-7f9", "controller": true}]},
               "spec": {"containers": [{"name": "c"}]}},
              {"metadata": {"name": "api-7f9-x2", "namespace": "a", "ownerReferences": [{"kind": "ReplicaSet", "name": "api-7f9", "controller": true}]},
               "spec": {"containers": [{"name": "c"}]}},
              {"metadata": {"name": "train-0", "namespace": "a", "ownerReferences": [{"kind": "StatefulSet", "name": "train", "controller": true}]},
               "spec": {"containers": [{"name": "c"}]}},
              {"metadata": {"name": "debug", "namespace": "a"}, "spec": {"containers": [{"name": "c"}]}},
              {"metadata": {"name": "kube-apiserver-cp1", "namespace": "kube-system", "ownerReferences": [{"kind": "Node", "name": "cp1", "controller": true}]},
               "spec": {"hostNetwork": true, "containers": [{"name": "c"}]}},
              {"metadata": {"name": "done", "namespace": "a"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Succeeded"}}
            ]}
            """, file: "pods.json")
        #expect(
            ids(m) == [
                "a/api-7f9[ReplicaSet]", "a/debug[Pod]", "a/train[StatefulSet]", "kube-system/kube-apiserver-cp1[Pod]",
            ])
        #expect(m.inventory.workloads[0].pods.count == 2)
        #expect(m.warnings.contains { $0.hasPrefix("pods.json:11: 1 finished pods") })
    }

    @Test func podsOfAnAbsentReplicaSetJoinTheirDeployment() throws {
        // `kubectl get deploy,pods`: the ReplicaSet is missing, its pods carry pod-template-hash.
        let m = try load(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-6c8-abc, namespace: shop, labels: {app: web, pod-template-hash: "6c8"},
                       ownerReferences: [{kind: ReplicaSet, name: web-6c8, controller: true}]}
            spec: {containers: [{name: c}]}
            """)
        #expect(ids(m) == ["shop/web[Deployment]"])
        #expect(m.inventory.pods.count == 1 && !m.inventory.pods[0].isRepresentative)
    }

    @Test func workloadsWithoutPodsGetARepresentativeFromTheirTemplate() throws {
        let m = try load(
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: ops}
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {app: backup}}
                    spec: {containers: [{name: c, ports: [{name: metrics, containerPort: 9100, protocol: UDP}]}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: exporter, namespace: ops}
            spec:
              template:
                metadata: {labels: {app: exporter}}
                spec:
                  hostNetwork: true
                  initContainers: [{name: sidecar, restartPolicy: Always, ports: [{containerPort: 15090}]}]
                  containers: [{name: c, resources: {limits: {nvidia.com/gpu: 8, rdma/ib: 1, cpu: 2}}}]
            """)
        #expect(ids(m) == ["ops/backup[CronJob]", "ops/exporter[DaemonSet]"])
        let backup = m.inventory.pods[m.inventory.workloads[0].representative]
        #expect(backup.isRepresentative && backup.labels == ["app": "backup"] && backup.ips.isEmpty)
        #expect(backup.ports(named: "metrics", proto: .udp) == [9100])
        let exporter = m.inventory.pods[m.inventory.workloads[1].representative]
        #expect(exporter.hostNetwork && exporter.ports.map(\.port) == [15090])
        #expect(exporter.resources == ["nvidia.com/gpu", "rdma/ib"])
    }

    @Test func unknownAndUnevaluatedKindsAreCountedAndNamed() throws {
        let m = try load(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            ---
            apiVersion: crd.antrea.io/v1beta1
            kind: NetworkPolicy
            metadata: {name: l7, namespace: a}
            ---
            apiVersion: crd.projectcalico.org/v1
            kind: HostEndpoint
            metadata: {name: g}
            ---
            # Source: chart/templates/empty.yaml
            ---
            just: values
            """)
        #expect(m.skippedKinds == ["ConfigMap": 1])
        #expect(m.nonObjectDocuments == 1)
        let warning = try #require(m.incompleteWarning)
        #expect(
            warning.contains("1 NetworkPolicy.crd.antrea.io")
                && warning.contains("1 HostEndpoint.crd.projectcalico.org"))
        #expect(warning.hasPrefix("incomplete:"))
    }

    @Test func duplicatesWarnAndTheLaterWins() throws {
        let m = try load(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: a, labels: {v: "1"}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a, labels: {v: "2"}}
            """)
        #expect(m.inventory.namespace(named: "a")?.labels["v"] == "2")
        #expect(m.warnings.first?.hasPrefix("m.yaml:5:") == true)
    }

    @Test(
        arguments: [
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - ports: [{containerPort: 99999}]\n",
                6, "outside 1-65535"
            ),
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {podIP: 10.0.0.300}\n", 4, "invalid IP address"),
            ("apiVersion: v1\nkind: Pod\nmetadata: {namespace: a}\n", 1, "without metadata.name"),
            (
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: web\n", 4,
                "expected a mapping with 'template'"
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: maybe}\n", 4,
                "expected true or false"
            ),
            ("apiVersion: v1\nkind: Pod\nmetadata: {name: p\n", 4, "invalid YAML"),
        ] as [(String, Int, String)])
    func malformedManifestsNameFileLineColumn(_ text: String, _ line: Int, _ message: String) {
        do {
            _ = try load(text, file: "bad.yaml")
            Issue.record("accepted malformed manifest")
        } catch let error as InputError {
            #expect(error.file == "bad.yaml" && error.line == line && error.column != nil, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func servicesKeepClusterIPsAndNamedTargetPorts() throws {
        let m = try load(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              clusterIP: 10.96.0.10
              clusterIPs: [10.96.0.10]
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: http}, {port: 53, protocol: UDP}]
            """)
        let s = try #require(m.inventory.services.first)
        #expect(s.clusterIPs == [IPAddress("10.96.0.10")!])
        #expect(
            s.ports[0].targetPort == .name("http") && s.ports[1].targetPort == .number(53) && s.ports[1].proto == .udp)
        #expect(s.selector == ["app": "web"])
    }

    /// Warnings name where: pods of one workload with different labels at the pod that differs;
    /// skipped kinds and documents that are not objects at the first of each; Interlock's own kinds
    /// are not skipped kinds.
    @Test func warningsNameWhere() throws {
        let m = try load(
            """
            {"kind": "List", "items": [
              {"kind": "Pod", "metadata": {"name": "w-1", "namespace": "a", "labels": {"app": "w"}, "ownerReferences": [{"kind": "Job", "name": "w", "controller": true}]}},
              {"kind": "Pod", "metadata": {"name": "w-2", "namespace": "a", "labels": {"app": "v"}, "ownerReferences": [{"kind": "Job", "name": "w", "controller": true}]}},
              {"kind": "ConfigMap", "metadata": {"name": "c"}},
              {"apiVersion": "interlock.dev/v1", "kind": "FabricACL", "metadata": {"name": "x"}},
              {"no": "kind"}
            ]}
            """, file: "w.json")
        #expect(
            m.warnings.contains { $0.hasPrefix("w.json:3:") && $0.contains("pods of a/w[Job] have different labels") })
        #expect(m.skippedKinds == ["ConfigMap": 1])
        #expect(
            m.skippedWarnings == [
                "skipped objects of kinds Interlock does not read: 1 ConfigMap (w.json:4)",
                "skipped 1 documents that are not Kubernetes objects (no kind), the first at w.json:6",
            ])
    }
}
