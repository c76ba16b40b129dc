import Manifests

extension PolicySet {
    /// Pairs of admin-tier policies at one priority whose subjects select a common pod: upstream
    /// leaves their order undefined ("If two (or more) policies in the same tier with the same
    /// priority could match a connection, then the implementation can apply any of the matching
    /// policies"). Interlock evaluates them by name; each pair is reported.
    public func priorityConflicts(in inventory: Inventory) -> [String] {
        let admin = adminPolicies.filter { $0.tier == .admin }
        var out: [String] = []
        for (i, a) in admin.enumerated() {
            for b in admin[(i + 1)...] where a.priority == b.priority {
                let shared = inventory.pods.first { pod in
                    guard !pod.hostNetwork, let labels = inventory.namespace(named: pod.namespace)?.labels else {
                        return false
                    }
                    return a.subject.selects(pod, namespaceLabels: labels)
                        && b.subject.selects(pod, namespaceLabels: labels)
                }
                guard shared != nil || a.subject == b.subject else { continue }
                let example = shared.map { " (both select \($0.id))" } ?? ""
                out.append(
                    "\(a.ref) and \(b.ref) share priority \(a.priority) and their subjects overlap\(example): their order is undefined upstream; Interlock evaluates them by name"
                )
            }
        }
        return out
    }
}
