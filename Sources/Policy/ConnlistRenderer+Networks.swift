import InterlockCore

extension ConnlistRenderer {
    /// A connlist over several networks in `format`. txt is netpol-analyzer's: a `Permitted
    /// connectivity analyzed in <network>:` section per network, then the `Workload-to-Networks
    /// Mapping:` block; JSON holds the same structure (`networks`, `workloadNetworks`); CSV and
    /// Markdown add a `network` column; dot draws every section's edges.
    public static func render(_ list: MultiNetworkConnlist, as format: Format) -> String {
        let out = ByteWriter()
        write(list, as: format, to: out)
        return out.text
    }

    /// Writes `render(list, as: format)` to `out`, row by row.
    public static func write(_ list: MultiNetworkConnlist, as format: Format, to out: ByteWriter) {
        switch format {
        case .txt:
            for (i, section) in list.sections.enumerated() {
                if i > 0 { out.write(byte: UInt8(ascii: "\n")) }
                out.write("Permitted connectivity analyzed in " as StaticString)
                out.write(section.title)
                out.write(":\n" as StaticString)
                if i == 0, let note = list.emptyPodNetworkNote {
                    out.write(note)
                    out.write(byte: UInt8(ascii: "\n"))
                }
                write(section.lines, as: .txt, to: out)
            }
            out.write("\nWorkload-to-Networks Mapping:\n" as StaticString)
            for (workload, networks) in list.workloadNetworks {
                out.write(workload)
                out.write(": " as StaticString)
                for (i, network) in networks.enumerated() {
                    if i > 0 { out.write(byte: UInt8(ascii: ",")) }
                    out.write(network)
                }
                out.write(byte: UInt8(ascii: "\n"))
                out.recordEnd()
            }
        case .json: writeJSON(list, to: out)
        case .csv:
            out.write("network,src,dst,conn\n" as StaticString)
            for section in list.sections {
                for line in section.lines {
                    out.csvRow([section.title, line.source, line.destination, line.connections.description])
                    out.recordEnd()
                }
            }
        case .md:
            out.write("| network | src | dst | conn |\n|---------|-----|-----|------|\n" as StaticString)
            for section in list.sections {
                for line in section.lines {
                    for cell in [section.title, line.source, line.destination] {
                        out.write("| " as StaticString)
                        out.write(cell)
                        out.write(byte: UInt8(ascii: " "))
                    }
                    out.write("| " as StaticString)
                    out.write(line.connections.description)
                    out.write(" |\n" as StaticString)
                    out.recordEnd()
                }
            }
        case .dot:
            writeDot(list.sections.flatMap(\.lines), to: out)
        }
    }

    /// `{"networks": [{"network", "connections": [{"src", "dst", "conn"}]}], "workloadNetworks":
    /// [{"workload", "networks"}]}`, pretty.
    private static func writeJSON(_ list: MultiNetworkConnlist, to out: ByteWriter) {
        out.objectStart()
        out.key("networks")
        out.arrayStart()
        for section in list.sections {
            out.element()
            out.objectStart()
            out.field("network", section.title)
            out.key("connections")
            out.arrayStart()
            for line in section.lines {
                out.element()
                out.objectStart()
                out.field("src", line.source)
                out.field("dst", line.destination)
                out.field("conn", line.connections.description)
                out.objectEnd()
                out.recordEnd()
            }
            out.arrayEnd()
            out.objectEnd()
        }
        out.arrayEnd()
        out.key("workloadNetworks")
        out.arrayStart()
        for (workload, networks) in list.workloadNetworks {
            out.element()
            out.objectStart()
            out.field("workload", workload)
            out.key("networks")
            out.arrayStart()
            for network in networks {
                out.element()
                out.jsonString(network)
            }
            out.arrayEnd()
            out.objectEnd()
            out.recordEnd()
        }
        out.arrayEnd()
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
    }
}
