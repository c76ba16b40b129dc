import ArgumentParser
import Documents
import Fabric
import InterlockCore
import Intents
import Policy
import Scenario

/// `interlock policy diff`: what changes between two policy sets over the same workloads.
struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the connections that change between two policy sets (netpol-analyzer's diff).",
        discussion: """
            A side without workloads (policies only) is evaluated over the other side's workloads. With \
            --capture, also which observed connections the change would block or newly allow; with \
            --intents, which segmentation intents it breaks. Exit status 1 when it blocks observed \
            traffic or breaks an intent.
            """)

    @Argument(help: "The current manifests (file or directory).")
    var before: String

    @Argument(help: "The proposed manifests (file or directory).")
    var after: String

    @OptionGroup var switches: EvaluationSwitches

    @Option(help: "A capture (pcap or pcapng) whose connections the change is judged on (repeatable).")
    var capture: [String] = []

    @Option(help: "Intents file or directory to check before and after the change (repeatable).")
    var intents: [String] = []

    @Option(help: "Topology for the intents' fabric views.")
    var topology: String?

    @Option(help: "txt (netpol-analyzer), json or csv.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        try format.validate([.text, .json, .csv])
        if format == .csv && !(capture.isEmpty && intents.isEmpty) {
            throw ValidationError("--capture and --intents report as text or json")
        }
    }

    func run() throws {
        let loaded1 = try PolicyOptions.load([before]), loaded2 = try PolicyOptions.load([after])
        let one = loaded1.borrowingInventory(from: loaded2), two = loaded2.borrowingInventory(from: loaded1)
        let network = try one.network(named: switches.network)
        let diff = ConnectivityDiff(
            before: switches.engine(for: one), beforePolicies: one.policies, after: switches.engine(for: two),
            afterPolicies: two.policies, network: network)
        let rendered = diff.render(as: ConnectivityDiff.Format(rawValue: format == .text ? "txt" : format.rawValue)!)
        guard !capture.isEmpty || !intents.isEmpty else { return try OutputWriter.emit(rendered, to: output) }
        let intentSet = try intents.isEmpty ? nil : IntentReader.read(documents: SourceLoader.load(paths: intents))
        let fabric = try topology.map { try TopologyFile.load(path: $0) }
        let impact = try ChangeImpact.compute(before: one, after: two, network: network, options: switches.options,
                                              captures: capture, intents: intentSet, fabric: fabric)
        if format == .json {
            try OutputWriter.emit(JSON.object([("diff", diff.json), ("impact", impact.json)]).serialized(), to: output)
        } else {
            try OutputWriter.emit(rendered + impact.text, to: output)
        }
        if impact.hurts { throw ExitCode(1) }
    }
}
