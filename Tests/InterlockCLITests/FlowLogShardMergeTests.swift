import Foundation
import TestSupport
import Testing

/// `--shard I/N` on flow logs (alone and mixed with captures), then `interlock merge`: the merged
/// report is the one-process report byte for byte, verdict disagreements included.
@Suite struct FlowLogShardMergeTests {
    static let shop = ["--cluster", "captures/flowlogs/shop-cluster.yaml"]
    static let fixtures = [
        "hubble-shop.jsonl", "zeek-conn.log", "zeek-conn.json", "calico-flows.log", "calico-flows.csv",
    ]
    .map { "captures/flowlogs/\($0)" }

    /// Each committed log alone, and all of them together in 1, 2 and 3 shards: connections and the
    /// shop cluster's analysis (Hubble's and Calico's verdicts compared with the policies).
    @Test func committedFixtures() throws {
        for log in Self.fixtures {
            for shards in [1, 3] {
                try ShardMergeTests.expectMergeMatches(
                    ["flows"], [log], shards: shards, formats: ["json"], "\(log) flows \(shards)")
                try ShardMergeTests.expectMergeMatches(
                    ["analyze"] + Self.shop, [log], shards: shards, formats: ["text", "json"],
                    "\(log) analyze \(shards)")
            }
        }
        for shards in [1, 2, 3] {
            try ShardMergeTests.expectMergeMatches(
                ["flows"], Self.fixtures, shards: shards, formats: ["text", "json", "csv"], "fixtures flows \(shards)")
            try ShardMergeTests.expectMergeMatches(
                ["analyze"] + Self.shop, Self.fixtures, shards: shards, formats: ["text", "json"],
                "fixtures analyze \(shards)")
        }
        // The disagreements are among what the merge reports (the README's example: Hubble
        // forwarded what the shop's policies deny).
        let merged = try Self.mergedReport(["analyze"] + Self.shop, Self.fixtures, shards: 2)
        #expect(merged.contains("verdict-disagreement"), "\(merged)")
        #expect(merged.contains("Hubble logged FORWARDED"), "\(merged)")
    }

    /// The demo's clean and violations scenarios written by `capture synth --format hubble|zeek|ipfix`,
    /// read by 1, 2 and 3 shards; then with the violations capture itself, mixed with the logs.
    @Test(arguments: ["hubble", "zeek", "ipfix"])
    func generatedLogs(_ format: String) throws {
        let logs = try ["clean", "violations"].map { scenario in
            let path = Scratch.path("\(scenario).\(format)")
            let r = try CLIRunner.run(
                ["capture", "synth"] + ShardMergeTests.cluster
                    + [
                        "--topology", "topologies/dgx-h100-1su.yaml", "--scenario", scenario, "--format", format, "-o",
                        path,
                    ])
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let mixed = ["captures/demo-clean.pcap"] + logs + ["captures/demo-violations.pcap"]
        for shards in [1, 2, 3] {
            for files in [logs, mixed] {
                try ShardMergeTests.expectMergeMatches(
                    ["flows"], files, shards: shards, formats: ["text", "json", "csv"], "\(format) flows \(shards)")
                try ShardMergeTests.expectMergeMatches(
                    ["analyze"] + ShardMergeTests.cluster, files, shards: shards, formats: ["text", "json"],
                    "\(format) analyze \(shards)")
            }
        }
    }

    /// One Hubble connection whose events lie in two files (a log rotated between them), the files
    /// in different shards: the merge reports it as the one process does, as one connection per file
    /// with each file's lines as evidence (events join within a file: `DEVELOPERS.md`).
    @Test func hubbleConnectionAcrossFilesInTwoShards() throws {
        let text = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent(Self.fixtures[0]), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = Scratch.path("hubble-1.jsonl")
        let second = Scratch.path("hubble-2.jsonl")
        // Lines 1-3 are one connection (web → pg): the cut leaves its SYN in the first file.
        try (lines[..<1].joined(separator: "\n") + "\n").write(toFile: first, atomically: true, encoding: .utf8)
        try lines[1...].joined(separator: "\n").write(toFile: second, atomically: true, encoding: .utf8)
        let files = [first, second]
        try ShardMergeTests.expectMergeMatches(
            ["flows"], files, shards: 2, formats: ["text", "json", "csv"], "split hubble flows")
        try ShardMergeTests.expectMergeMatches(
            ["analyze"] + Self.shop, files, shards: 2, formats: ["text", "json"], "split hubble analyze")
        let csv = try Self.mergedReport(["flows"], files, shards: 2, format: "csv")
        let web = csv.split(separator: "\n").filter { $0.contains("10.244.1.2,40001,10.244.2.2,5432,") }
        #expect(web.count == 2, "\(csv)")
    }

    /// A BPF filter with a flow log among the inputs is refused by every shard, with no partial
    /// written, as one process refuses it, whether the shard's own files hold the log or not.
    @Test func filterWithAFlowLogIsRefusedByEveryShard() throws {
        let files = ["captures/demo-clean.pcap", "captures/flowlogs/zeek-conn.log"]
        let partial = Scratch.path("filtered.partial")
        for shard in ["0/2", "1/2"] {
            let r = try CLIRunner.run(
                ["capture", "flows"] + files + ["--filter", "tcp", "--shard", shard, "--partial-output", partial])
            #expect(r.status == 2 && r.stdout.isEmpty, "\(r.stderr)")
            #expect(r.stderr.contains("zeek-conn.log: is a zeek flow log: --filter 'tcp' applies to packet captures"))
            #expect(!FileManager.default.fileExists(atPath: partial))
        }
    }

    /// A partial of format version 1 (no section kind byte: captures only) still merges.
    @Test func versionOnePartialsStillMerge() throws {
        let capture = "captures/demo-violations.pcap"
        let partial = Scratch.path("v2.partial")
        let w = try CLIRunner.run(["capture", "flows", capture, "--shard", "0/1", "--partial-output", partial])
        #expect(w.status == 0, "\(w.stderr)")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: partial))
        let newline = bytes.firstIndex(of: 0x0A)!
        let header = String(decoding: bytes[..<newline], as: UTF8.self)
        #expect(header.contains("\"version\":2"))
        // The body's one section: `u32` input index 0, then the kind byte (0, a capture) version 1 lacks.
        #expect(Array(bytes[(newline + 1)..<(newline + 6)]) == [0, 0, 0, 0, 0])
        bytes.remove(at: newline + 5)
        bytes.replaceSubrange(
            ..<newline, with: Data(header.replacingOccurrences(of: "\"version\":2", with: "\"version\":1").utf8))
        let old = Scratch.path("v1.partial")
        try bytes.write(to: URL(fileURLWithPath: old))
        let merged = try CLIRunner.run(["merge", old, "--format", "json"])
        let one = try CLIRunner.run(["capture", "flows", capture, "--format", "json"])
        #expect(merged.status == 0 && merged.stdout == one.stdout, "\(merged.stderr)")
    }

    /// The report `interlock merge` writes of `command` on `files` in `shards` shards.
    static func mergedReport(_ command: [String], _ files: [String], shards: Int, format: String = "text") throws
        -> String
    {
        let partials = try (0..<shards).map { i in
            let partial = Scratch.path("report\(i).partial")
            let r = try CLIRunner.run(
                ["capture"] + command + files + ["--shard", "\(i)/\(shards)", "--partial-output", partial])
            #expect(r.status == 0, "\(r.stderr)")
            return partial
        }
        return try CLIRunner.run(["merge"] + partials + ["--format", format]).stdout
    }
}
