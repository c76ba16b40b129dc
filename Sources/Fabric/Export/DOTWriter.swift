/// Graphviz DOT: an undirected multigraph (`graph`), one statement per node and per cable.
/// Switches are boxes; planes are recorded in graph attributes so that `DOTReader` can load it back.
public enum DOTWriter {
    /// DOT's keywords, case-insensitive: never bare IDs.
    static let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]

    /// The whole fabric as DOT text.
    public static func write(_ f: FabricGraph) -> String {
        var out = "graph \(quote(f.name)) {\n"
        for p in Plane.allCases {
            let s = f.settings(of: p)
            out += "  graph [\(p.name)_transport=\(s.transport.rawValue), \(p.name)_routing=\(s.routing.rawValue)"
            out += s.hashesDestinationQP ? ", \(p.name)_hashDestinationQP=true];\n" : "];\n"
        }
        out +=
            "  graph ["
            + FabricInterfaceKind.allCases.map { "addressing_\($0)=\(quote(f.addresses.bases[$0].description))" }
            .joined(separator: ", ") + "];\n"
        for i in f.devices.indices {
            let id = DeviceID(i)
            var attrs = ExportAttributes.node(f, id).map { key, value in
                switch value {
                case .text(let t): return "\(key)=\(quote(t))"
                case .number(let n): return "\(key)=\(n)"
                }
            }
            attrs += ExportAttributes.addresses(f, id).map { "address_\($0.0)=\(quote($0.1))" }
            if f.devices[i].kind == .switch { attrs.append("shape=box") }
            out += "  \(quote(f.devices[i].name)) [\(attrs.joined(separator: ", "))];\n"
        }
        for (i, l) in f.links.enumerated() {
            out += "  \(quote(f.devices[Int(l.lower)].name)) -- \(quote(f.devices[Int(l.upper)].name))"
            out +=
                " [id=\(i), gbps=\(YAMLScalar.number(l.gbps)), plane=\(l.plane), tier=\(quote(l.tier.description))];\n"
        }
        return out + "}\n"
    }

    /// A DOT ID: bare when it is alphanumeric (not starting with a digit) and not a DOT keyword,
    /// else a quoted string.
    static func quote(_ s: String) -> String {
        if let first = s.utf8.first, !(48...57).contains(first), !keywords.contains(s.lowercased()),
            s.utf8.allSatisfy({
                ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95
            })
        {
            return s
        }
        var out = "\""
        for c in s {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
