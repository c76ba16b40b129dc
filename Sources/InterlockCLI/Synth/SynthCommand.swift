import ArgumentParser

/// `interlock synth`: synthetic inputs for scale work, the same for the same seed.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate synthetic clusters for benchmarks and experiments.",
        subcommands: [SynthClusterCommand.self]
    )
}
