import InterlockCore

/// Writes a realistic synthetic cluster: namespaces grouped into tenants, nodes, workloads as pods
/// with owners, labels, named ports and pod IPs, NetworkPolicies of varied breadth, and optionally
/// AdminNetworkPolicies with a BaselineAdminNetworkPolicy. The same spec always gives the same objects.
///
/// Objects go to `emit(file, object)` in file order: `namespaces`, `nodes`, `pods`,
/// `networkpolicies`, `admin-policies`.
public struct ClusterSynthesizer {
    /// The size and shape being generated.
    public let spec: SynthClusterSpec
    var random: SeededGenerator

    /// A namespace being generated.
    struct NamespacePlan {
        var name: String
        var tenant: String
        var team: String
        var env: String
        var defaultDeny: Bool
        var workloads: [WorkloadPlan] = []
    }

    /// A workload and its replicas.
    struct WorkloadPlan {
        var name: String
        var app: Vocabulary.App
        var version: String
        var gpu: Bool
        var replicas: Int
    }

    /// A synthesizer for `spec`, its random choices seeded by `spec.seed`.
    public init(spec: SynthClusterSpec) {
        self.spec = spec
        random = SeededGenerator(seed: spec.seed)
    }

    /// The files, in order, that `generate` emits objects into.
    public static let files = ["namespaces", "nodes", "pods", "networkpolicies", "admin-policies", "cilium-policies"]

    /// Generates every object.
    public mutating func generate(emit: (String, JSON) -> Void) {
        let plans = planNamespaces()
        let nodeCount = max(1, spec.pods / 30)
        emit("namespaces", namespace("kube-system", labels: []))
        emit("namespaces", namespace("monitoring", labels: [("team", "infra")]))
        for p in plans {
            var labels = [("tenant", p.tenant), ("team", p.team), ("env", p.env)]
            if p.defaultDeny { labels.append(("policy-mode", "default-deny")) }
            emit("namespaces", namespace(p.name, labels: labels))
        }
        for i in 0..<nodeCount { emit("nodes", node(i)) }
        var podIndex = 0
        emitPlatformPods(nodeCount: nodeCount, podIndex: &podIndex, emit: emit)
        for p in plans {
            for w in p.workloads {
                let hash = hashSuffix()
                for r in 0..<w.replicas {
                    emit(
                        "pods",
                        pod(
                            w, namespace: p.name, replicaSetHash: hash, replica: r, index: podIndex,
                            node: podIndex % nodeCount))
                    podIndex += 1
                }
            }
        }
        var policyWriter = PolicySynthesizer(random: random)
        policyWriter.generate(count: spec.policies, namespaces: plans, emit: { emit("networkpolicies", $0) })
        if spec.adminPolicies > 0 {
            policyWriter.generateAdmin(
                count: spec.adminPolicies, namespaces: plans, emit: { emit("admin-policies", $0) })
        }
        if spec.ciliumPolicies > 0 {
            policyWriter.generateCilium(
                count: spec.ciliumPolicies, namespaces: plans, emit: { emit("cilium-policies", $0) })
        }
        policyWriter.generateCalico(
            count: spec.calicoPolicies, namespaces: plans, emit: { emit("networkpolicies", $0) })
        random = policyWriter.random
    }

    /// Namespaces with their workloads: pod counts per namespace follow a Zipf-like skew.
    mutating func planNamespaces() -> [NamespacePlan] {
        let tenants = max(1, spec.namespaces / 8)
        var seen: [String: Int] = [:]
        var plans: [NamespacePlan] = (0..<spec.namespaces).map { i in
            let tenant = "t\(i % tenants + 1)"
            let stem = "\(tenant)-\(Vocabulary.areas[(i / tenants) % Vocabulary.areas.count])"
            seen[stem, default: 0] += 1
            return NamespacePlan(
                name: "\(stem)-\(seen[stem]!)",
                tenant: tenant,
                team: Vocabulary.teams.randomElement(using: &random)!,
                env: weighted(Vocabulary.environments, Vocabulary.environmentWeights),
                defaultDeny: Int.random(in: 0..<10, using: &random) < 6)
        }
        // Pods per namespace ~ 1/(rank+1), at least one workload each (platform pods come on top).
        let userPods = spec.pods - 2
        let weights = (0..<plans.count).map { 1.0 / Double($0 + 1) }
        let total = weights.reduce(0, +)
        var remaining = userPods
        for i in plans.indices {
            let share =
                i == plans.count - 1
                ? remaining
                : max(1, min(remaining - (plans.count - 1 - i), Int(Double(userPods) * weights[i] / total)))
            remaining -= share
            var left = share
            while left > 0 {
                let app = weighted(Vocabulary.apps, Vocabulary.appWeights)
                let replicas = min(left, [1, 1, 2, 3, 3, 5, 8, 12].randomElement(using: &random)!)
                let name = "\(app.name)-\(plans[i].workloads.count + 1)"
                plans[i].workloads.append(
                    WorkloadPlan(
                        name: name, app: app, version: Bool.random(using: &random) ? "v1" : "v2",
                        gpu: app.tier == "gpu", replicas: replicas))
                left -= replicas
            }
        }
        return plans
    }

    mutating func weighted<T>(_ items: [T], _ weights: [Int]) -> T {
        var pick = Int.random(in: 0..<weights.reduce(0, +), using: &random)
        for (item, w) in zip(items, weights) {
            if pick < w { return item }
            pick -= w
        }
        return items[items.count - 1]
    }

    mutating func hashSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<10).map { _ in alphabet.randomElement(using: &random)! })
    }

    /// kube-system's DNS and the monitoring stack, which the generated policies refer to.
    mutating func emitPlatformPods(nodeCount: Int, podIndex: inout Int, emit: (String, JSON) -> Void) {
        let dns = WorkloadPlan(
            name: "coredns",
            app: Vocabulary.App(
                name: "coredns", tier: "platform",
                ports: [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP")]), version: "v1", gpu: false, replicas: 1)
        let prom = WorkloadPlan(
            name: "prometheus",
            app: Vocabulary.App(
                name: "prometheus", tier: "platform",
                ports: [("web", 9090, "TCP")]), version: "v1", gpu: false, replicas: 1)
        emit(
            "pods",
            pod(
                dns, namespace: "kube-system", replicaSetHash: hashSuffix(), replica: 0, index: podIndex,
                node: 0, extraLabels: [("k8s-app", "kube-dns")]))
        podIndex += 1
        emit(
            "pods",
            pod(
                prom, namespace: "monitoring", replicaSetHash: hashSuffix(), replica: 0, index: podIndex,
                node: min(1, nodeCount - 1)))
        podIndex += 1
    }
}
