import InterlockCore

extension ClusterSynthesizer {
    func namespace(_ name: String, labels: [(String, String)]) -> JSON {
        var meta: [(String, JSON)] = [("name", .string(name))]
        let all = [("kubernetes.io/metadata.name", name)] + labels
        meta.append(("labels", .object(all.map { ($0.0, .string($0.1)) })))
        return .object([("apiVersion", "v1"), ("kind", "Namespace"), ("metadata", .object(meta))])
    }

    /// Node `i` (`node-0001`...), its InternalIP in 192.168.0.0/16 counted from .1.
    func node(_ i: Int) -> JSON {
        let ip = IPv4Address(IPv4Address(192, 168, 0, 0).value + UInt32(i + 1))
        return .object([
            ("apiVersion", "v1"), ("kind", "Node"),
            (
                "metadata",
                .object([
                    ("name", .string(ClusterSynthesizer.nodeName(i))),
                    ("labels", .object([("kubernetes.io/hostname", .string(ClusterSynthesizer.nodeName(i)))])),
                ])
            ),
            (
                "status",
                .object([
                    (
                        "addresses",
                        .array([
                            .object([("type", "InternalIP"), ("address", .string(ip.description))]),
                            .object([("type", "Hostname"), ("address", .string(ClusterSynthesizer.nodeName(i)))]),
                        ])
                    )
                ])
            ),
        ])
    }

    static func nodeName(_ i: Int) -> String {
        let digits = String(i + 1)
        return "node-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Pod number `index` gets 10.128.0.0/9 + index + 1: unique by construction.
    static func podIP(_ index: Int) -> IPv4Address {
        IPv4Address(IPv4Address(10, 128, 0, 0).value + UInt32(index + 1))
    }

    func pod(
        _ w: WorkloadPlan, namespace: String, replicaSetHash: String, replica: Int, index: Int, node: Int,
        extraLabels: [(String, String)] = []
    ) -> JSON {
        var labels: [(String, JSON)] = [
            ("app", .string(w.name)), ("tier", .string(w.app.tier)),
            ("version", .string(w.version)), ("pod-template-hash", .string(replicaSetHash)),
        ]
        if w.gpu { labels.append(("gpu", "true")) }
        labels += extraLabels.map { ($0.0, .string($0.1)) }
        let ports: [JSON] = (w.app.ports + [("metrics", 9100, "TCP")]).map {
            .object([("name", .string($0.0)), ("containerPort", .int($0.1)), ("protocol", .string($0.2))])
        }
        var container: [(String, JSON)] = [
            ("name", .string(w.app.name)),
            ("image", .string("registry.example.com/\(w.app.name):\(w.version)")),
            ("ports", .array(ports)),
        ]
        if w.gpu { container.append(("resources", .object([("limits", .object([("nvidia.com/gpu", "8")]))]))) }
        let ip = ClusterSynthesizer.podIP(index).description
        return .object([
            ("apiVersion", "v1"), ("kind", "Pod"),
            (
                "metadata",
                .object([
                    ("name", .string("\(w.name)-\(replicaSetHash)-\(replica)")),
                    ("namespace", .string(namespace)),
                    ("labels", .object(labels)),
                    (
                        "ownerReferences",
                        .array([
                            .object([
                                ("apiVersion", "apps/v1"), ("kind", "ReplicaSet"),
                                ("name", .string("\(w.name)-\(replicaSetHash)")),
                                ("controller", true),
                            ])
                        ])
                    ),
                ])
            ),
            (
                "spec",
                .object([
                    ("nodeName", .string(ClusterSynthesizer.nodeName(node))),
                    ("containers", .array([.object(container)])),
                ])
            ),
            (
                "status",
                .object([
                    ("phase", "Running"), ("podIP", .string(ip)),
                    ("podIPs", .array([.object([("ip", .string(ip))])])),
                ])
            ),
        ])
    }
}
