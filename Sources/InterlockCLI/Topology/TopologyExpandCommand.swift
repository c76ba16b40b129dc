import ArgumentParser
import Fabric

/// `interlock topology expand FILE`: the explicit form, every node and link listed.
struct TopologyExpandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract:
            "Write the explicit form of a topology (every node, link and address); it loads back into the same graph.")

    @Argument(help: "Topology file (YAML, node-link JSON or DOT; - for standard input).")
    var file: String

    @Option(name: .shortAndLong, help: "Write the file here instead of standard output.")
    var output: String?

    func run() throws {
        let fabric = try TopologyFile.load(path: file)
        try OutputWriter.emit(TopologyWriter.expanded(fabric), to: output)
    }
}

extension TopologyExpandCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [file] }
}
