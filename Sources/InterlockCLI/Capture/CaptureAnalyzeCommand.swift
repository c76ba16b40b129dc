import ArgumentParser
import Capture
import CaptureAnalysis
import Documents
import FabricACL
import Findings
import FlowLogs
import InterlockCore
import Policy

/// `interlock capture analyze FILE... --cluster PATH`: every connection of the captures judged by
/// the policies and the fabric's segmentation; the findings, with evidence.
struct CaptureAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Judge every connection of packet captures against the cluster's policies, ACLs and planes.",
        discussion: """
            Each connection is judged once: its endpoints found by (network, IP) among pods, Service \
            cluster IPs (judged against their backends, DNAT before policy), Kubernetes nodes and the \
            topology's address plan; the initiator's egress and the responder's ingress by the compiled \
            policy engine (explained with policy, rule and file:line when denied); the FabricACLs of its \
            plane; and the plane rules (BMCs only from management, no management protocols on the compute \
            fabric, no RoCEv2 on the front end, storage protocols on the storage network). Traffic inside \
            VXLAN or Geneve is judged on its inner headers; ERSPAN mirrors are judged as the traffic they copy.

            Findings: denied-but-observed, unenforceable, acl-violation, unknown-endpoint, wrong-plane. \
            Exit status: 0 no findings, 1 findings, 2 bad input.
            """
    )

    @Argument(help: "Capture files (pcap or pcapng), merged by timestamp, or flow logs (see --input-format).")
    var files: [String]

    @OptionGroup var observed: InputFormatOption

    @OptionGroup var cluster: CaptureClusterOptions

    @Option(
        help: ArgumentHelp(
            "Where the captures were taken: compute, frontend, storage, oob, pod, or a secondary network namespace/name (default: inferred per connection from the address plan).",
            valueName: "name"))
    var plane: String?

    @Option(
        name: .customLong("acls"),
        help: ArgumentHelp(
            "FabricACL files or directories (YAML), attached to planes or switches; repeatable.", valueName: "path"))
    var aclPaths: [String] = []

    @Option(help: "BPF filter expression, compiled by libpcap: only matching packets are judged.")
    var filter: String?

    @OptionGroup var tracker: TrackerOptions

    @Option(
        name: .customLong("write-violations"),
        help: ArgumentHelp(
            "Write the packets of every connection behind a finding, in their original order, to this capture (one file per link type, suffixed).",
            valueName: "out.pcap"))
    var writeViolations: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Show at most this many findings in the text report (the JSON report has all).")
    var limit: Int?

    @OptionGroup var sharding: ShardOptions

    @Flag(
        help:
            "Judge the traffic as if every staged policy were enforced (Calico's preview: StagedNetworkPolicy, StagedGlobalNetworkPolicy, StagedKubernetesNetworkPolicy)."
    )
    var staged = false

    /// The options that shape the findings (not the output's), as `interlock merge` replays them.
    var resultArguments: [String] {
        observed.arguments + cluster.arguments + (plane.map { ["--plane", $0] } ?? [])
            + aclPaths.flatMap { ["--acls", $0] }
            + (filter.map { ["--filter", $0] } ?? []) + tracker.arguments + (staged ? ["--staged"] : [])
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if writeViolations != nil, let once = files.first(where: { !SourceLoader.isRegularFile($0) }) {
            throw ValidationError(
                "--write-violations reads the captures twice, and '\(once)' is standard input or a pipe: save it to a file first"
            )
        }
        if sharding.partialOutput != nil && (output != nil || writeViolations != nil) {
            throw ValidationError(
                "give --partial-output, or --output and --write-violations: `interlock merge` writes the report of the parts"
            )
        }
    }

    func run() throws {
        if sharding.partialOutput != nil {
            let part = try CaptureShard.files(of: files, for: sharding.part)
            try sharding.write(command: "capture analyze", arguments: resultArguments, inputs: files) { emit in
                try TrafficInputs.writeShard(
                    paths: files, indices: part, format: observed.inputFormat, filter: filter,
                    configuration: tracker.configuration(), emit: emit)
            }
            return
        }
        let (input, analyzer) = try judge()
        let configuration = tracker.configuration()
        let progress = ProgressLine("reading")
        let flows = try TrafficInputs.collect(
            paths: files, format: observed.inputFormat, filter: filter, configuration: configuration,
            threads: tracker.threadCount,
            progress: { s in progress.update("\(Units.formatCount(Double(s.packetsRead))) packets") })
        progress.finish()
        try report(flows, input: input, analyzer: analyzer)
    }

    /// Loads the cluster the options name and judges `flows` against it: what `interlock merge` does
    /// with the connections of the parts.
    func report(_ flows: CaptureFlows) throws {
        let (input, analyzer) = try judge()
        try report(flows, input: input, analyzer: analyzer)
    }

    /// The cluster, ACLs and vantage the options name, and the analyzer over them.
    private func judge() throws -> (PolicyInput, CaptureAnalyzer) {
        var (input, fabric) = try cluster.load()
        if staged { input = input.enforcingStaged() }
        let acls = try ACLSource.load(paths: aclPaths)
        let vantage = try plane.map { try Vantage(parsing: $0, inventory: input.inventory) }
        return (input, try CaptureAnalyzer(engine: cluster.engine(input), fabric: fabric, acls: acls, vantage: vantage))
    }

    /// Judges `flows`, writes the violating packets and the report, and exits 1 on findings.
    private func report(_ flows: CaptureFlows, input: PolicyInput, analyzer: CaptureAnalyzer) throws {
        let configuration = tracker.configuration()
        for warning in flows.warnings { Terminal.printWarning(warning) }
        let analysis = analyzer.analyze(flows)

        var written: [(path: String, packets: Int)] = []
        if writeViolations != nil, let log = flows.files.first(where: { $0.flowLogFormat != nil }) {
            throw ValidationError("--write-violations writes packets, and '\(log.path)' is a flow log: it has none")
        }
        if let writeViolations {
            written = try PacketExport.write(
                connections: analysis.violatingConnections, from: files, filter: filter,
                configuration: configuration, to: writeViolations)
            if written.isEmpty {
                // Nothing violated: an empty capture, so that the file always reflects this run.
                let writer = try CaptureWriter(
                    path: writeViolations, linkType: flows.files[0].linkType,
                    snapshotLength: flows.files[0].snapshotLength)
                try writer.finish()
                written = [(writeViolations, 0)]
            }
        }
        let report = AnalysisReport(
            flows: flows, analysis: analysis, written: written, vantage: plane,
            warnings: input.resultWarnings + analysis.warnings + flows.warnings)
        if format == .json {
            try OutputWriter.stream(to: output) { report.write(json: $0) }
        } else {
            try OutputWriter.stream(to: output) { report.write(text: $0, limit: limit) }
        }
        if !analysis.findings.isEmpty { throw ExitCode(1) }
    }
}

extension CaptureAnalyzeCommand: WritesFiles {
    var outputPaths: [String?] {
        [sharding.partialOutput == nil ? output ?? "-" : nil, writeViolations, sharding.partialOutput]
    }
    var inputPaths: [String] { files + cluster.inputPaths + aclPaths }
}
