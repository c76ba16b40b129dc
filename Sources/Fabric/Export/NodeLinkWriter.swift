import InterlockCore

/// NetworkX node-link JSON (`networkx.node_link_data(G, edges="edges")` for a MultiGraph): `directed`,
/// `multigraph`, `graph`, `nodes` (each with `id` and the device's tags) and `edges` (each with
/// `source`, `target`, `key` among parallel cables, and the link's `id`, `gbps`, `plane`, `tier`).
public enum NodeLinkWriter {
    /// The whole fabric as node-link JSON bytes.
    public static func write(_ f: FabricGraph) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(f.devices.count * 120 + f.links.count * 110)
        out += "{\n  \"directed\": false,\n  \"multigraph\": true,\n  \"graph\": {\"name\": ".utf8
        JSON.writeString(f.name, into: &out)
        out += ", \"planes\": {".utf8
        for (n, p) in Plane.allCases.enumerated() {
            let s = f.settings(of: p)
            out +=
                "\(n > 0 ? ", " : "")\"\(p.name)\": {\"transport\": \"\(s.transport.rawValue)\", \"routing\": \"\(s.routing.rawValue)\", \"hashDestinationQP\": \(s.hashesDestinationQP)}"
                .utf8
        }
        out += "}, \"addressing\": {".utf8
        out +=
            FabricInterfaceKind.allCases.map { "\"\($0)\": \"\(f.addresses.bases[$0])\"" }.joined(separator: ", ").utf8
        out += "}},\n  \"nodes\": [\n".utf8
        for i in f.devices.indices {
            out += "    {\"id\": ".utf8
            JSON.writeString(f.devices[i].name, into: &out)
            for (key, value) in ExportAttributes.node(f, DeviceID(i)) {
                out += ", \"\(key)\": ".utf8
                switch value {
                case .text(let t): JSON.writeString(t, into: &out)
                case .number(let n): out += String(n).utf8
                }
            }
            let addresses = ExportAttributes.addresses(f, DeviceID(i))
            if !addresses.isEmpty {
                out += ", \"addresses\": {".utf8
                out += addresses.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ").utf8
                out += "}".utf8
            }
            out += (i + 1 < f.devices.count ? "},\n" : "}\n").utf8
        }
        out += "  ],\n  \"edges\": [\n".utf8
        var previous: (DeviceID, DeviceID) = (-1, -1)
        var key = 0
        for (i, l) in f.links.enumerated() {
            key = (l.lower, l.upper) == previous ? key + 1 : 0
            previous = (l.lower, l.upper)
            out += "    {\"source\": ".utf8
            JSON.writeString(f.devices[Int(l.lower)].name, into: &out)
            out += ", \"target\": ".utf8
            JSON.writeString(f.devices[Int(l.upper)].name, into: &out)
            out += ", \"key\": \(key), \"id\": \(i), \"gbps\": ".utf8
            JSON.writeNumber(l.gbps, into: &out)
            out += ", \"plane\": \"\(l.plane)\", \"tier\": \"\(l.tier)\"".utf8
            out += (i + 1 < f.links.count ? "},\n" : "}\n").utf8
        }
        out += "  ]\n}\n".utf8
        return out
    }
}
