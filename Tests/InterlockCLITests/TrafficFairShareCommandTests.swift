import Foundation
import TestSupport
import Testing

/// `traffic simulate --fair-share` and `--straggler`, through the built binary.
@Suite struct TrafficFairShareCommandTests {
    static let arguments = [
        "traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--jobs",
        "policies/demo/traffic/jobs.yaml", "--collective", "all-reduce", "--size", "1GiB",
    ]

    @Test func stragglerDoublesItsJobInJSON() throws {
        let r = try CLIRunner.run(Self.arguments + ["--straggler", "dgx0003=2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try TrafficCommandTests.json(r.stdout)
        let c = try #require(j["concurrency"] as? [String: Any])
        let stragglers = try #require(c["stragglers"] as? [[String: Any]])
        #expect(stragglers.first?["node"] as? String == "dgx0003")
        #expect(stragglers.first?["factor"] as? Double == 2)
        let jobs = try #require(c["jobs"] as? [[String: Any]])
        #expect(jobs.map { $0["name"] as? String } == ["llama-pretrain", "vllm-serve", "eval"])
        let slowdowns = jobs.compactMap { $0["stragglerSlowdown"] as? Double }
        #expect(abs(slowdowns[0] - 2) < 1e-9)
        #expect(slowdowns[1...] == [1, 1])
        // Rail-aligned rings on a one-SU fabric share no link: no interference.
        #expect(jobs.allSatisfy { $0["interferenceSlowdown"] as? Double == 1 })
        #expect(jobs.allSatisfy { ($0["contendsWith"] as? [String])?.isEmpty == true })
    }

    @Test func fairShareTextAndErrors() throws {
        let r = try CLIRunner.run(Self.arguments + ["--fair-share"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("concurrent jobs (max-min fair sharing, fluid)\n"))
        let plain = try CLIRunner.run(Self.arguments)
        #expect(!plain.stdout.contains("concurrent jobs"))
        let bad = try CLIRunner.run(Self.arguments + ["--straggler", "dgx0003"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("expected NODE=FACTOR"))
        let fluid = try CLIRunner.run(Self.arguments + ["--fair-share", "--routing", "fluid"])
        #expect(fluid.status == 2)
    }
}
