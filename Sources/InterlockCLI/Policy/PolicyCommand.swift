import ArgumentParser

/// `interlock policy`: Kubernetes manifests and network policies: connectivity, verdicts, explanations.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Evaluate Kubernetes network policies: connectivity lists, verdicts and explanations.",
        subcommands: [
            PolicyConnlistCommand.self, PolicyEvalCommand.self, PolicyExplainCommand.self, PolicyDiffCommand.self,
            PolicyLintCommand.self, PolicyExposureCommand.self, PolicySuggestCommand.self,
        ]
    )
}
