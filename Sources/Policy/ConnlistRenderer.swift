import InterlockCore

/// Writes connlist lines in the formats netpol-analyzer offers.
public enum ConnlistRenderer {
    /// The output formats of `policy connlist`: text lines, JSON, CSV, a Markdown table, or a Graphviz graph.
    public enum Format: String, Sendable, CaseIterable { case txt, json, csv, md, dot }

    /// The lines in `format`, in the order given.
    public static func render(_ lines: [ConnlistLine], as format: Format) -> String {
        let out = ByteWriter()
        write(lines, as: format, to: out)
        return out.text
    }

    /// Writes `render(lines, as: format)` to `out`, line by line, with no `String` built per row but
    /// the text of each connection set (and the whole graph for `dot`).
    public static func write(_ lines: [ConnlistLine], as format: Format, to out: ByteWriter) {
        switch format {
        case .txt:
            for line in lines {
                out.write(line.source)
                out.write(" => " as StaticString)
                out.write(line.destination)
                out.write(" : " as StaticString)
                out.write(line.connections.description)
                out.write(byte: UInt8(ascii: "\n"))
                out.recordEnd()
            }
        case .json:
            out.arrayStart()
            for line in lines {
                out.element()
                out.objectStart()
                out.field("src", line.source)
                out.field("dst", line.destination)
                out.field("conn", line.connections.description)
                // `conditional` only where it holds, so that the other rows stay netpol-analyzer's.
                if line.conditional {
                    out.key("conditional")
                    out.jsonBool(true)
                }
                out.objectEnd()
                out.recordEnd()
            }
            out.arrayEnd()
            out.write(byte: UInt8(ascii: "\n"))
        case .csv:
            out.write("src,dst,conn\n" as StaticString)
            for line in lines {
                out.csvRow([line.source, line.destination, line.connections.description])
                out.recordEnd()
            }
        case .md:
            out.write("| src | dst | conn |\n|-----|-----|------|\n" as StaticString)
            for line in lines {
                out.write("| " as StaticString)
                out.write(line.source)
                out.write(" | " as StaticString)
                out.write(line.destination)
                out.write(" | " as StaticString)
                out.write(line.connections.description)
                out.write(" |\n" as StaticString)
                out.recordEnd()
            }
        case .dot:
            out.write(dot(lines))
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
