import ArgumentParser
import Capture
import CaptureAnalysis
import FlowLogs
import Foundation
import InterlockCore
import Policy
import PolicyEngine

/// `interlock policy suggest CAPTURES... --cluster DIR`: least-privilege NetworkPolicies that allow
/// the observed connections and nothing more, checked against the evaluator and diffed against the
/// current policies; with `--cni cilium`, CiliumNetworkPolicies evaluated under Cilium's enforcement.
struct PolicySuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest least-privilege NetworkPolicies from the connections of packet captures or flow logs.",
        discussion: """
            Every workload of the pod network (host-network ones aside) gets an ingress and an egress \
            NetworkPolicy that select it by its stable labels (pod-template-hash and the other labels \
            controllers set per pod or revision left out) and allow, one rule per peer, exactly the \
            protocols and ports observed: other workloads by namespace and pod labels, nodes and other \
            addresses by /32 (/128) ipBlocks. Connections to a Service's cluster IP are allowed to its \
            backends on the target port. Every egress policy also allows DNS to kube-dns (UDP and TCP 53). \
            The suggestion is read back and evaluated in place of the current NetworkPolicies (admin tiers \
            and MultiNetworkPolicies kept): observed connections still denied are listed, and the \
            connectivity diff from the current policies follows the summary.

            With --cni cilium the same rules are written as CiliumNetworkPolicies (endpointSelector, \
            enableDefaultDeny for the one direction, fromEndpoints/toEndpoints, fromCIDR/toCIDR, and the \
            host and remote-node entities for nodes, which Cilium's CIDR rules do not match) and evaluated \
            under Cilium's enforcement in place of the current NetworkPolicies and Cilium policies.

            The YAML goes to standard output, or with -o to one file per policy \
            (DIR/NAMESPACE.NAME.yaml); the summary goes to standard error, or with -o to standard output.
            """
    )

    @Argument(help: "Capture files (pcap or pcapng, merged by timestamp) or flow logs (see --input-format).")
    var files: [String]

    @OptionGroup var observed: InputFormatOption

    @OptionGroup var cluster: ClusterManifestsOption

    @Option(help: "BPF filter expression, compiled by libpcap: only matching packets are read.")
    var filter: String?

    @OptionGroup var tracker: TrackerOptions

    @Option(
        help: ArgumentHelp(
            "Write NetworkPolicies evaluated as upstream specifies them (generic, the default) or CiliumNetworkPolicies evaluated under Cilium's enforcement (cilium).",
            valueName: "generic|cilium"))
    var cni: CNI = .generic

    @Option(help: "Format of the summary.")
    var format: ReportFormat = .text

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write one YAML file per policy into this directory (created if missing).", valueName: "dir")
    )
    var output: String?

    func validate() throws {
        guard cni != .calico else {
            throw ValidationError("--cni calico: suggest writes NetworkPolicies or CiliumNetworkPolicies")
        }
        // The policies written into the manifests read would mix with them on the next run.
        if let output {
            let directory = URL(fileURLWithPath: output).standardizedFileURL.path
            for input in cluster.paths {
                let path = URL(fileURLWithPath: input).standardizedFileURL.path
                if directory == path || directory.hasPrefix(path + "/") {
                    throw ValidationError("-o \(output) is inside the manifests read (--cluster \(input))")
                }
            }
        }
    }

    func run() throws {
        let input = try cluster.load()
        let flows = try TrafficInputs.collect(
            paths: files, format: observed.inputFormat, filter: filter, configuration: tracker.configuration(),
            threads: tracker.threadCount)
        for warning in flows.warnings { Terminal.printWarning(warning) }
        let suggestion = PolicySuggestion(
            observed: ObservedTraffic(flows: flows, inventory: input.inventory), inventory: input.inventory, cni: cni)
        let after = try suggestion.applied(to: input)
        var options = EvaluationOptions()
        options.cni = cni
        let engine = CompiledEngine(inventory: after.inventory, policies: after.policies, options: options)
        let diff = ConnectivityDiff(
            before: CompiledEngine(inventory: input.inventory, policies: input.policies, options: options),
            beforePolicies: input.policies, after: engine, afterPolicies: after.policies)
        let check = PolicySuggestion.Check(denied: suggestion.denied(by: engine), diff: diff)
        let written = try output.map { try write(suggestion, into: $0) } ?? []
        if output == nil { try OutputWriter.emit(suggestion.yaml, to: nil) }
        let summary =
            format == .json
            ? suggestion.json(check, inventory: input.inventory, written: written).serialized()
            : suggestion.text(check, inventory: input.inventory, written: written)
        if output != nil {
            try OutputWriter.emit(summary, to: nil)
        } else {
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }

    /// Writes each policy to `directory/NAMESPACE.NAME.yaml`; the paths written, in policy order.
    private func write(_ suggestion: PolicySuggestion, into directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: directory, "cannot create directory")
        }
        let writers = try suggestion.policies.map { p in
            let path = "\(directory)/\(p.namespace).\(p.name).yaml"
            let writer = try OutputWriter(path: path)
            writer.write(p.object.yaml())
            return (path, writer)
        }
        for (_, writer) in writers { try writer.commit() }
        return writers.map(\.0)
    }
}

extension PolicySuggestCommand: WritesFiles {
    var outputPaths: [String?] { [output == nil ? "-" : nil] }
    var inputPaths: [String] { files + cluster.paths }
}
