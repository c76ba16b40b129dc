/// The multi-pod rail-optimized generator (`MultiPodLayout`): the pods' nodes, leaves, spines and
/// cores in pod order, then the top tier. Names and SUs run on across pods (`dgx2049`, `leaf-su65-r0`,
/// `spine513`); pod switches carry their pod, spines their rail on three-tier pods.
enum MultiPodRailFabric {
    static func generate(_ p: RailParameters, layout: MultiPodLayout, into b: inout FabricBuilder) throws(FabricError) {
        b.set(.compute, PlaneSettings(transport: p.transport))
        let leafUp = Int(Double(p.nodesPerSU) / p.oversubscription)
        b.reserve(
            devices: p.nodes * (2 + p.gpusPerNode + p.rails) + layout.leaves + layout.spines + layout.podCores
                + layout.top,
            links: p.nodes * p.rails + 3 * layout.leaves * leafUp)
        let nics = try RailFabric.addNodes(p, into: &b)
        let blocks = layout.groupsPerPod / (layout.podTiers == 3 ? p.rails : 1)
        var leaves: [[DeviceID]] = []  // [su-1][rail], SUs numbered across pods
        for su in 1...(p.pods * p.scalableUnits) {
            var row: [DeviceID] = []
            for r in 0..<p.rails {
                row.append(
                    try b.add(
                        Device(
                            name: Naming.railLeaf(su: su, rail: r), kind: .switch, plane: .compute, role: .leaf,
                            rail: r, scalableUnit: su, pod: (su - 1) / p.scalableUnits)))
            }
            leaves.append(row)
        }
        var spines: [DeviceID] = []  // pod by pod, group by group
        for s in 0..<layout.spines {
            let group = s / layout.spinesPerGroup % layout.groupsPerPod
            spines.append(
                try b.add(
                    Device(
                        name: Naming.numbered("spine", s + 1), kind: .switch, plane: .compute, role: .spine,
                        rail: layout.podTiers == 3 ? group / blocks : nil,
                        pod: s / (layout.spinesPerGroup * layout.groupsPerPod))))
        }
        var cores: [DeviceID] = []  // pod by pod
        for c in 0..<layout.podCores {
            cores.append(
                try b.add(
                    Device(
                        name: Naming.numbered("core", c + 1), kind: .switch, plane: .compute, role: .core,
                        pod: c / layout.coresPerPod)))
        }
        let topRole: SwitchRole = layout.podTiers == 2 ? .core : .supercore
        var top: [DeviceID] = []
        for t in 0..<layout.top {
            top.append(
                try b.add(
                    Device(
                        name: Naming.numbered(topRole.description, t + 1), kind: .switch, plane: .compute, role: topRole
                    )))
        }
        for (n, row) in nics.enumerated() {
            for (r, nic) in row.enumerated() { try b.connect(nic, leaves[n / p.nodesPerSU][r], gbps: p.linkGbps) }
        }
        for (i, row) in leaves.enumerated() {
            let pod = i / p.scalableUnits
            let block = i % p.scalableUnits / layout.unitsPerGroup
            for (r, leaf) in row.enumerated() {
                let group = pod * layout.groupsPerPod + (layout.podTiers == 3 ? r * blocks + block : 0)
                for j in 0..<layout.spinesPerGroup {
                    try b.connect(
                        leaf, spines[group * layout.spinesPerGroup + j], gbps: p.linkGbps,
                        cables: layout.leafSpineCables)
                }
            }
        }
        for (s, spine) in spines.enumerated() where layout.podTiers == 3 {
            let pod = s / (layout.spinesPerGroup * layout.groupsPerPod)
            let j = s % layout.spinesPerGroup
            for m in 0..<layout.coresPerSpine {
                try b.connect(
                    spine, cores[pod * layout.coresPerPod + j * layout.coresPerSpine + m], gbps: p.linkGbps,
                    cables: layout.spineCoreCables)
            }
        }
        // The pods' top layers: spine k of each two-tier pod, core k of each three-tier pod.
        let podTop = layout.podTiers == 2 ? spines : cores
        for (i, lower) in podTop.enumerated() {
            let k = i % layout.podTop
            for m in 0..<layout.topPerSwitch {
                try b.connect(lower, top[k * layout.topPerSwitch + m], gbps: p.linkGbps, cables: layout.topCables)
            }
        }
    }
}
