import ArgumentParser
import Fabric
import InterlockCore

/// `interlock topology addresses FILE [IP...]`: the address plan, or who owns given addresses.
struct TopologyAddressesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addresses",
        abstract: "List every addressed interface, or look up which endpoint owns given IPv4 addresses.")

    @Argument(help: "Topology file (YAML, node-link JSON or DOT).")
    var file: String

    @Argument(
        help: ArgumentHelp("IPv4 addresses to look up (exit 1 when one belongs to nothing).", valueName: "address"))
    var lookup: [IPv4Address] = []

    @Option(help: "Only this plane.")
    var plane: Plane?

    @Option(help: "Output format.")
    var format: TableFormat = .text

    func run() throws {
        let fabric = try TopologyFile.load(path: file)
        let table = AddressTable(fabric: fabric, lookup: lookup.isEmpty ? nil : lookup, plane: plane)
        switch format {
        case .json: print(table.json().serialized(), terminator: "")
        case .csv: print(table.csv(), terminator: "")
        case .text: print(table.text(), terminator: "")
        }
        if table.unknown > 0 { throw ExitCode(1) }
    }
}
