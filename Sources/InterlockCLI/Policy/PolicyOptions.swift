import ArgumentParser
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// The switches of an evaluation: the network to view and the CNI profile switch.
struct EvaluationSwitches: ParsableArguments {
    @Option(
        name: .customLong("ipblock-selects-pods"),
        help: "Whether ipBlock and networks peers match pod IPs (upstream conformance: true; netpol-analyzer: false).")
    var ipBlockSelectsPods: Bool = true

    @Option(help: "The network to evaluate: 'pod' or a NetworkAttachmentDefinition 'namespace/name'.")
    var network: String?

    @Option(help: "compiled (tables, the default) or reference (walks the policies for every question: the oracle).")
    var engine: EngineChoice = .compiled

    var options: EvaluationOptions { EvaluationOptions(ipBlockSelectsPods: ipBlockSelectsPods) }

    /// The chosen engine over `input`.
    func engine(for input: PolicyInput) -> any ExplainingEngine {
        switch engine {
        case .compiled: return CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        case .reference:
            return ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        }
    }
}

/// Which engine answers: both give the same answers (the property tests check it).
enum EngineChoice: String, ExpressibleByArgument, CaseIterable {
    case compiled, reference
}

/// Options every policy command that reads one set of manifests shares.
struct PolicyOptions: ParsableArguments {
    @Argument(help: "Manifest files or directories (read recursively); '-' reads standard input.")
    var paths: [String]

    @OptionGroup var switches: EvaluationSwitches

    var network: String? { switches.network }
    var evaluationOptions: EvaluationOptions { switches.options }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
    }

    /// Loads the manifests and prints input warnings on stderr.
    func load() throws -> PolicyInput { try PolicyOptions.load(paths) }

    /// Loads the manifests, resolves `--network`, and builds the chosen engine over them.
    func engine() throws -> (input: PolicyInput, network: Network, engine: any ExplainingEngine) {
        let loaded = try load()
        let network = try loaded.network(named: self.network)
        return (loaded, network, switches.engine(for: loaded))
    }

    /// Loads the manifests, resolves `--network`, and builds the reference evaluator (for reports that
    /// name every rule behind every port).
    func evaluator() throws -> (input: PolicyInput, network: Network, engine: ReferenceEvaluator) {
        let loaded = try load()
        let network = try loaded.network(named: self.network)
        return (
            loaded, network,
            ReferenceEvaluator(inventory: loaded.inventory, policies: loaded.policies, options: evaluationOptions)
        )
    }

    /// Loads manifests and prints their input and result warnings on stderr.
    static func load(_ paths: [String]) throws -> PolicyInput {
        let input = try PolicyInput.load(paths: paths)
        for warning in input.inputWarnings + input.resultWarnings { Terminal.printWarning(warning) }
        return input
    }
}

/// The two ends of the connection `eval` and `explain` look at.
struct EndpointPairOptions: ParsableArguments {
    @Option(help: "Source: 'namespace/name' (workload or pod), an IP address, or 'node/NAME'.")
    var source: String

    @Option(help: "Destination: 'namespace/name' (workload or pod), an IP address, or 'node/NAME'.")
    var destination: String
}
