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

/// A generator's parameter problem as a usage error naming the option at fault: the parameter's
/// name leading the message becomes the option's (`scalableUnits must be...` is
/// `--scalable-units must be...`); other messages are prefixed with it.
func usageError(_ problem: (key: String, message: String)) -> ValidationError {
    let options = [
        "k": "--k", "oversubscription": "--oversubscription", "gpusPerHost": "--gpus-per-host",
        "linkGbps": "--link-gbps", "scalableUnits": "--scalable-units", "nodesPerSU": "--nodes-per-su",
        "rails": "--rails", "gpusPerNode": "--gpus-per-node", "pods": "--pods",
    ]
    guard let option = options[problem.key] else { return ValidationError(problem.message) }
    if problem.message.hasPrefix(problem.key + " ") {
        return ValidationError(option + problem.message.dropFirst(problem.key.count))
    }
    return ValidationError("\(option): \(problem.message)")
}
