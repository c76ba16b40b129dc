import InterlockCore

extension ConnlistRenderer {
    /// A connlist over several networks in `format`. txt is netpol-analyzer's: a `Permitted
    /// connectivity analyzed in <network>:` section per network, then the `Workload-to-Networks
    /// Mapping:` block; JSON holds the same structure (`networks`, `workloadNetworks`); CSV and
    /// Markdown add a `network` column; dot draws every section's edges.
    public static func render(_ list: MultiNetworkConnlist, as format: Format) -> String {
        switch format {
        case .txt:
            var out = ""
            for (i, section) in list.sections.enumerated() {
                out += (i == 0 ? "" : "\n") + "Permitted connectivity analyzed in \(section.title):\n"
                if i == 0, let note = list.emptyPodNetworkNote { out += note + "\n" }
                out += render(section.lines, as: .txt)
            }
            out += "\nWorkload-to-Networks Mapping:\n"
            for (workload, networks) in list.workloadNetworks {
                out += "\(workload): \(networks.joined(separator: ","))\n"
            }
            return out
        case .json:
            let sections = list.sections.map { section in
                JSON.object([
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
            }
            let mapping = list.workloadNetworks.map { workload, networks in
                JSON.object([("workload", .string(workload)), ("networks", .array(networks.map { .string($0) }))])
            }
            return JSON.object([("networks", .array(sections)), ("workloadNetworks", .array(mapping))]).serialized()
        case .csv:
            let rows = list.sections.flatMap { section in
                section.lines.map {
                    CSV.row([section.title, $0.source, $0.destination, $0.connections.description]) + "\n"
                }
            }
            return "network,src,dst,conn\n" + rows.joined()
        case .md:
            let rows = list.sections.flatMap { section in
                section.lines.map { "| \(section.title) | \($0.source) | \($0.destination) | \($0.connections) |\n" }
            }
            return "| network | src | dst | conn |\n|---------|-----|-----|------|\n" + rows.joined()
        case .dot:
            return dot(list.sections.flatMap(\.lines))
        }
    }
}
