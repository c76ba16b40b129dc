import InterlockCore
import Manifests

/// The labels Cilium gives an endpoint's security identity, and how Cilium selectors are read against them.
///
/// "Cilium labels are prefixed with a source: `k8s:` for labels from Kubernetes, `reserved:` for special
/// identities, ... A selector key without a source matches any source (`any:`)." Pods carry their own labels
/// and, from Kubernetes, `io.kubernetes.pod.namespace`, `io.cilium.k8s.policy.serviceaccount`,
/// `io.cilium.k8s.policy.cluster` and `io.cilium.k8s.namespace.labels.<key>` for each namespace label
/// (docs.cilium.io, Kubernetes > Namespaces, Service Accounts, Multi-Cluster).
public enum CiliumIdentity {
    /// The pseudo-label holding the pod's namespace.
    public static let namespaceLabel = "io.kubernetes.pod.namespace"
    /// The label holding the pod's service account.
    public static let serviceAccountLabel = "io.cilium.k8s.policy.serviceaccount"
    /// The label holding the cluster name.
    public static let clusterLabel = "io.cilium.k8s.policy.cluster"
    /// The prefix of the namespace's labels copied onto its pods.
    public static let namespaceLabelsPrefix = "io.cilium.k8s.namespace.labels."

    /// The identity labels of `pod` (its namespace's labels given) in cluster `cluster`.
    public static func labels(of pod: Pod, namespaceLabels: [String: String], cluster: String) -> [String: String] {
        var labels = pod.labels
        for (key, value) in namespaceLabels { labels[namespaceLabelsPrefix + key] = value }
        labels[namespaceLabel] = pod.namespace
        labels[serviceAccountLabel] = pod.serviceAccount
        labels[clusterLabel] = cluster
        return labels
    }

    /// The entity a selector of one reserved label stands for (`{matchLabels: {"reserved:host": ""}}` is the
    /// `host` entity): "Special Identities" give reserved labels to the host, remote nodes, the world, health, init,
    /// the kube-apiserver, ingress and unmanaged endpoints, and such a selector is not limited to a namespace.
    /// `nil` for any other selector.
    public static func reservedEntity(_ selector: LabelSelector) -> CiliumEntity? {
        guard selector.requirements.count == 1, let r = selector.requirements.first, r.key.hasPrefix(reserved),
            r.op == .exists || (r.op == .in && r.values == [""]),
            let entity = CiliumEntity(rawValue: String(r.key.dropFirst(reserved.count))),
            ![.all, .cluster, .none].contains(entity)
        else { return nil }
        return entity
    }

    private static let reserved = "reserved:"

    /// The key without its `k8s:` or `any:` source (other sources, such as `reserved:`, no pod label has).
    public static func plainKey(_ key: String) -> String {
        for source in ["k8s:", "any:"] where key.hasPrefix(source) { return String(key.dropFirst(source.count)) }
        return key
    }

    /// `selector` with its keys' `k8s:`/`any:` sources dropped, limited to `namespace` unless it names one:
    /// "If the namespace is not specified, the policy's namespace is assumed" for a namespaced policy's
    /// selectors; a clusterwide policy's selectors are cluster-wide.
    public static func scoped(_ selector: LabelSelector, to namespace: String?) -> LabelSelector {
        var out = LabelSelector(
            requirements: selector.requirements.map {
                LabelSelector.Requirement(key: plainKey($0.key), op: $0.op, values: $0.values)
            })
        if let namespace, !out.requirements.contains(where: { $0.key == namespaceLabel }) {
            out.requirements.append(LabelSelector.Requirement(key: namespaceLabel, op: .in, values: [namespace]))
        }
        return out
    }
}
