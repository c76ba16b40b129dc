import ArgumentParser
import Policy

/// `--cluster`: the Kubernetes manifests of the cluster a command reads (required, repeatable).
/// Shared by the capture commands (through `CaptureClusterOptions`) and `policy suggest`.
struct ClusterManifestsOption: ParsableArguments {
    @Option(
        name: .customLong("cluster"),
        help: ArgumentHelp(
            "Kubernetes manifests: a file or directory (read recursively); repeat to add more, such as a `kubectl get pods -A -o yaml` snapshot of the running pods.",
            valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("--cluster is required (manifest files or directories)")
        }
    }

    /// The option as arguments.
    var arguments: [String] { paths.flatMap { ["--cluster", $0] } }

    /// Loads the manifests and prints their warnings on stderr.
    func load() throws -> PolicyInput { try PolicyOptions.load(paths) }
}
