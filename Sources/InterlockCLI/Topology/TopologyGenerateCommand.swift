import ArgumentParser
import Fabric
import InterlockCore

/// `interlock topology generate`: write a topology file from a generator.
struct TopologyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a topology file (generator form) for a fat-tree or a rail-optimized fabric.",
        subcommands: [TopologyGenerateFatTreeCommand.self, TopologyGenerateRailCommand.self]
    )
}

/// Options every generator shares.
struct GenerateOptions: ParsableArguments {
    @Option(help: "Compute-fabric transport.")
    var transport: Transport?

    @Option(help: "Capacity of every compute link, in Gb/s.")
    var linkGbps: Double?

    @Flag(help: "Leave out the front-end, storage and OOB networks.")
    var noUserNetworks = false

    @Option(help: "The topology's name (default: from the parameters).")
    var name: String?

    @Option(name: .shortAndLong, help: "Write the file here instead of standard output.")
    var output: String?

    /// Writes the generator form of `compute` (with the default user networks unless left out).
    func emit(_ compute: ComputeGenerator, defaultName: String) throws {
        let description =
            noUserNetworks
            ? GeneratorDescription(compute: compute, networks: [])
            : GeneratorDescription.withUserNetworks(compute)
        // Generate once so that a size the rule cannot build fails here, not when the file is read.
        let fabric: FabricGraph
        do { fabric = try FabricGraph.generate(description, name: name ?? defaultName) } catch {
            throw ValidationError(error.message)
        }
        let planes = Plane.allCases.filter { p in p == .compute || description.networks.contains { $0.plane == p } }
        try OutputWriter.emit(
            TopologyWriter.generatorForm(
                name: fabric.name, description,
                planes: planes.map { ($0, fabric.settings(of: $0)) }), to: output)
    }
}
