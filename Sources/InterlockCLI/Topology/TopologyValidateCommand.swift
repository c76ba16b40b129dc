import ArgumentParser
import Fabric
import InterlockCore

/// `interlock topology validate FILE`: load and check a topology; exit 2 with the first error.
struct TopologyValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a topology file: names, links, planes, addresses (exit 2 with file:line:column on error).")

    @Argument(help: "Topology file (YAML, node-link JSON or DOT; - for standard input).")
    var file: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        let fabric = try TopologyFile.load(path: file)
        if format == .json {
            let json: JSON = [
                "file": .string(file), "valid": true, "devices": .int(fabric.devices.count),
                "links": .int(fabric.links.count), "interfaces": .int(fabric.addresses.interfaces.count),
            ]
            print(json.serialized(), terminator: "")
        } else {
            print(
                "\(file): valid — \(fabric.devices.count) devices, \(fabric.links.count) links, \(fabric.addresses.interfaces.count) unique addresses"
            )
        }
    }
}
