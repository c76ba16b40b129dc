import Manifests

extension CNI {
    /// The CNI whose dialect the policy objects of `manifests` are written in, with the note saying so:
    /// Cilium kinds → cilium, Calico kinds → calico, both → generic; `nil` when there are none.
    public static func detected(in manifests: ManifestSet) -> (cni: CNI, note: String)? {
        let groups = Set((manifests.policyObjects + manifests.unevaluatedPolicies).map(\.group))
        let cilium = groups.contains("cilium.io")
        let calico = groups.contains { $0.hasSuffix("projectcalico.org") }
        switch (cilium, calico) {
        case (true, false): return (.cilium, "Cilium policies found: evaluating as Cilium enforces them (--cni cilium)")
        case (false, true): return (.calico, "Calico policies found: evaluating as Calico enforces them (--cni calico)")
        case (true, true):
            return (
                .generic, "both Cilium and Calico policies found: evaluating with --cni generic; give --cni to choose"
            )
        default: return nil
        }
    }
}
