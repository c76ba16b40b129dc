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

    @Argument(help: "Addresses to look up (exit 1 when one belongs to nothing).")
    var lookup: [String] = []

    @Option(help: "Only this plane: compute, frontend, storage or oob.")
    var plane: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        try format.validate([.text, .json, .csv])
        var onlyPlane: Plane?
        if let plane {
            guard let p = Plane(name: plane) else { throw ValidationError("--plane must be compute, frontend, storage or oob") }
            onlyPlane = p
        }
        var addresses: [IPv4Address] = []
        for text in lookup {
            guard let a = IPv4Address(text) else { throw ValidationError("not an IPv4 address: \(text)") }
            addresses.append(a)
        }
        let fabric = try TopologyFile.load(path: file)
        let table = AddressTable(fabric: fabric, lookup: lookup.isEmpty ? nil : addresses, plane: onlyPlane)
        switch format {
        case .json: print(table.json().serialized(), terminator: "")
        case .csv: print(table.csv(), terminator: "")
        default: print(table.text(), terminator: "")
        }
        if table.unknown > 0 { throw ExitCode(1) }
    }
}
