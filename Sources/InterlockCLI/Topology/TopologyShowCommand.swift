import ArgumentParser
import Fabric

/// `interlock topology show FILE`: counts per plane, switches by role, the address plan.
struct TopologyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarize a topology: devices and links per plane, switches by role, address plan.")

    @Argument(help: "Topology file (YAML, node-link JSON or DOT; - for standard input).")
    var file: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        let fabric = try TopologyFile.load(path: file)
        print(
            format == .json ? TopologySummary.json(fabric).serialized() : TopologySummary.text(fabric, file: file),
            terminator: "")
    }
}
