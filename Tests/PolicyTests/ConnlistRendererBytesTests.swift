import InterlockCore
import Manifests
import Testing

@testable import Policy

/// `policy connlist` written through `ByteWriter` gives the bytes of the `String` forms it replaced:
/// each line's description, `CSV.row`, the `JSON` value serialized, the Markdown rows, and a
/// streamed writer hands on the same bytes in several pieces.
@Suite struct ConnlistRendererBytesTests {
    static let lines: [ConnlistLine] = (0..<3000).map(line)

    /// Line `i`: external and workload sources, a destination CSV must quote, three kinds of
    /// connection set, some conditional rows.
    static func line(_ i: Int) -> ConnlistLine {
        let source: String = i % 7 == 0 ? "0.0.0.0-255.255.255.255[External]" : "ns-\(i % 13)/app-\(i)[Deployment]"
        let destination: String = "ns, \"q\"/db-\(i % 5)[StatefulSet]"
        let connections: ConnectionSet
        if i % 3 == 0 {
            connections = ConnectionSet(sctp: .empty, tcp: .all, udp: .all)
        } else {
            connections = ConnectionSet(sctp: PortSet(port: 9), tcp: PortSet(port: UInt16(1 + i)), udp: .empty)
        }
        return ConnlistLine(
            source: source, destination: destination, connections: connections, conditional: i % 11 == 0)
    }

    @Test func textCSVAndMarkdownAreTheLinesAsBefore() {
        let lines = Self.lines
        #expect(ConnlistRenderer.render(lines, as: .txt) == lines.map { $0.description + "\n" }.joined())
        #expect(
            ConnlistRenderer.render(lines, as: .csv)
                == (["src,dst,conn"] + lines.map { CSV.row([$0.source, $0.destination, $0.connections.description]) })
                .map { $0 + "\n" }.joined())
        #expect(
            ConnlistRenderer.render(lines, as: .md)
                == (["| src | dst | conn |", "|-----|-----|------|"]
                + lines.map { "| \($0.source) | \($0.destination) | \($0.connections) |" })
                .map { $0 + "\n" }.joined())
    }

    @Test(arguments: [0, 1, 3000]) func jsonIsTheSerializedValue(count: Int) {
        let lines = Array(Self.lines.prefix(count))
        let value = JSON.array(
            lines.map {
                .object(
                    [
                        ("src", .string($0.source)), ("dst", .string($0.destination)),
                        ("conn", .string($0.connections.description)),
                    ] + ($0.conditional ? [("conditional", .bool(true))] : []))
            })
        #expect(ConnlistRenderer.render(lines, as: .json) == value.serialized())
    }

    @Test(arguments: ConnlistRenderer.Format.allCases) func streamedEqualsRendered(format: ConnlistRenderer.Format) {
        var pieces = 0
        var streamed: [UInt8] = []
        let out = ByteWriter(chunk: 4096) { piece in
            pieces += 1
            streamed += piece
        }
        ConnlistRenderer.write(Self.lines, as: format, to: out)
        out.finish()
        #expect(String(decoding: streamed, as: UTF8.self) == ConnlistRenderer.render(Self.lines, as: format))
        #expect(pieces > 1)
    }

    /// The graph: a cluster per namespace with its workloads, external ranges as boxes, and an edge
    /// per line, every quote inside a name escaped.
    @Test func dotHasAClusterPerNamespaceAndAnEdgePerLine() {
        let dot = ConnlistRenderer.render(Self.lines, as: .dot)
        let quoted = { (s: String) in "\"" + s.replacing("\"", with: "\\\"") + "\"" }
        #expect(dot.hasPrefix("digraph {\n  rankdir=LR\n") && dot.hasSuffix("\n}\n"))
        let body = dot.split(separator: "\n").map(String.init)
        for line in Self.lines {
            #expect(
                body.contains(
                    "  \(quoted(line.source)) -> \(quoted(line.destination)) [label=\(quoted(line.connections.description))]"
                ))
        }
        #expect(body.contains("    label=\"ns, \\\"q\\\"\""))
        #expect(body.contains("  \"0.0.0.0-255.255.255.255[External]\" [shape=box label=\"0.0.0.0-255.255.255.255\"]"))
        #expect(body.filter { $0.hasPrefix("  subgraph cluster_") }.count == 14)
    }

    /// Two networks' sections: txt is each section's lines under its title, then the mapping; CSV
    /// and Markdown add the network column; JSON is the value netpol-analyzer's structure holds.
    @Test func multiNetworkFormsHoldEverySection() throws {
        let list = MultiNetworkConnlist(
            sections: [
                ConnlistSection(title: "Pod network", network: .pod, lines: Array(Self.lines.prefix(40))),
                ConnlistSection(title: "secondary NAD a/l2", network: .pod, lines: Array(Self.lines.suffix(25))),
            ],
            workloadNetworks: [("a/p[Pod]", ["Pod network", "secondary NAD a/l2"]), ("b/q[Pod]", [])],
            emptyPodNetworkNote: "note")
        let text = ConnlistRenderer.render(list, as: .txt)
        #expect(
            text
                == "Permitted connectivity analyzed in Pod network:\nnote\n"
                + ConnlistRenderer.render(list.sections[0].lines, as: .txt)
                + "\nPermitted connectivity analyzed in secondary NAD a/l2:\n"
                + ConnlistRenderer.render(list.sections[1].lines, as: .txt)
                + "\nWorkload-to-Networks Mapping:\na/p[Pod]: Pod network,secondary NAD a/l2\nb/q[Pod]: \n")
        let rows = list.sections.flatMap { section in section.lines.map { (section.title, $0) } }
        #expect(
            ConnlistRenderer.render(list, as: .csv)
                == "network,src,dst,conn\n"
                + rows.map { CSV.row([$0.0, $0.1.source, $0.1.destination, $0.1.connections.description]) + "\n" }
                .joined())
        #expect(
            ConnlistRenderer.render(list, as: .md)
                == "| network | src | dst | conn |\n|---------|-----|-----|------|\n"
                + rows.map { "| \($0.0) | \($0.1.source) | \($0.1.destination) | \($0.1.connections) |\n" }.joined())
        let value = JSON.object([
            (
                "networks",
                .array(
                    list.sections.map { section in
                        .object([
                            ("network", .string(section.title)),
                            (
                                "connections",
                                .array(
                                    section.lines.map {
                                        .object([
                                            ("src", .string($0.source)), ("dst", .string($0.destination)),
                                            ("conn", .string($0.connections.description)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "workloadNetworks",
                .array(
                    list.workloadNetworks.map {
                        .object([
                            ("workload", .string($0.workload)), ("networks", .array($0.networks.map { .string($0) })),
                        ])
                    })
            ),
        ])
        #expect(ConnlistRenderer.render(list, as: .json) == value.serialized())
    }
}
