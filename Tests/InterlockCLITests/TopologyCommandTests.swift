import Foundation
import TestSupport
import Testing

/// `interlock topology …` run as a user runs it, through the built binary.
@Suite struct TopologyCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func temporary(_ name: String) -> String {
        Scratch.path(name)
    }

    @Test func showReportsComputeCountsAndPlanes() throws {
        let r = try CLIRunner.run(["topology", "show", "topologies/dgx-h100-1su.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let counts = try #require(j["counts"] as? [String: Int])
        #expect(counts["hosts"] == 32 && counts["gpus"] == 256 && counts["nics"] == 256)
        #expect(counts["switches"] == 12 && counts["links"] == 512)
        #expect(j["switchesByRole"] as? [String: Int] == ["leaf": 8, "spine": 4])
        let planes = try #require(j["planes"] as? [String: [String: Any]])
        #expect(Set(planes.keys) == ["compute", "frontend", "storage", "oob"])
        #expect((planes["oob"]?["counts"] as? [String: Int])?["bmcs"] == 32)
        #expect(planes["compute"]?["transport"] as? String == "infiniband")
        let text = try CLIRunner.run(["topology", "show", "topologies/fat-tree-k4.yaml"])
        #expect(text.status == 0 && text.stdout.contains("edge 8, aggregation 8, core 4"))
    }

    @Test func generateWritesAFileThatLoads() throws {
        let out = Self.temporary("k4.yaml")
        let g = try CLIRunner.run(["topology", "generate", "fat-tree", "--k", "4", "-o", out])
        #expect(g.status == 0 && g.stdout.isEmpty, "\(g.stderr)")
        let s = try CLIRunner.run(["topology", "show", out, "--format", "json"])
        let counts = try #require(try Self.json(s.stdout)["counts"] as? [String: Int])
        #expect(counts == ["hosts": 16, "gpus": 0, "nics": 16, "bmcs": 0, "switches": 20, "links": 48])
        // Without -o, YAML on stdout; read back from stdin.
        let piped = try CLIRunner.run([
            "topology", "generate", "rail-optimized", "--preset", "dgx-b200", "--scalable-units", "16",
        ])
        #expect(piped.status == 0)
        let b200 = try CLIRunner.run(["topology", "show", "-", "--format", "json"], stdin: piped.stdout)
        let roles = try Self.json(b200.stdout)["switchesByRole"] as? [String: Int]
        #expect(roles == ["leaf": 128, "spine": 128, "core": 64])
    }

    /// Two pods of 16 DGX B200 SUs (8,192 NICs): three tiers per pod, NICs / 32 spines and pod cores,
    /// NICs / 64 supercores; rail-only has no tier to join pods.
    @Test func podsAreJoinedBySupercores() throws {
        let generated = try CLIRunner.run([
            "topology", "generate", "rail-optimized", "--preset", "dgx-b200", "--scalable-units", "16", "--pods", "2",
            "--no-user-networks",
        ])
        #expect(generated.status == 0 && generated.stdout.contains("\n  pods: 2\n"), "\(generated.stderr)")
        let show = try CLIRunner.run(["topology", "show", "-", "--format", "json"], stdin: generated.stdout)
        let nics = 2 * 16 * 32 * 8
        let roles = try Self.json(show.stdout)["switchesByRole"] as? [String: Int]
        #expect(roles == ["leaf": 2 * 16 * 8, "spine": nics / 32, "core": nics / 32, "supercore": nics / 64])
        let railOnly = try CLIRunner.run([
            "topology", "generate", "rail-optimized", "--preset", "dgx-h100", "--scalable-units", "2", "--pods", "2",
            "--rail-only",
        ])
        #expect(
            railOnly.status == 2
                && railOnly.stderr == "error: --pods: a rail-only fabric has no core tier to join pods\n")
    }

    @Test func expandAndExportsLoadBack() throws {
        let show = try CLIRunner.run(["topology", "show", "topologies/rail-only-2su.yaml", "--format", "json"])
        for (args, file) in [
            (["expand"], "x.yaml"), (["export", "--format", "dot"], "x.dot"),
            (["export", "--format", "node-link"], "x.json"),
        ] {
            let path = Self.temporary(file)
            let r = try CLIRunner.run(["topology"] + args + ["topologies/rail-only-2su.yaml", "-o", path])
            #expect(r.status == 0, "\(r.stderr)")
            let again = try CLIRunner.run(["topology", "show", path, "--format", "json"])
            #expect(again.status == 0, "\(again.stderr)")
            let a = try Self.json(show.stdout)
            let b = try Self.json(again.stdout)
            #expect(a["counts"] as? [String: Int] == b["counts"] as? [String: Int], "\(file)")
            #expect(
                NSDictionary(dictionary: a["planes"] as! [String: Any])
                    == NSDictionary(dictionary: b["planes"] as! [String: Any]), "\(file)")
        }
    }

    @Test func pathsCountsAndRoutesAFlow() throws {
        let r = try CLIRunner.run([
            "topology", "paths", "topologies/dgx-h100-4su.yaml", "--from", "dgx0001", "--to", "dgx0100",
            "--flow", "10.0.0.1:49152-10.0.0.100:4791/UDP", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        // 4 SU: 16 spines, 2 cables from each leaf to each spine.
        #expect(j["count"] as? Int == 16 && j["linkCount"] as? Int == 64)
        let paths = try #require(j["paths"] as? [[String]])
        #expect(
            paths.count == 16 && paths[0] == ["dgx0001-nic0", "leaf-su1-r0", "spine01", "leaf-su4-r0", "dgx0100-nic0"])
        let flow = try #require(j["flow"] as? [String: Any])
        #expect(flow["routing"] as? String == "dmodk")
        let flowPath = try #require(flow["path"] as? [String])
        #expect(paths.contains(flowPath))
        // A GPU name implies its rail; the flow's addresses alone name the endpoints.
        let gpu = try CLIRunner.run([
            "topology", "paths", "topologies/dgx-h100-1su.yaml", "--from", "dgx0001-gpu5", "--to", "dgx0002-gpu5",
        ])
        #expect(gpu.stdout.contains("leaf-su1-r5") && gpu.stdout.contains("equal-cost paths: 1 "))
        let byFlow = try CLIRunner.run([
            "topology", "paths", "topologies/fat-tree-k4.yaml", "--flow", "10.0.0.1:1000-10.0.0.16:80/TCP", "--format",
            "json",
        ])
        let f = try Self.json(byFlow.stdout)
        #expect(f["source"] as? String == "host0001-nic0" && f["count"] as? Int == 4)
        let railOnly = try CLIRunner.run([
            "topology", "paths", "topologies/rail-only-2su.yaml", "--from", "dgx0001-gpu0", "--to", "dgx0033-gpu1",
            "--format", "json",
        ])
        let railOnlyCount = try Self.json(railOnly.stdout)["count"] as? Int
        #expect(railOnly.status == 0 && railOnlyCount == 0)
    }

    @Test func addressLookup() throws {
        let r = try CLIRunner.run([
            "topology", "addresses", "topologies/dgx-h100-1su.yaml", "10.28.0.3", "--format", "json",
        ])
        #expect(r.status == 0)
        let rows = try #require(try Self.json(r.stdout)["interfaces"] as? [[String: Any]])
        #expect(rows[0]["device"] as? String == "dgx0003-bmc" && rows[0]["kind"] as? String == "bmc")
        let miss = try CLIRunner.run(["topology", "addresses", "topologies/dgx-h100-1su.yaml", "192.0.2.1"])
        #expect(miss.status == 1)
    }

    @Test func badInputExitsTwoWithOneLine() throws {
        let bad = Self.temporary("bad.yaml")
        try
            "nodes:\n  - {name: a, kind: host}\n  - {name: s, kind: switch, role: leaf}\nlinks:\n  - {from: a, to: leaf9, gbps: 100}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["topology", "validate", bad],
            ["topology", "show", "topologies/no-such-file.yaml"],
            ["topology", "generate", "fat-tree", "--k", "5"],
            ["topology", "generate", "rail-optimized", "--preset", "dgx-a100", "--scalable-units", "1"],
            ["topology", "paths", "topologies/fat-tree-k4.yaml", "--from", "host0001", "--to", "host9999"],
            [
                "topology", "paths", "topologies/dgx-h100-1su.yaml", "--from", "dgx0001-gpu3", "--to", "dgx0002",
                "--rail", "1",
            ],
            ["topology", "export", "topologies/fat-tree-k4.yaml", "--format", "json"],
        ]
        for args in cases {
            let r = try CLIRunner.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: ") && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let r = try CLIRunner.run(["topology", "validate", bad])
        #expect(r.stderr == "error: \(bad):5:19: unknown node 'leaf9' in link\n")
        // A failing export leaves no partial file.
        let out = Self.temporary("never.dot")
        _ = try CLIRunner.run(["topology", "export", bad, "--format", "dot", "-o", out])
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
