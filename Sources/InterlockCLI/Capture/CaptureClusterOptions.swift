import ArgumentParser
import Fabric
import InterlockCore
import Policy
import PolicyEngine

/// The cluster a capture is judged against (or generated from): manifests, and optionally the
/// fabric topology whose address plan places fabric addresses on planes.
struct CaptureClusterOptions: ParsableArguments {
    @OptionGroup var manifests: ClusterManifestsOption

    @Option(
        help:
            "Fabric topology file (YAML, node-link JSON or DOT): places NIC, host, storage and BMC addresses on their planes."
    )
    var topology: String?

    @Option(
        name: .customLong("ipblock-selects-pods"),
        help: "Whether ipBlock and networks peers match pod IPs (upstream conformance: true; netpol-analyzer: false).")
    var ipBlockSelectsPods: Bool = true

    @Option(
        help: ArgumentHelp(
            "Whose enforcement decides how the policy kinds combine (generic, calico, cilium); detected from the kinds present when not given, with a note.",
            valueName: "generic|calico|cilium"))
    var cni: CNI?

    /// The options as arguments.
    var arguments: [String] {
        manifests.arguments + (topology.map { ["--topology", $0] } ?? [])
            + ["--ipblock-selects-pods", String(ipBlockSelectsPods)] + (cni.map { ["--cni", $0.rawValue] } ?? [])
    }

    /// The files and directories `load()` reads.
    var inputPaths: [String] { manifests.paths + [topology].compactMap { $0 } }

    /// Loads the manifests (printing their warnings) and the topology.
    func load() throws -> (input: PolicyInput, fabric: FabricGraph?) {
        let input = try manifests.load()
        if cni == nil, let note = CNI.detect(in: [input]).note { Terminal.printNote(note) }
        return (input, try topology.map { try TopologyFile.load(path: $0) })
    }

    /// The compiled policy engine over `input`, with the CNI its policy kinds are written for.
    func engine(_ input: PolicyInput) -> CompiledEngine {
        var options = EvaluationOptions(ipBlockSelectsPods: ipBlockSelectsPods)
        options.cni = cni ?? CNI.detect(in: [input]).cni
        return CompiledEngine(inventory: input.inventory, policies: input.policies, options: options)
    }
}
