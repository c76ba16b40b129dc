import InterlockCore
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
        #expect(pieces > (format == .dot ? 0 : 1))
    }
}
