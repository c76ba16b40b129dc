import ArgumentParser
import InterlockCore
import Manifests
import Policy
import PolicyEngine

/// The switches of an evaluation: the network to view, the profile and its ipBlock switch.
struct EvaluationSwitches: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Switch every deliberate semantic difference to netpol-analyzer's choice: ipBlock and networks peers do not match pods (Interlock: they do, as the upstream conformance tests expect); NetworkPolicy polices host-network pods like ordinary pods (Interlock: their traffic is their node's, as most CNIs enforce it; the Kubernetes docs leave it undefined); pods in phase Succeeded/Failed are listed (Interlock: skipped, they hold no address); IPv6 ranges are not analysed (Interlock: they are). The admin tiers exclude host-network pods either way (API text).",
            valueName: "netpol-analyzer"))
    var compat: EvaluationOptions.Profile?

    @Option(
        name: .customLong("ipblock-selects-pods"),
        help:
            "Whether ipBlock and networks peers match pod IPs (upstream conformance and the default: true; netpol-analyzer: false); overrides the --compat profile's choice."
    )
    var ipBlockSelectsPods: Bool?

    @Option(help: "The network to evaluate: 'pod' or a NetworkAttachmentDefinition 'namespace/name'.")
    var network: String?

    @Option(
        help:
            "compiled (tables; the default, except for 'policy eval', whose one question the reference answers without compiling) or reference (walks the policies for every question: the oracle)."
    )
    var engine: EngineChoice?

    @Option(help: "The cluster name Cilium endpoints carry as io.cilium.k8s.policy.cluster.")
    var clusterName = "default"

    @Option(
        help: ArgumentHelp(
            "Whose enforcement decides how the policy kinds combine: generic (Kubernetes and the admin tiers as upstream specifies them), calico (tiers, Calico policies and the Kubernetes kinds in Calico's order) or cilium. Detected from the kinds present when not given, with a note.",
            valueName: "generic|calico|cilium"))
    var cni: CNI?

    /// The switches as given, before `--cni` is detected (reading the manifests needs no more).
    var options: EvaluationOptions {
        var options = EvaluationOptions(profile: compat ?? .interlock)
        if let ipBlockSelectsPods { options.ipBlockSelectsPods = ipBlockSelectsPods }
        options.clusterName = clusterName
        if let cni { options.cni = cni }
        return options
    }

    /// The switches for evaluating `inputs`: `--cni`, or the CNI their kinds call for.
    func options(for inputs: PolicyInput...) -> EvaluationOptions {
        var options = self.options
        options.cni = cni ?? CNI.detect(in: inputs).cni
        return options
    }

    /// The chosen engine over `input`, with `options` (`options(for: input)` unless given); `preferred`
    /// when none was chosen.
    func engine(for input: PolicyInput, options given: EvaluationOptions? = nil, preferred: EngineChoice = .compiled)
        -> any ExplainingEngine
    {
        let options = given ?? options(for: input)
        switch engine ?? preferred {
        case .compiled: return CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
        case .reference:
            return ReferenceEvaluator(inventory: input.inventory, policies: input.policies, options: options)
        }
    }

    /// Prints the note on the CNI detected for `inputs` when `--cni` is not given, and a warning when
    /// Calico or Cilium policies are present but another CNI's semantics evaluate (they then take no part).
    func noteDetectedCNI(_ inputs: PolicyInput...) {
        let detected = CNI.detect(in: inputs)
        if cni == nil, let note = detected.note { Terminal.printNote(note) }
        let chosen = cni ?? detected.cni
        let calico = inputs.reduce(0) { $0 + $1.policies.calico.policies.count }
        if chosen != .calico && calico > 0 {
            Terminal.printWarning(
                "\(calico) Calico polic\(calico == 1 ? "y is" : "ies are") not evaluated under --cni \(chosen.rawValue)"
            )
        }
        let cilium = inputs.reduce(0) { $0 + $1.policies.ciliumPolicies.count }
        if chosen != .cilium && cilium > 0 {
            Terminal.printWarning(
                "\(cilium) Cilium polic\(cilium == 1 ? "y is" : "ies are") not evaluated under --cni \(chosen.rawValue)"
            )
        }
    }
}

extension EvaluationOptions.Profile: ExpressibleByArgument {}

extension CNI: ExpressibleByArgument {}

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

    /// The switches for evaluating `input` (`--cni` detected from its kinds when not given).
    func evaluationOptions(for input: PolicyInput) -> EvaluationOptions { switches.options(for: input) }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
    }

    /// Loads the manifests as the profile reads them and prints input warnings on stderr.
    func load() throws -> PolicyInput {
        let input = try PolicyOptions.load(paths, options: evaluationOptions)
        switches.noteDetectedCNI(input)
        return input
    }

    /// Loads the manifests, resolves `--network`, and builds the chosen engine over them (`preferred` when
    /// none was chosen).
    func engine(preferred: EngineChoice = .compiled) throws
        -> (input: PolicyInput, network: Network, engine: any ExplainingEngine)
    {
        let loaded = try load()
        let network = try loaded.network(named: self.network)
        return (loaded, network, switches.engine(for: loaded, preferred: preferred))
    }

    /// Loads the manifests, resolves `--network`, and builds the reference evaluator (for reports that
    /// name every rule behind every port).
    func evaluator() throws -> (input: PolicyInput, network: Network, engine: ReferenceEvaluator) {
        let loaded = try load()
        let network = try loaded.network(named: self.network)
        return (
            loaded, network,
            ReferenceEvaluator(
                inventory: loaded.inventory, policies: loaded.policies, options: evaluationOptions(for: loaded))
        )
    }

    /// Loads manifests as `options` reads them and prints their input, result and profile warnings on stderr.
    static func load(_ paths: [String], options: EvaluationOptions = EvaluationOptions()) throws -> PolicyInput {
        let input = try PolicyInput.load(paths: paths, options: options)
        let warnings = input.inputWarnings + input.resultWarnings + input.profileWarnings(options)
        for warning in warnings + input.policies.ciliumL7Warnings {
            Terminal.printWarning(warning)
        }
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
