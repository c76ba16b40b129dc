import ArgumentParser
import Fabric
import InterlockCore
import Policy
import PolicyEngine

/// The cluster a capture is judged against (or generated from): manifests, and optionally the
/// fabric topology whose address plan places fabric addresses on planes.
struct CaptureClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("cluster"),
        help: ArgumentHelp(
            "Kubernetes manifests: a file or directory (read recursively); repeat to add more, such as a `kubectl get pods -A -o yaml` snapshot of the running pods.",
            valueName: "path"))
    var clusterPaths: [String] = []

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

    func validate() throws {
        guard !clusterPaths.isEmpty else {
            throw ValidationError("--cluster is required (manifest files or directories)")
        }
    }

    /// The options as arguments.
    var arguments: [String] {
        clusterPaths.flatMap { ["--cluster", $0] } + (topology.map { ["--topology", $0] } ?? [])
            + ["--ipblock-selects-pods", String(ipBlockSelectsPods)] + (cni.map { ["--cni", $0.rawValue] } ?? [])
    }

    /// The files and directories `load()` reads.
    var inputPaths: [String] { clusterPaths + [topology].compactMap { $0 } }

    /// Loads the manifests (printing their warnings) and the topology.
    func load() throws -> (input: PolicyInput, fabric: FabricGraph?) {
        let input = try PolicyOptions.load(clusterPaths)
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
