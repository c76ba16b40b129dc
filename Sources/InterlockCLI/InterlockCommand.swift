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
            """,
        version: "0.1.0",
        subcommands: [
            TopologyCommand.self, PolicyCommand.self, ACLCommand.self, CaptureCommand.self, TrafficCommand.self,
            SynthCommand.self, CheckCommand.self,
        ]
    )

    public init() {}
}
