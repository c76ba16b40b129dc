import Foundation
import InterlockCore
import TestSupport
import Testing

/// `traffic simulate --shard I/N --partial-output F` then `interlock merge`: link loads summed over
/// shards of source nodes give the one-process report, byte for byte, in text and JSON.
@Suite struct TrafficShardMergeTests {
    static let demoJobs = "policies/demo/traffic/jobs.yaml"

    /// Runs `traffic simulate ARGUMENTS` once, and as `shards` parts merged (given to merge in
    /// reverse order), in text and JSON, and expects the same report and exit status.
    static func expectMergeMatches(_ arguments: [String], shards: Int, _ comment: String) throws {
        let simulate = ["traffic", "simulate"] + arguments
        let partials = try (0..<shards).map { i in
            let partial = Scratch.path("part\(i).partial")
            let r = try CLIRunner.run(simulate + ["--shard", "\(i)/\(shards)", "--partial-output", partial])
            #expect(r.status == 0 && r.stdout.isEmpty, "\(comment): \(r.stderr)")
            return partial
        }
        for format in ["text", "json"] {
            let one = try CLIRunner.run(simulate + ["--format", format])
            #expect(one.status == 0 || one.status == 1, "\(comment): \(one.stderr)")
            #expect(!one.stdout.isEmpty)
            let merged = try CLIRunner.run(["merge"] + partials.reversed() + ["--format", format])
            #expect(merged.status == one.status, "\(comment) \(format): \(merged.stderr)")
            #expect(merged.stdout == one.stdout, "\(comment) \(format) \(shards) shards")
        }
    }

    static func jobs(_ text: String) throws -> String {
        let path = Scratch.path("jobs.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [1, 2, 3])
    func railOptimizedOneSU(_ shards: Int) throws {
        let base = ["--topology", "topologies/dgx-h100-1su.yaml", "--jobs", Self.demoJobs, "--size", "1GiB"]
        try Self.expectMergeMatches(base + ["--collective", "all-reduce"], shards: shards, "1 SU ring")
        try Self.expectMergeMatches(base + ["--collective", "all-to-all"], shards: shards, "1 SU all-to-all")
        try Self.expectMergeMatches(base + ["--collective", "all-to-all", "--pxn"], shards: shards, "1 SU PXN")
        try Self.expectMergeMatches(
            base + ["--collective", "all-reduce", "--span", "all", "--iteration-time", "20ms", "--hot-links", "3"],
            shards: shards, "1 SU one communicator")
    }

    @Test(arguments: [1, 2, 3])
    func policiesJudgedAndCompared(_ shards: Int) throws {
        let base = [
            "--topology", "topologies/dgx-h100-1su.yaml", "--cluster", "policies/demo/cluster", "--size", "1GiB",
            "--policies", "policies/demo/cluster",
        ]
        try Self.expectMergeMatches(base + ["--collective", "all-reduce"], shards: shards, "judged ring")
        try Self.expectMergeMatches(
            base + ["--collective", "all-to-all", "--compare", "policies/demo/traffic/rdma-lockdown"],
            shards: shards, "compared all-to-all")
        try Self.expectMergeMatches(
            [
                "--topology", "topologies/dgx-h100-1su.yaml", "--jobs", Self.demoJobs, "--collective",
                "storage-read", "--size", "4GiB", "--policies", "policies/acl",
            ], shards: shards, "storage ACLs")
    }

    @Test(arguments: [1, 2, 3])
    func railOnlyTwoSUAndFatTree(_ shards: Int) throws {
        let all = try Self.jobs("jobs:\n- {name: a, tenant: t, nodes: 3}\n- {name: b, tenant: u, nodes: 5}\n")
        for topology in ["topologies/rail-only-2su.yaml", "topologies/fat-tree-k4.yaml"] {
            let base = ["--topology", topology, "--jobs", all, "--size", "256MiB"]
            for collective in [["all-reduce"], ["all-to-all"], ["all-to-all", "--pxn"]] {
                try Self.expectMergeMatches(
                    base + ["--collective"] + collective, shards: shards, "\(topology) \(collective)")
            }
        }
    }

    @Test func mismatchedOrIncompletePartialsAreRefused() throws {
        let base = [
            "traffic", "simulate", "--topology", "topologies/fat-tree-k4.yaml", "--jobs",
            try Self.jobs("jobs:\n- {name: a, tenant: t, nodes: all}\n"), "--collective", "all-to-all",
        ]
        func partial(_ name: String, _ size: String, _ shard: String) throws -> String {
            let path = Scratch.path(name)
            let r = try CLIRunner.run(base + ["--size", size, "--shard", shard, "--partial-output", path])
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let a0 = try partial("a0", "1GiB", "0/2")
        let a1 = try partial("a1", "1GiB", "1/2")
        let b1 = try partial("b1", "2GiB", "1/2")
        for set in [[a0, b1], [a0], [a0, a0]] {
            let r = try CLIRunner.run(["merge"] + set)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(set): \(r.stderr)")
        }
        #expect(try CLIRunner.run(["merge", a0, a1]).status == 0)
        // Figures that are no sum over shards are refused with the reason.
        for option in [["--fair-share"], ["--routing", "fluid"], ["--flows", Scratch.path("f.csv")]] {
            let r = try CLIRunner.run(
                base + ["--size", "1GiB", "--shard", "0/2", "--partial-output", Scratch.path("x")] + option)
            #expect(r.status == 2 && r.stderr.contains("--partial-output"), "\(option): \(r.stderr)")
        }
    }
}
