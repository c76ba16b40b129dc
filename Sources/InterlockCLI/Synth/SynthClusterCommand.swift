import ArgumentParser
import ClusterSynth
import Foundation
import InterlockCore

/// `interlock synth cluster`: a realistic synthetic cluster as manifests.
struct SynthClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Write a synthetic cluster's manifests: namespaces, nodes, pods, policies.",
        discussion: """
            Namespaces are grouped into tenants (label `tenant`) with team and env labels; 60% are \
            default-deny. Workloads follow a skewed mix of applications, with replicas as Pods owned by \
            ReplicaSets, named container ports and pod IPs from 10.128.0.0/9. NetworkPolicies are spread \
            over namespaces in proportion to their workloads; admin policies isolate tenants. Files: \
            namespaces, nodes, pods, networkpolicies and admin-policies, as .yaml (multi-document) or \
            .json (a kubectl-style List).
            """
    )

    @Option(help: "Number of namespaces (kube-system and monitoring come on top).")
    var namespaces: Int = 10

    @Option(help: "Number of pods (two platform pods included).")
    var pods: Int = 1000

    @Option(help: "Number of NetworkPolicies.")
    var policies: Int = 100

    @Option(help: "Number of AdminNetworkPolicies (a BaselineAdminNetworkPolicy is added when positive).")
    var adminPolicies: Int = 0

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "File format.")
    var format: Format = .yaml

    @Option(name: .shortAndLong, help: "Directory to write the manifests into (created if missing).")
    var output: String

    /// The files `cluster` writes.
    enum Format: String, FormatArgument { case yaml, json }

    func run() throws {
        let spec = SynthClusterSpec(namespaces: namespaces, pods: pods, policies: policies,
                                    adminPolicies: adminPolicies, seed: seed)
        if let problem = spec.problem { throw ValidationError(problem) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: output, "cannot create directory")
        }
        let ext = format == .json ? "json" : "yaml"
        var writers: [String: OutputWriter] = [:]
        var counts: [String: Int] = [:]
        for file in ClusterSynthesizer.files {
            writers[file] = try OutputWriter(path: "\(output)/\(file).\(ext)")
        }
        var synthesizer = ClusterSynthesizer(spec: spec)
        var buffer: [UInt8] = []
        synthesizer.generate { file, object in
            guard let out = writers[file] else { return }
            buffer.removeAll(keepingCapacity: true)
            let n = counts[file, default: 0]
            if format == .json {
                buffer += (n == 0 ? "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n" : ",\n").utf8
                object.write(into: &buffer, pretty: false, depth: 0)
            } else {
                buffer += "---\n".utf8
                object.writeYAML(into: &buffer)
            }
            out.write(bytes: buffer)
            counts[file] = n + 1
        }
        for file in ClusterSynthesizer.files {
            guard let out = writers[file] else { continue }
            if counts[file, default: 0] == 0 {
                // Nothing of this kind: no file (an empty List or stream would only be noise).
                continue
            }
            if format == .json { out.write("\n]}\n") }
            try out.commit()
        }
        var table = TextTable(headers: ["file", "objects"], alignments: [.left, .right])
        for file in ClusterSynthesizer.files where counts[file, default: 0] > 0 {
            table.append(["\(output)/\(file).\(ext)", String(counts[file]!)])
        }
        FileHandle.standardError.write(Data(table.render().utf8))
    }
}
