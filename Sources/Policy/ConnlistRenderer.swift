import InterlockCore

/// Writes connlist lines in the formats netpol-analyzer offers.
public enum ConnlistRenderer {
    /// The output formats of `policy connlist`: text lines, JSON, CSV, a Markdown table, or a Graphviz graph.
    public enum Format: String, Sendable, CaseIterable { case txt, json, csv, md, dot }

    /// The lines in `format`, in the order given.
    public static func render(_ lines: [ConnlistLine], as format: Format) -> String {
        switch format {
        case .txt:
            return lines.map { $0.description + "\n" }.joined()
        case .json:
            return JSON.array(
                lines.map {
                    // `conditional` only where it holds, so that the other rows stay netpol-analyzer's.
                    .object(
                        [
                            ("src", .string($0.source)), ("dst", .string($0.destination)),
                            ("conn", .string($0.connections.description)),
                        ] + ($0.conditional ? [("conditional", .bool(true))] : []))
                }
            ).serialized()
        case .csv:
            return (["src,dst,conn"] + lines.map { CSV.row([$0.source, $0.destination, $0.connections.description]) })
                .map { $0 + "\n" }.joined()
        case .md:
            let rows = lines.map { "| \($0.source) | \($0.destination) | \($0.connections) |" }
            return (["| src | dst | conn |", "|-----|-----|------|"] + rows).map { $0 + "\n" }.joined()
        case .dot:
            return dot(lines)
        }
    }

    /// A Graphviz digraph: one cluster per namespace, external ranges as boxes, an edge per line
    /// labelled with its connections.
    static func dot(_ lines: [ConnlistLine]) -> String {
        func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var nodes = Set<String>()
        for line in lines {
            nodes.insert(line.source)
            nodes.insert(line.destination)
        }
        var byNamespace: [String: [String]] = [:]
        var external: [String] = []
        for node in nodes.sorted() {
            // External ranges and the ingress controller belong to no namespace.
            if node.hasSuffix("[External]") || node == IngressController.rowName {
                external.append(node)
                continue
            }
            byNamespace[String(node.split(separator: "/", maxSplits: 1)[0]), default: []].append(node)
        }
        var out = "digraph {\n  rankdir=LR\n  node [shape=ellipse fontsize=10]\n  edge [fontsize=9]\n"
        for (i, ns) in byNamespace.keys.sorted().enumerated() {
            out += "  subgraph cluster_\(i) {\n    label=\(quote(ns))\n"
            for node in byNamespace[ns]! {
                let short = String(node.split(separator: "/", maxSplits: 1)[1])
                out += "    \(quote(node)) [label=\(quote(short))]\n"
            }
            out += "  }\n"
        }
        for node in external where node == IngressController.rowName { out += "  \(quote(node)) [shape=diamond]\n" }
        for node in external where node != IngressController.rowName {
            out += "  \(quote(node)) [shape=box label=\(quote(String(node.dropLast(10))))]\n"
        }
        for line in lines {
            out +=
                "  \(quote(line.source)) -> \(quote(line.destination)) [label=\(quote(line.connections.description))]\n"
        }
        return out + "}\n"
    }
}
