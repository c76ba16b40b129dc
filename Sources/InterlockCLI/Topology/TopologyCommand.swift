import ArgumentParser

/// `interlock topology`: generate, inspect, validate and export fabric topologies.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Generate, inspect, validate and export fabric topologies.",
        subcommands: [
            TopologyGenerateCommand.self, TopologyShowCommand.self, TopologyValidateCommand.self,
            TopologyExpandCommand.self, TopologyExportCommand.self, TopologyPathsCommand.self,
            TopologyAddressesCommand.self,
        ]
    )
}
