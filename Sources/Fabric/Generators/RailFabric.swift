/// The rail-optimized and rail-only generators (DGX SuperPOD; Wang et al., arXiv 2307.12169).
enum RailFabric {
    static func generate(_ p: RailParameters, into b: inout FabricBuilder) throws(FabricError) {
        if let (_, message) = p.problem() { throw FabricError(message) }
        if p.pods > 1 { return try MultiPodRailFabric.generate(p, layout: MultiPodLayout(p), into: &b) }
        let layout = try RailLayout(p)
        b.set(.compute, PlaneSettings(transport: p.transport))
        let leafUp = Int(Double(p.nodesPerSU) / p.oversubscription)
        b.reserve(
            devices: p.nodes * (2 + p.gpusPerNode + p.rails) + layout.leaves + layout.spines + layout.cores,
            links: p.nodes * p.rails + layout.leaves * leafUp + layout.spines * layout.coresPerSpine
                * layout.spineCoreCables)
        let nics = try addNodes(p, into: &b)
        // Spine group of a leaf: one group (two tiers), its rail (rail-only), or its rail's block of SUs.
        let blocks = layout.groups / (layout.groups == 1 && !p.railOnly ? 1 : p.rails)
        func group(su: Int, rail: Int) -> Int? {
            if p.railOnly { return rail }
            return layout.tiers == 3 ? rail * blocks + (su - 1) / layout.unitsPerGroup : nil
        }
        var leaves: [[DeviceID]] = []  // [su-1][rail]
        for su in 1...p.scalableUnits {
            var row: [DeviceID] = []
            for r in 0..<p.rails {
                row.append(
                    try b.add(
                        Device(
                            name: Naming.railLeaf(su: su, rail: r), kind: .switch, plane: .compute,
                            role: .leaf, rail: r, scalableUnit: su, pod: group(su: su, rail: r))))
            }
            leaves.append(row)
        }
        var spines: [DeviceID] = []
        for s in 0..<layout.spines {
            let g = layout.groups > 1 ? s / layout.spinesPerGroup : nil
            let rail = g.map { p.railOnly ? $0 : $0 / blocks }
            spines.append(
                try b.add(
                    Device(
                        name: Naming.numbered("spine", s + 1), kind: .switch, plane: .compute,
                        role: .spine, rail: rail, pod: g)))
        }
        var cores: [DeviceID] = []
        for c in 0..<layout.cores {
            cores.append(
                try b.add(Device(name: Naming.numbered("core", c + 1), kind: .switch, plane: .compute, role: .core)))
        }
        for (n, row) in nics.enumerated() {
            for (r, nic) in row.enumerated() { try b.connect(nic, leaves[n / p.nodesPerSU][r], gbps: p.linkGbps) }
        }
        guard layout.spines > 0 else { return }
        for su in 1...p.scalableUnits {
            for r in 0..<p.rails {
                let g = group(su: su, rail: r) ?? 0
                for j in 0..<layout.spinesPerGroup {
                    try b.connect(
                        leaves[su - 1][r], spines[g * layout.spinesPerGroup + j], gbps: p.linkGbps,
                        cables: layout.leafSpineCables)
                }
            }
        }
        for (s, spine) in spines.enumerated() where layout.cores > 0 {
            let j = s % layout.spinesPerGroup
            for m in 0..<layout.coresPerSpine {
                try b.connect(
                    spine, cores[j * layout.coresPerSpine + m], gbps: p.linkGbps, cables: layout.spineCoreCables)
            }
        }
    }

    /// The compute nodes (`dgx0001`…, SUs numbered on across pods), each with its GPUs, NICs and BMC;
    /// returns the NICs by node and rail.
    static func addNodes(_ p: RailParameters, into b: inout FabricBuilder) throws(FabricError) -> [[DeviceID]] {
        var nics: [[DeviceID]] = []  // [node][rail]
        nics.reserveCapacity(p.nodes)
        for n in 0..<p.nodes {
            let su = n / p.nodesPerSU + 1
            let name = Naming.node("dgx", n + 1)
            let host = try b.add(Device(name: name, kind: .host, plane: .compute, scalableUnit: su))
            let firstNIC = DeviceID(b.devices.count + p.gpusPerNode)
            for g in 0..<p.gpusPerNode {
                let rail = g % p.rails
                try b.add(
                    Device(
                        name: Naming.gpu(name, g), kind: .gpu, plane: .compute, rail: rail, scalableUnit: su,
                        host: host, nic: firstNIC + DeviceID(rail)))
            }
            var row: [DeviceID] = []
            for r in 0..<p.rails {
                row.append(
                    try b.add(
                        Device(
                            name: Naming.nic(name, r), kind: .nic, plane: .compute, rail: r, scalableUnit: su,
                            host: host)))
            }
            nics.append(row)
            try b.add(Device(name: Naming.bmc(name), kind: .bmc, plane: .oob, scalableUnit: su, host: host))
        }
        return nics
    }
}
