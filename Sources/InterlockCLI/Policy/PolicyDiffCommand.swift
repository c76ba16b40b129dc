import ArgumentParser
import DiffImpact
import Documents
import Fabric
import Intents
import InterlockCore
import Policy
import Scenario
import Traffic

/// `interlock policy diff`: what changes between two policy sets over the same workloads.
struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the connections that change between two policy sets (netpol-analyzer's diff).",
        discussion: """
            A side without workloads (policies only) is evaluated over the other side's workloads. With \
            --capture, also which observed connections the change would block or newly allow; with \
            --jobs, which simulated flows (one collective over all the jobs, judged by each side's \
            Kubernetes policies and FabricACLs) it would block, newly allow or deny without enforcement; \
            with --intents, which segmentation intents it breaks. Exit status 1 when it blocks observed \
            traffic or simulated flows, or breaks an intent.
            """)

    @Argument(help: "The current manifests (file or directory).")
    var before: String

    @Argument(help: "The proposed manifests (file or directory); not with --staged.")
    var after: String?

    @Flag(
        help:
            "Compare the manifests with themselves with every staged policy enforced (Calico's preview: StagedNetworkPolicy, StagedGlobalNetworkPolicy, StagedKubernetesNetworkPolicy)."
    )
    var staged = false

    @OptionGroup var switches: EvaluationSwitches

    @Option(
        help:
            "A capture (pcap or pcapng) or flow log (Hubble, Zeek, Calico; by content) whose connections the change is judged on (repeatable)."
    )
    var capture: [String] = []

    @Option(help: "Jobs file whose simulated traffic the change is judged on (needs --topology).")
    var jobs: String?

    @Option(
        help:
            "With --jobs: the collective, run by one communicator over every job (default all-to-all, without PXN: a flow per rank pair on different nodes)."
    )
    var collective: Collective?

    @Option(help: ArgumentHelp("With --jobs: S, nccl-tests' size, with units (default 1GiB).", valueName: "bytes"))
    var size: Quantity<Bytes>?

    @Option(help: "Intents file or directory to check before and after the change (repeatable).")
    var intents: [String] = []

    @Option(help: "Topology: the intents' fabric views, and the fabric --jobs run on.")
    var topology: String?

    @Option(help: "Output format (txt: netpol-analyzer's).")
    var format: ConnectivityDiff.Format = .txt

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if staged != (after == nil) {
            throw ValidationError(
                staged ? "--staged compares one set of manifests: give no second path" : "give the proposed manifests")
        }
        if format == .csv && !(capture.isEmpty && intents.isEmpty && jobs == nil) {
            throw ValidationError("--capture, --jobs and --intents report as text or json")
        }
        if let size { try requireRange("--size", size.value, Bytes.range, show: Units.formatBytes) }
        if jobs == nil && (collective != nil || size != nil) {
            throw ValidationError("--collective and --size go with --jobs")
        }
        if jobs != nil && topology == nil {
            throw ValidationError("--jobs needs --topology (the fabric the jobs run on)")
        }
    }

    func run() throws {
        let simulation = jobs.map(jobsInput)
        let sides = try loadSides()
        let one = sides.before.input
        let two = sides.after.input
        let network = try one.network(named: switches.network)
        switches.noteDetectedCNI(one, two)
        let options = switches.options(for: one, two)
        let progress = ProgressLine("diff")
        let diff = ConnectivityDiff(
            before: switches.engine(for: one, options: options), beforePolicies: one.policies,
            after: switches.engine(for: two, options: options),
            afterPolicies: two.policies, network: network, ipv6: options.analysesIPv6
        ) { done, total in progress.update("\(done)/\(total) sources") }
        progress.finish()
        let rendered = diff.render(as: format)
        guard !capture.isEmpty || !intents.isEmpty || jobs != nil else {
            return try OutputWriter.emit(rendered, to: output)
        }
        let intentSet = try intents.isEmpty ? nil : IntentReader.read(documents: SourceLoader.load(paths: intents))
        let fabric = try topology.map { try TopologyFile.load(path: $0) }
        var impact = try ChangeImpact.compute(
            before: one, after: two, network: network, options: options,
            captures: capture, intents: intentSet, fabric: fabric)
        if let simulation, let fabric {
            impact.simulated = try SimulatedImpact.compute(
                before: sides.before, after: sides.after, input: simulation,
                fabric: fabric, options: options)
            for w in impact.simulated!.warnings { Terminal.printWarning(w) }
        }
        if format == .json {
            try OutputWriter.emit(JSON.object([("diff", diff.json), ("impact", impact.json)]).serialized(), to: output)
        } else {
            try OutputWriter.emit(rendered + impact.text, to: output)
        }
        if impact.hurts { throw ExitCode(1) }
    }

    /// The jobs file with `--collective` and `--size`: all-to-all without PXN by default, so that every
    /// rank pair is a flow of its own, judged between the pods holding its two ranks.
    private func jobsInput(_ path: String) -> JobsInput {
        var input = JobsInput(path: path)
        input.pxn = false
        if let collective { input.collective = collective }
        if let size { input.size = size.value }
        return input
    }

    /// Both sides, each over the other's workloads when it holds policies only. With --jobs they are
    /// read with their FabricACLs (and their warnings come with the simulation's); else the input
    /// warnings are printed now and the sides hold no ACLs.
    private func loadSides() throws -> (before: PolicyBundle, after: PolicyBundle) {
        func load(_ path: String) throws -> PolicyBundle {
            if jobs != nil { return try PolicyBundle.load(path: path) }
            return PolicyBundle(path: path, input: try PolicyOptions.load([path], options: switches.options), acls: [])
        }
        let a = try load(before)
        guard let after else {
            // --staged: the same manifests, the staged policies enforced.
            var b = a
            b.input = a.input.enforcingStaged()
            return (a, b)
        }
        return PolicyBundle.sides(before: a, after: try load(after))
    }
}

extension PolicyDiffCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] {
        [before] + [after].compactMap { $0 } + capture + intents + [jobs, topology].compactMap { $0 }
    }
}
