import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy diff`: what changes between two policy sets over the same workloads.
struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the connections that change between two policy sets (netpol-analyzer's diff).",
        discussion: "A side without workloads (policies only) is evaluated over the other side's workloads.")

    @Argument(help: "The current manifests (file or directory).")
    var before: String

    @Argument(help: "The proposed manifests (file or directory).")
    var after: String

    @OptionGroup var switches: EvaluationSwitches

    @Option(help: "txt (netpol-analyzer), json or csv.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws { try format.validate([.text, .json, .csv]) }

    func run() throws {
        let loaded1 = try PolicyOptions.load([before]), loaded2 = try PolicyOptions.load([after])
        let one = loaded1.borrowingInventory(from: loaded2), two = loaded2.borrowingInventory(from: loaded1)
        let network = try one.network(named: switches.network)
        let diff = ConnectivityDiff(
            before: switches.engine(for: one), beforePolicies: one.policies, after: switches.engine(for: two),
            afterPolicies: two.policies, network: network)
        try OutputWriter.emit(diff.render(as: ConnectivityDiff.Format(rawValue: format == .text ? "txt" : format.rawValue)!), to: output)
    }
}
