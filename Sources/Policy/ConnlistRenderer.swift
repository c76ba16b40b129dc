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
    /// the text of each connection set.
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
            writeDot(lines, to: out)
        }
    }

    /// Writes a Graphviz digraph: one cluster per namespace, external ranges as boxes, an edge per
    /// line labelled with its connections.
    static func writeDot(_ lines: [ConnlistLine], to out: ByteWriter) {
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
        out.write("digraph {\n  rankdir=LR\n  node [shape=ellipse fontsize=10]\n  edge [fontsize=9]\n" as StaticString)
        for (i, ns) in byNamespace.keys.sorted().enumerated() {
            out.write("  subgraph cluster_" as StaticString)
            out.write(i)
            out.write(" {\n    label=" as StaticString)
            dotQuoted(ns, to: out)
            out.write(byte: UInt8(ascii: "\n"))
            for node in byNamespace[ns]! {
                out.write("    " as StaticString)
                dotQuoted(node, to: out)
                out.write(" [label=" as StaticString)
                dotQuoted(String(node.split(separator: "/", maxSplits: 1)[1]), to: out)
                out.write("]\n" as StaticString)
            }
            out.write("  }\n" as StaticString)
            out.recordEnd()
        }
        for node in external where node == IngressController.rowName {
            out.write("  " as StaticString)
            dotQuoted(node, to: out)
            out.write(" [shape=diamond]\n" as StaticString)
        }
        for node in external where node != IngressController.rowName {
            out.write("  " as StaticString)
            dotQuoted(node, to: out)
            out.write(" [shape=box label=" as StaticString)
            dotQuoted(String(node.dropLast(10)), to: out)
            out.write("]\n" as StaticString)
        }
        for line in lines {
            out.write("  " as StaticString)
            dotQuoted(line.source, to: out)
            out.write(" -> " as StaticString)
            dotQuoted(line.destination, to: out)
            out.write(" [label=" as StaticString)
            dotQuoted(line.connections.description, to: out)
            out.write("]\n" as StaticString)
            out.recordEnd()
        }
        out.write("}\n" as StaticString)
    }

    /// A Graphviz quoted ID: `"` before and after, each `"` inside escaped as `\"`.
    private static func dotQuoted(_ s: String, to out: ByteWriter) {
        out.write(byte: UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for i in bytes.indices where bytes[i] == UInt8(ascii: "\"") {
                out.append(UnsafeBufferPointer(rebasing: bytes[run..<i]))
                out.write("\\\"" as StaticString)
                run = i + 1
            }
            out.append(UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.write(byte: UInt8(ascii: "\""))
    }
}
