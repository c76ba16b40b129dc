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
            namespaces, nodes, pods, networkpolicies, admin-policies and cilium-policies, as .yaml \
            (multi-document) or .json (a kubectl-style List).
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

    @Option(
        help: "Number of CiliumNetworkPolicies (one in ten a CiliumClusterwideNetworkPolicy), with L7 and DNS rules.")
    var ciliumPolicies: Int = 0

    @Option(
        help:
            "Number of Calico policies (projectcalico.org/v3), written with the NetworkPolicies: GlobalNetworkPolicies of a `security` tier isolating tenants, and namespaced policies allowing workloads in."
    )
    var calicoPolicies: Int = 0

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "File format.")
    var format: ManifestStream.Format = .yaml

    @Option(name: .shortAndLong, help: "Directory to write the manifests into (created if missing).")
    var output: String

    func run() throws {
        var spec = SynthClusterSpec(
            namespaces: namespaces, pods: pods, policies: policies,
            adminPolicies: adminPolicies, seed: seed)
        spec.ciliumPolicies = ciliumPolicies
        spec.calicoPolicies = calicoPolicies
        if let problem = spec.problem { throw ValidationError(problem) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: output, "cannot create directory")
        }
        let files = ManifestFiles(directory: output, format: format)
        var writers: [String: (file: OutputWriter, bytes: ByteWriter)] = [:]
        for file in ClusterSynthesizer.files {
            let out = try OutputWriter(path: files.path(of: file))
            writers[file] = (out, ByteWriter { out.write(raw: $0) })
        }
        let written = files.generate(spec) { writers[$0]!.bytes }
        for (file, _) in written {
            writers[file]!.bytes.finish()
            try writers[file]!.file.commit()
        }
        FileHandle.standardError.write(Data(files.summary(written).utf8))
    }
}
