import InterlockCore

/// Writes topology files: the generator form (`topology generate`) and the explicit form
/// (`topology expand`), which loads back into the same graph. Written by hand, line by line.
public enum TopologyWriter {
    /// The generator form: the generator and user networks with every parameter spelled out, the
    /// plane settings and the address bases.
    public static func generatorForm(
        name: String, _ g: GeneratorDescription, bases: AddressBases = AddressBases(),
        planes: [(Plane, PlaneSettings)]
    ) -> String {
        var out = "# Interlock topology: \(g.summary).\n"
        out += "# `interlock topology expand` writes every node and link of it.\n"
        out += "name: \(YAMLScalar.string(name))\ngenerator:\n"
        switch g.compute {
        case .fatTree(let p):
            out += "  kind: fat-tree\n  k: \(p.k)\n  oversubscription: \(YAMLScalar.number(p.oversubscription))\n"
            out +=
                "  gpusPerHost: \(p.gpusPerHost)\n  linkGbps: \(YAMLScalar.number(p.linkGbps))\n  transport: \(p.transport.rawValue)\n"
        case .rail(let p):
            out += "  kind: \(p.railOnly ? "rail-only" : "rail-optimized")\n  preset: \(p.preset.rawValue)\n"
            out += "  scalableUnits: \(p.scalableUnits)\n  nodesPerSU: \(p.nodesPerSU)\n  rails: \(p.rails)\n"
            out +=
                "  gpusPerNode: \(p.gpusPerNode)\n  linkGbps: \(YAMLScalar.number(p.linkGbps))\n  transport: \(p.transport.rawValue)\n"
            out += "  oversubscription: \(YAMLScalar.number(p.oversubscription))\n  switchRadix: \(p.switchRadix)\n"
            if p.pods > 1 { out += "  pods: \(p.pods)\n" }
        }
        if !g.networks.isEmpty {
            out += "networks:\n"
            for n in g.networks {
                out +=
                    "  \(n.plane.name): {hostsPerLeaf: \(n.hostsPerLeaf), hostGbps: \(YAMLScalar.number(n.hostGbps)), "
                out +=
                    "uplinkGbps: \(YAMLScalar.number(n.uplinkGbps)), oversubscription: \(YAMLScalar.number(n.oversubscription)), "
                out += "spines: \(n.spines)\(n.servers > 0 ? ", servers: \(n.servers)" : "")}\n"
            }
        }
        out += planesSection(planes) + addressingSection(bases)
        return out
    }

    /// The explicit form: every node with its tags and addresses, every link (consecutive parallel
    /// cables folded into `cables: N`), the plane settings and the address bases.
    public static func expanded(_ f: FabricGraph) -> String {
        var out = "# Interlock topology \(YAMLScalar.string(f.name)), explicit form"
        if let o = f.origin { out += " of \(o.summary)" }
        out +=
            ".\n# \(f.devices.count) nodes, \(f.links.count) links. Link ids are positions in the links list (cables counted).\n"
        out += "name: \(YAMLScalar.string(f.name))\n"
        let used = Set(f.devices.map(\.plane) + f.links.map(\.plane))
        out += planesSection(Plane.allCases.filter(used.contains).map { ($0, f.settings(of: $0)) })
        out += addressingSection(f.addresses.bases)
        out += "nodes:\n"
        for (i, d) in f.devices.enumerated() {
            out += "  - {name: \(YAMLScalar.string(d.name)), kind: \(d.kind)"
            if let r = d.role { out += ", role: \(r)" }
            let natural: Plane = d.kind == .bmc ? .oob : .compute
            if d.plane != natural || d.kind == .switch { out += ", plane: \(d.plane)" }
            if let r = d.rail { out += ", rail: \(r)" }
            if let s = d.scalableUnit { out += ", su: \(s)" }
            if let p = d.pod { out += ", pod: \(p)" }
            if let h = d.host { out += ", host: \(YAMLScalar.string(f.devices[Int(h)].name))" }
            if let n = d.nic { out += ", nic: \(YAMLScalar.string(f.devices[Int(n)].name))" }
            let interfaces = f.addresses.interfaces(of: DeviceID(i))
            if d.kind == .host, !interfaces.isEmpty {
                out += ", addresses: {" + interfaces.map { "\($0.plane): \($0.address)" }.joined(separator: ", ") + "}"
            } else if let a = interfaces.first {
                out += ", address: \(a.address)"
            }
            out += "}\n"
        }
        out += "links:\n"
        var i = 0
        while i < f.links.count {
            let l = f.links[i]
            var j = i + 1
            while j < f.links.count, f.links[j] == l { j += 1 }
            out +=
                "  - {from: \(YAMLScalar.string(f.devices[Int(l.lower)].name)), to: \(YAMLScalar.string(f.devices[Int(l.upper)].name)), gbps: \(YAMLScalar.number(l.gbps))"
            out += j - i > 1 ? ", cables: \(j - i)}\n" : "}\n"
            i = j
        }
        return out
    }

    static func planesSection(_ planes: [(Plane, PlaneSettings)]) -> String {
        guard !planes.isEmpty else { return "" }
        var out = "planes:\n"
        for (p, s) in planes {
            out += "  \(p): {transport: \(s.transport.rawValue), routing: \(s.routing.rawValue)"
            out += s.hashesDestinationQP ? ", hashDestinationQP: true}\n" : "}\n"
        }
        return out
    }

    static func addressingSection(_ bases: AddressBases) -> String {
        "addressing:\n" + FabricInterfaceKind.allCases.map { "  \($0): \(bases[$0])\n" }.joined()
    }
}
