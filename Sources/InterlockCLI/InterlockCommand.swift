import ArgumentParser

/// `interlock`: the root of the command tree.
public struct InterlockCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "interlock",
        abstract: "Simulate interconnect traffic and network policy on AI/GPU clusters.",
        discussion: """
            Models GPU-cluster fabrics, loads Kubernetes objects and network policies, and judges \
            traffic from packet captures or synthetic collectives against them.

            Exit status: 0 success, 1 findings reported, 2 bad input.

            Every input file may also be `-` (standard input), a pipe, a FIFO or a process substitution. \
            Limits on what an input may cost, for every command (environment variables): \
            INTERLOCK_MAX_INPUT_SIZE, the largest document read (default 2GiB; captures stream, unlimited); \
            INTERLOCK_MAX_YAML_ALIAS_NODES, the nodes YAML aliases may add to one file (default 1000000).
            """,
        version: "0.1.0",
        subcommands: [
            TopologyCommand.self, PolicyCommand.self, ACLCommand.self, CaptureCommand.self, TrafficCommand.self,
            SynthCommand.self, CheckCommand.self, MergeCommand.self,
        ]
    )

    public init() {}
}
