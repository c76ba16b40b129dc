import Manifests

/// The labels a suggested policy selects a workload by: those every pod of the workload carries with
/// the same value, less the labels controllers stamp on each pod or revision (a selector on them
/// would stop matching after the next rollout, or match one pod only).
public enum StableLabels {
    /// Label keys set by controllers per pod, per revision or per run, never selected on
    /// (https://kubernetes.io/docs/reference/labels-annotations-taints/).
    public static let unstableKeys: Set<String> = [
        "pod-template-hash",  // Deployment → ReplicaSet revision
        "controller-revision-hash",  // StatefulSet and DaemonSet revision
        "pod-template-generation",  // DaemonSet template generation
        "statefulset.kubernetes.io/pod-name",  // one StatefulSet pod
        "apps.kubernetes.io/pod-index",  // one StatefulSet pod's ordinal
        "batch.kubernetes.io/job-completion-index",  // one Indexed Job pod
        "job-name", "batch.kubernetes.io/job-name",  // one run of a Job (a CronJob's runs differ)
        "controller-uid", "batch.kubernetes.io/controller-uid",  // one Job object
    ]

    /// The stable labels of workload `index`: the labels all its pods share, unstable keys left out.
    public static func of(workload index: Int, in inventory: Inventory) -> [String: String] {
        let pods = inventory.workloads[index].pods.map { inventory.pods[$0].labels }
        var shared = pods[0].filter { !unstableKeys.contains($0.key) }
        for labels in pods.dropFirst() {
            shared = shared.filter { labels[$0.key] == $0.value }
        }
        return shared
    }
}
