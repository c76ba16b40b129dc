import Fabric
import Foundation
import InterlockCore
import Traffic

/// Synthetic traffic at SuperPOD scale: an all-to-all over all 16,384 GPUs of a 64-SU DGX H100
/// fabric (`topology generate rail-optimized --preset dgx-h100 --scalable-units 64`), generated,
/// routed (D-mod-K), loaded onto links and judged against a cluster of one 8-GPU pod per node on
/// an RDMA network, streaming: no flow is kept.
public enum TrafficWorkloads {
    public static let superPOD64 = FabricWorkloads.superPOD64

    /// The 64-SU fabric, one job on every node, and a judge over its pods and policies.
    public struct Setup: Sendable {
        public let fabric: FabricGraph
        public let placement: JobPlacement
        public let judge: PolicyJudge

        public init(nodes: Int? = nil) {
            fabric = try! FabricGraph.generate(superPOD64, name: "su64")
            let which = nodes.map(String.init) ?? "all"
            placement = try! JobsFile.load(
                bytes: Array("jobs:\n- {name: trainer, tenant: training, nodes: \(which)}\n".utf8),
                file: "jobs.yaml", fabric: fabric)
            let bundle = try! PolicyBundle.load(path: TrafficWorkloads.writeCluster(nodes: 64 * 32))
            judge = try! PolicyJudge(bundle: bundle, placement: placement, fabric: fabric)
        }

        /// One run; items are flows.
        public func run(pxn: Bool, threads: Int?, judged: Bool = true, routing: RoutingChoice? = nil) -> Int {
            let options = SimulationOptions(
                collective: CollectiveOptions(collective: .allToAll, size: 1_073_741_824, pxn: pxn),
                routing: routing, threads: threads)
            let r = try! TrafficSimulator.run(
                fabric: fabric, placement: placement, options: options, judging: judged ? .one(judge) : .none)
            precondition(
                r.statistics.unroutableFlows == 0
                    && (!judged || r.policy[0].total(.allowed).flows == r.statistics.flows))
            return r.statistics.flows
        }
    }

    public static func comparisons() -> [Comparison] {
        let full = Setup()
        let small = Setup(nodes: 128)
        return [
            Comparison(
                title: "all-to-all with PXN, 16,384 GPUs (33.5M flows), routed and judged",
                subject: Workload(name: "TrafficSimulator, every core", unit: "flows", clock: .wall) {
                    full.run(pxn: true, threads: nil)
                },
                baseline: Workload(name: "the same on one thread", unit: "flows", clock: .wall) {
                    full.run(pxn: true, threads: 1)
                }),
            Comparison(
                title: "all-to-all with PXN, 1,024 GPUs (130k flows): one D-mod-K path per flow vs the even split",
                subject: Workload(name: "Router.route per flow", unit: "flows") {
                    small.run(pxn: true, threads: 1, judged: false)
                },
                baseline: Workload(name: "fluid split over every path", unit: "flows") {
                    small.run(pxn: true, threads: 1, judged: false, routing: .fluid)
                }),
        ]
    }

    /// Manifests as `kubectl get -o json` writes them: namespace `training`, an SR-IOV RDMA network,
    /// one pod with 8 GPUs on each of `nodes` DGX nodes (a Job), a NetworkPolicy and a
    /// MultiNetworkPolicy that admit only the job's pods. Returns the directory.
    public static func writeCluster(nodes: Int) -> String {
        let dir = NSTemporaryDirectory() + "interlock-traffic-bench-\(nodes)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var items: [JSON] = [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "training"]],
            [
                "apiVersion": "k8s.cni.cncf.io/v1", "kind": "NetworkAttachmentDefinition",
                "metadata": ["name": "rdma-rail", "namespace": "training"],
                "spec": [
                    "config":
                        #"{"cniVersion": "0.3.1", "name": "rdma-rail", "plugins": [{"type": "sriov", "ipam": {"type": "whereabouts", "range": "172.16.0.0/12"}}, {"type": "rdma"}]}"#
                ],
            ],
        ]
        let onlyJob: JSON = [
            "podSelector": ["matchLabels": ["job-name": "trainer"]], "policyTypes": ["Ingress"],
            "ingress": [["from": [["podSelector": ["matchLabels": ["job-name": "trainer"]]]]]],
        ]
        items.append([
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": ["name": "job-only", "namespace": "training"], "spec": onlyJob,
        ])
        items.append([
            "apiVersion": "k8s.cni.cncf.io/v1beta1", "kind": "MultiNetworkPolicy",
            "metadata": [
                "name": "rdma-job-only", "namespace": "training",
                "annotations": ["k8s.v1.cni.cncf.io/policy-for": "rdma-rail"],
            ], "spec": onlyJob,
        ])
        for i in 0..<nodes {
            let podIP = IPv4Address(IPv4Address(10, 128, 0, 0).value + UInt32(i + 1)).description
            let rdmaIP = IPv4Address(IPv4Address(172, 16, 0, 0).value + UInt32(i + 1)).description
            let status = #"[{"name": "training/rdma-rail", "interface": "net1", "ips": [""# + rdmaIP + #""]}]"#
            items.append([
                "apiVersion": "v1", "kind": "Pod",
                "metadata": .object([
                    ("name", .string("trainer-\(i)")), ("namespace", "training"),
                    (
                        "labels",
                        .object([
                            ("job-name", "trainer"), ("batch.kubernetes.io/job-completion-index", .string(String(i))),
                        ])
                    ),
                    (
                        "ownerReferences",
                        [
                            [
                                "apiVersion": "batch/v1", "kind": "Job", "name": "trainer", "controller": true,
                                "uid": "bench",
                            ]
                        ]
                    ),
                    (
                        "annotations",
                        .object([
                            ("k8s.v1.cni.cncf.io/networks", "rdma-rail@net1"),
                            ("k8s.v1.cni.cncf.io/network-status", .string(status)),
                        ])
                    ),
                ]),
                "spec": .object([
                    ("nodeName", .string(Naming.node("dgx", i + 1))),
                    (
                        "containers",
                        [
                            [
                                "name": "pytorch", "image": "nvcr.io/nvidia/pytorch:24.05-py3",
                                "resources": ["limits": ["nvidia.com/gpu": "8"]],
                            ]
                        ]
                    ),
                ]),
                "status": .object([
                    ("phase", "Running"), ("podIP", .string(podIP)),
                    ("podIPs", .array([.object([("ip", .string(podIP))])])),
                ]),
            ])
        }
        let list: JSON = ["apiVersion": "v1", "kind": "List", "items": .array(items)]
        try! list.serialized(pretty: false).write(toFile: dir + "/cluster.json", atomically: true, encoding: .utf8)
        return dir
    }
}
