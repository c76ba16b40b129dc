import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import InterlockCLI

/// `interlock policy suggest` end to end on the demo capture: the YAML on stdout is the files of
/// `-o` in order, `policy lint` finds nothing in them, `policy diff` from the current policies to
/// them is the diff the summary prints, and a capture analysis under them finds no denied connection.
@Suite struct PolicySuggestCommandTests {
    static let cluster = ["--cluster", "policies/demo/cluster", "--cluster", "captures/demo-pods.yaml"]
    static let capture = "captures/demo-violations.pcap"

    /// A flow log of the same traffic suggests the same policies as its capture: the demo's
    /// violations scenario written once as a pcap and once as a Zeek conn.log.
    @Test func aFlowLogSuggestsWhatItsCaptureSuggests() throws {
        let synth = ["capture", "synth"] + Self.cluster + ["--topology", "topologies/dgx-h100-1su.yaml"]
        let pcap = Scratch.path("violations.pcap")
        let log = Scratch.path("conn.log")
        #expect(try CLIRunner.run(synth + ["--scenario", "violations", "-o", pcap]).status == 0)
        #expect(try CLIRunner.run(synth + ["--scenario", "violations", "--format", "zeek", "-o", log]).status == 0)
        let fromCapture = try CLIRunner.run(["policy", "suggest", pcap] + Self.cluster)
        let fromLog = try CLIRunner.run(["policy", "suggest", log] + Self.cluster)
        #expect(fromCapture.status == 0 && fromLog.status == 0, "\(fromLog.stderr)")
        #expect(fromLog.stdout.contains("kind: NetworkPolicy"))
        #expect(fromLog.stdout == fromCapture.stdout)
    }

    @Test func writesLintCleanPoliciesThatAllowTheCapture() throws {
        let dir = Scratch.directory() + "/suggested"
        let files = try CLIRunner.run(["policy", "suggest", Self.capture] + Self.cluster + ["-o", dir])
        #expect(files.status == 0, "\(files.stderr)")
        let written = files.stdout.split(separator: "\n").filter { $0.hasPrefix("wrote ") }.map { $0.dropFirst(6) }
        #expect(written.count > 10)

        let stream = try CLIRunner.run(["policy", "suggest", Self.capture] + Self.cluster)
        #expect(stream.status == 0)
        let joined = try written.map { "---\n" + (try String(contentsOfFile: String($0), encoding: .utf8)) }.joined()
        #expect(stream.stdout == joined)
        // Without -o, the summary goes to standard error: the same as with -o, but the files written.
        #expect(
            stream.stderr
                == files.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("wrote ") }.joined(separator: "\n"))

        // The workloads and namespaces the policies select, with the suggestion in place of the
        // current NetworkPolicies: no lint finding.
        let lint = try CLIRunner.run([
            "policy", "lint", "policies/demo/cluster/workloads", "policies/demo/cluster/namespaces.yaml",
            "captures/demo-pods.yaml", dir,
        ])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")

        // The diff the summary prints is `policy diff`'s from the current manifests to the suggestion.
        let proposed = try Self.proposed(dir)
        let current = Scratch.directory()
        try Self.copy("policies/demo/cluster", to: current, as: "cluster")
        try Self.copy("captures/demo-pods.yaml", to: current, as: "pods.yaml")
        let diff = try CLIRunner.run(["policy", "diff", current, proposed])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.split(separator: "\n").count > 10 && files.stdout.hasSuffix("\n\n" + diff.stdout))

        // Judged under the suggestion, the capture's pod-network connections are all allowed.
        let analyze = try CLIRunner.run([
            "capture", "analyze", Self.capture, "--cluster", proposed, "--format", "json",
        ])
        #expect(analyze.status == 1 && analyze.stdout.contains("\"unknown-endpoint\""), "\(analyze.stderr)")
        #expect(!analyze.stdout.contains("denied-but-observed"), "\(analyze.stdout)")
    }

    static func copy(_ path: String, to directory: String, as name: String) throws {
        try FileManager.default.copyItem(
            atPath: CLIRunner.packageRoot.appendingPathComponent(path).path, toPath: "\(directory)/\(name)")
    }

    /// The demo cluster with the suggestion in `dir` in place of its NetworkPolicies (copies: the
    /// manifest loader does not follow links to directories).
    static func proposed(_ dir: String) throws -> String {
        let proposed = Scratch.directory()
        for path in ["workloads", "namespaces.yaml", "nodes.yaml", "admin", "networks"] {
            try copy("policies/demo/cluster/\(path)", to: proposed, as: path)
        }
        try FileManager.default.copyItem(atPath: dir, toPath: "\(proposed)/suggested")
        try copy("captures/demo-pods.yaml", to: proposed, as: "pods.yaml")
        return proposed
    }

    /// `--cni cilium`: CiliumNetworkPolicies, one file per policy as without it, that `policy lint`
    /// finds nothing in and under which, evaluated as Cilium does, the capture's pod-network
    /// connections are all allowed; deterministic.
    @Test func ciliumPoliciesAreLintCleanAndAllowTheCapture() throws {
        let dir = Scratch.directory() + "/suggested"
        let suggest = ["policy", "suggest", Self.capture] + Self.cluster + ["--cni", "cilium"]
        let files = try CLIRunner.run(suggest + ["-o", dir])
        #expect(files.status == 0, "\(files.stderr)")
        #expect(files.stdout.hasPrefix("20 CiliumNetworkPolicies for 10 workloads"), "\(files.stdout)")
        let generic = try CLIRunner.run(
            ["policy", "suggest", Self.capture] + Self.cluster + ["-o", Scratch.directory()])
        let names = { (r: CLIRunner.Result) in r.stdout.split(separator: "\n").filter { $0.hasPrefix("wrote ") } }
        #expect(names(files).count == names(generic).count && names(files).count > 10)
        let stream = try CLIRunner.run(suggest)
        let again = try CLIRunner.run(suggest)
        #expect(stream.status == 0 && stream.stdout == again.stdout)
        #expect(stream.stdout.contains("kind: CiliumNetworkPolicy") && !stream.stdout.contains("kind: NetworkPolicy"))

        let lint = try CLIRunner.run([
            "policy", "lint", "policies/demo/cluster/workloads",
            "policies/demo/cluster/namespaces.yaml", "captures/demo-pods.yaml", dir,
        ])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let analyze = try CLIRunner.run([
            "capture", "analyze", Self.capture, "--cluster", try Self.proposed(dir), "--cni", "cilium", "--format",
            "json",
        ])
        #expect(analyze.status == 1 && analyze.stdout.contains("\"unknown-endpoint\""), "\(analyze.stderr)")
        #expect(!analyze.stdout.contains("denied-but-observed"), "\(analyze.stdout)")
        #expect(try CLIRunner.run(suggest + ["--cni", "calico"]).status == 2)
    }

    @Test func jsonSummary() throws {
        let dir = Scratch.directory()
        let r = try CLIRunner.run(
            ["policy", "suggest", Self.capture] + Self.cluster + ["-o", dir, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let policies = json["policies"] as! [[String: Any]]
        let connections = json["connections"] as! [String: Any]
        let skipped = connections["skipped"] as! [String: Int]
        #expect(policies.count == (json["written"] as! [String]).count)
        #expect(
            (connections["allowed"] as! Int) + skipped.values.reduce(0, +) == (connections["observed"] as! Int))
        #expect((json["deniedByAdminTiers"] as! [Any]).isEmpty)
        #expect(json["diff"] is [Any])
    }

    @Test func parsesInProcess() throws {
        let c = try #require(
            try InterlockCommand.parseAsRoot([
                "policy", "suggest", "a.pcap", "b.pcap", "--cluster", "c", "--cluster", "d", "-o", "out", "--format",
                "json",
            ]) as? PolicySuggestCommand)
        #expect(c.files == ["a.pcap", "b.pcap"] && c.cluster.paths == ["c", "d"] && c.output == "out")
        #expect(c.format == .json && c.outputPaths.compactMap { $0 }.isEmpty)
        let stream = try #require(
            try InterlockCommand.parseAsRoot(["policy", "suggest", "a.pcap", "--cluster", "c"]) as? PolicySuggestCommand
        )
        #expect(stream.format == .text && stream.outputPaths == ["-"] && stream.cni == .generic)
        let cilium = try #require(
            try InterlockCommand.parseAsRoot(["policy", "suggest", "a.pcap", "--cluster", "c", "--cni", "cilium"])
                as? PolicySuggestCommand)
        #expect(cilium.cni == .cilium)
        #expect(throws: (any Error).self) { try InterlockCommand.parseAsRoot(["policy", "suggest", "a.pcap"]) }
    }

    /// `-o` naming a file: bad input, nothing written.
    @Test func outputThatIsNotADirectoryIsBadInput() throws {
        let file = Scratch.path("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let r = try CLIRunner.run(["policy", "suggest", Self.capture] + Self.cluster + ["-o", file])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr.contains("cannot create directory"), "\(r.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    /// `-o` inside a `--cluster` directory would mix the suggestion into the manifests it is read from.
    @Test func outputInsideTheManifestsIsRefused() throws {
        let r = try CLIRunner.run(
            ["policy", "suggest", Self.capture] + Self.cluster + ["-o", "policies/demo/cluster/suggested"])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr.contains("inside the manifests read"), "\(r.stderr)")
        let refused = CLIRunner.packageRoot.appendingPathComponent("policies/demo/cluster/suggested").path
        #expect(!FileManager.default.fileExists(atPath: refused))
    }

    @Test func clusterIsRequired() throws {
        let r = try CLIRunner.run(["policy", "suggest", Self.capture])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--cluster"))
    }
}
