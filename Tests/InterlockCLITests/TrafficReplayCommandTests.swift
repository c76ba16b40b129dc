import Foundation
import TestSupport
import Testing

/// `interlock traffic synth-trace` and `traffic replay` run as a user runs them: the same synthetic
/// job written as a SimAI file and as Chakra traces replays to the same iteration.
@Suite struct TrafficReplayCommandTests {
    static let oneSU = "topologies/dgx-h100-1su.yaml"
    static let job = ["--ranks", "32", "--tp", "8", "--layers", "3", "--forward", "2ms", "--gradient", "64MiB"]

    static func replay(_ traces: [String], jobs: String) throws -> [String: Any] {
        let r = try CLIRunner.run(
            ["traffic", "replay"] + traces + ["--topology", oneSU, "--jobs", jobs, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// A jobs file of dgx0001-0004, and `job` written as a SimAI file and as Chakra traces: their paths.
    static func synthesize(_ job: [String]) throws -> (jobs: String, simai: String, directory: String) {
        let jobs = Scratch.path("jobs.yaml")
        try "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n".write(
            toFile: jobs, atomically: true, encoding: .utf8)
        let simai = Scratch.path("w.txt")
        let directory = Scratch.path("et")
        for (format, output) in [("simai", simai), ("chakra", directory)] {
            let r = try CLIRunner.run(["traffic", "synth-trace", "--format", format] + job + ["-o", output])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (jobs, simai, directory)
    }

    @Test func simAIAndChakraTracesReplayAlike() throws {
        let (jobs, simai, directory) = try Self.synthesize(Self.job)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".et") }
        #expect(files.count == 32)
        let a = try Self.replay([simai], jobs: jobs)
        let b = try Self.replay(files.map { directory + "/" + $0 }, jobs: jobs)
        #expect(a["format"] as? String == "simai")
        #expect(b["format"] as? String == "chakra")
        for key in ["iterationTime", "computeTime", "communicationTime", "exposedTime"] {
            #expect(a[key] as? Double == b[key] as? Double, "\(key)")
        }
        #expect((a["tiers"] as? [[String: Any]])?.count == (b["tiers"] as? [[String: Any]])?.count)
        for (x, y) in zip(a["tiers"] as! [[String: Any]], b["tiers"] as! [[String: Any]]) {
            #expect(x["tier"] as? String == y["tier"] as? String)
            #expect(x["bytes"] as? Double == y["bytes"] as? Double)
        }
        // Compute: 3 layers × (2 ms forward + 1 ms input gradient + 1 ms weight gradient).
        #expect(abs(try #require(a["computeTime"] as? Double) - 0.012) < 1e-12)
        // Tensor-parallel groups are one node each: those all-reduces stay on NVLink.
        let collectives = try #require(a["collectives"] as? [[String: Any]])
        #expect(collectives.count == 9)
        #expect(collectives[0]["groups"] as? Int == 4 && collectives[0]["groupSize"] as? Int == 8)
        #expect(collectives[4]["groups"] as? Int == 8 && collectives[4]["groupSize"] as? Int == 4)
        #expect(collectives[4]["label"] as? String == "layer2 weight-gradient")
    }

    @Test func pipelineStagesReplayAlikeFromBothFormats() throws {
        let (jobs, simai, directory) = try Self.synthesize(Self.job + ["--pp", "2", "--pipeline", "32MiB"])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).map { directory + "/" + $0 }
        let a = try Self.replay([simai], jobs: jobs)
        let b = try Self.replay(files, jobs: jobs)
        for key in ["iterationTime", "computeTime", "communicationTime", "exposedTime"] {
            #expect(a[key] as? Double == b[key] as? Double, "\(key)")
        }
        // Stage 0 (dgx0001-0002) sends to stage 1 (dgx0003-0004): 16 pairs, rank r to r + 16, on
        // their own rails: 32 MiB at one NIC's 400 Gb/s.
        let transfers = try #require(a["collectives"] as? [[String: Any]]).filter {
            $0["collective"] as? String == "send-receive"
        }
        #expect(transfers.map { $0["label"] as? String } == ["pipeline forward 0→1", "pipeline backward 1→0"])
        for t in transfers {
            #expect(t["groups"] as? Int == 16 && t["groupSize"] as? Int == 2)
            #expect(t["bytes"] as? Double == 32.0 * 1024 * 1024)
            #expect(t["time"] as? Double == 32 * 1024 * 1024 / (400e9 / 8))
        }
        let bad = try CLIRunner.run([
            "traffic", "synth-trace", "--format", "simai", "--ranks", "32", "--tp", "8", "--pp", "3",
        ])
        #expect(bad.status == 2 && bad.stderr.contains("--tp 8 × --pp 3 does not divide --ranks 32"))
    }

    @Test func jobsFromManifests() throws {
        // The demo cluster's one GPU job (training/llama-pretrain, 4 pods of 8 GPUs): 32 ranks.
        let simai = Scratch.path("cluster.txt")
        let w = try CLIRunner.run(["traffic", "synth-trace", "--format", "simai"] + Self.job + ["-o", simai])
        #expect(w.status == 0, "\(w.stderr)")
        let r = try CLIRunner.run([
            "traffic", "replay", simai, "--topology", Self.oneSU, "--cluster", "policies/demo/cluster",
            "--job", "training/llama-pretrain", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(j["job"] as? String == "training/llama-pretrain" && j["ranks"] as? Int == 32)
        let missing = try CLIRunner.run(["traffic", "replay", simai, "--topology", Self.oneSU])
        #expect(missing.status == 2 && missing.stderr.contains("give exactly one of --jobs and --cluster"))
    }

    @Test func aCutRailNeverCompletes() throws {
        let jobs = Scratch.path("four.yaml")
        try "jobs:\n- {name: j, tenant: t, nodes: 'dgx[0001-0004]'}\n".write(
            toFile: jobs, atomically: true, encoding: .utf8)
        let simai = Scratch.path("cut.txt")
        let w = try CLIRunner.run(["traffic", "synth-trace", "--format", "simai"] + Self.job + ["-o", simai])
        #expect(w.status == 0, "\(w.stderr)")
        // Rail 0's leaf down: the data-parallel group of the rail-0 GPUs has no path; the tensor-parallel
        // all-reduces stay inside the nodes.
        let args = [
            "traffic", "replay", simai, "--topology", Self.oneSU, "--jobs", jobs, "--fail-switch", "leaf-su1-r0",
        ]
        let text = try CLIRunner.run(args)
        #expect(text.status == 1)
        #expect(text.stdout.contains("the iteration never completes"))
        let r = try CLIRunner.run(args + ["--format", "json"])
        #expect(r.status == 1)
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(j["completes"] as? Bool == false)
        let collectives = try #require(j["collectives"] as? [[String: Any]])
        #expect(collectives[0]["completes"] as? Bool == true)
        #expect(collectives[4]["completes"] as? Bool == false)
    }

    @Test func aTruncatedTraceIsBadInput() throws {
        let path = Scratch.path("bad.0.et")
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0x05, 0x01])))
        let jobs = Scratch.path("one.yaml")
        try "jobs:\n- {name: j, tenant: t, nodes: 1}\n".write(toFile: jobs, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["traffic", "replay", path, "--topology", Self.oneSU, "--jobs", jobs])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.0.et: byte 1: length 5 runs past the end"))
        #expect(r.stdout.isEmpty)
        let chakra = try CLIRunner.run(["traffic", "synth-trace", "--format", "chakra", "--ranks", "8", "-o", path])
        #expect(chakra.status == 2 && chakra.stderr.contains("bad.0.et: is a file, expected a directory"))
    }
}
