import InterlockCore

/// `topology show`: what a fabric holds, per plane, as JSON or aligned text.
public enum TopologySummary {
    /// The planes that hold anything, in plane order.
    static func planes(_ f: FabricGraph) -> [(Plane, PlaneCounts)] {
        Plane.allCases.map { ($0, f.counts(of: $0)) }.filter { $0.1.switches + $0.1.links + $0.1.hosts > 0 }
    }

    static func countsJSON(_ c: PlaneCounts) -> JSON {
        [
            "hosts": .int(c.hosts), "gpus": .int(c.gpus), "nics": .int(c.nics), "bmcs": .int(c.bmcs),
            "switches": .int(c.switches), "links": .int(c.links),
        ]
    }

    static func rolesJSON(_ c: PlaneCounts) -> JSON {
        .object(SwitchRole.allCases.compactMap { r in c.switchesByRole[r].map { (r.description, .int($0)) } })
    }

    /// The JSON report: `counts` and `switchesByRole` of the compute plane, and `planes.<name>` with
    /// `transport`, `routing`, `counts`, `switchesByRole` and `capacityGbps` for every plane in use.
    public static func json(_ f: FabricGraph) -> JSON {
        let compute = f.counts(of: .compute)
        var planeFields: [(String, JSON)] = []
        for (p, c) in planes(f) {
            let s = f.settings(of: p)
            planeFields.append(
                (
                    p.name,
                    [
                        "transport": .string(s.transport.rawValue), "routing": .string(s.routing.rawValue),
                        "hashDestinationQP": .bool(s.hashesDestinationQP), "counts": countsJSON(c),
                        "switchesByRole": rolesJSON(c), "capacityGbps": .double(c.capacityGbps),
                    ]
                ))
        }
        return [
            "name": .string(f.name),
            "generator": f.origin.map { .string($0.summary) } ?? .null,
            "counts": countsJSON(compute),
            "switchesByRole": rolesJSON(compute),
            "planes": .object(planeFields),
            "devices": .int(f.devices.count),
            "links": .int(f.links.count),
            "addressing": .object(
                FabricInterfaceKind.allCases.map { ($0.rawValue, .string(f.addresses.bases[$0].description)) }),
            "interfaces": .int(f.addresses.interfaces.count),
        ]
    }

    /// The text report: a headline, one row per plane, switches by role, the address plan.
    public static func text(_ f: FabricGraph, file: String) -> String {
        var out = "\(file): \(f.name)"
        if let o = f.origin { out += " — \(o.summary)" }
        out +=
            "\n\(f.devices.count) devices, \(f.links.count) links, \(f.addresses.interfaces.count) addressed interfaces\n\n"
        var table = TextTable(
            headers: [
                "plane", "transport", "routing", "hosts", "gpus", "nics", "bmcs", "switches", "links", "capacity",
            ],
            alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .right, .right])
        var roles = TextTable(headers: ["plane", "switches by role"])
        for (p, c) in planes(f) {
            let s = f.settings(of: p)
            table.append([
                p.name, s.transport.rawValue, s.routing.rawValue + (s.hashesDestinationQP ? "+qp" : ""),
                String(c.hosts), String(c.gpus), String(c.nics), String(c.bmcs), String(c.switches),
                String(c.links), Units.formatRate(bitsPerSecond: c.capacityGbps * 1e9),
            ])
            let byRole = SwitchRole.allCases.compactMap { r in c.switchesByRole[r].map { "\(r) \($0)" } }
            if !byRole.isEmpty { roles.append([p.name, byRole.joined(separator: ", ")]) }
        }
        out += table.render() + "\n" + roles.render() + "\n"
        var plan = TextTable(headers: ["addresses", "prefix"])
        for k in FabricInterfaceKind.allCases { plan.append([k.rawValue, f.addresses.bases[k].description]) }
        return out + plan.render()
    }
}
