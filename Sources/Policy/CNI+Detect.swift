import Manifests

extension CNI {
    /// The semantics the kinds present in `inputs` call for, with the note that says so: Calico kinds
    /// (any object of Calico's API groups) call for `calico`, Cilium kinds for `cilium`, both for
    /// `generic`; with neither, `generic` and no note.
    public static func detect(in inputs: [PolicyInput]) -> (cni: CNI, note: String?) {
        let groups = Set(
            inputs.flatMap { ($0.manifests.policyObjects + $0.manifests.unevaluatedPolicies).map(\.group) })
        let calico = !groups.isDisjoint(with: CalicoPolicy.groups)
        let cilium = groups.contains("cilium.io")
        switch (calico, cilium) {
        case (true, false):
            return (.calico, "Calico kinds present: evaluated as Calico enforces them (--cni calico); --cni chooses")
        case (false, true):
            return (.cilium, "Cilium kinds present: evaluated as Cilium enforces them (--cni cilium); --cni chooses")
        case (true, true):
            return (
                .generic,
                "both Calico and Cilium kinds present: evaluated with the generic semantics (--cni generic); --cni chooses"
            )
        case (false, false): return (.generic, nil)
        }
    }
}
