import ArgumentParser
import Fabric

/// `interlock topology export FILE --format dot|node-link`.
struct TopologyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a topology as Graphviz DOT or NetworkX node-link JSON (both load back).")

    @Argument(help: "Topology file (YAML, node-link JSON or DOT; - for standard input).")
    var file: String

    @Option(help: "Output format.")
    var format: Format

    @Option(name: .shortAndLong, help: "Write the file here instead of standard output.")
    var output: String?

    func run() throws {
        let fabric = try TopologyFile.load(path: file)
        let out = try OutputWriter(path: output)
        if format == .dot { out.write(DOTWriter.write(fabric)) } else { out.write(bytes: NodeLinkWriter.write(fabric)) }
        try out.commit()
    }

    /// What `export` writes.
    enum Format: String, FormatArgument {
        case dot
        case nodeLink = "node-link"
    }
}

extension TopologyExportCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [file] }
}
