import Foundation
import TestSupport
import Testing

/// The policy commands print the same on one thread as on several (`INTERLOCK_THREADS`): manifests
/// parsed in pieces and files (a JSON `List`'s items on every thread), inventory read and tables built
/// in parallel (side-table rows in blocks), on a synthetic cluster whose pods file is large enough to
/// be cut.
@Suite struct ParallelLoadCommandTests {
    @Test(arguments: ["yaml", "json"])
    func outputsMatchOneThread(format: String) throws {
        let dir = Scratch.path("cluster-\(format)")
        let synth = try CLIRunner.run([
            "synth", "cluster", "--namespaces", "6", "--pods", "3000", "--policies", "200", "--admin-policies", "3",
            "--seed", "9", "--format", format, "-o", dir,
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        let pods = try FileManager.default.attributesOfItem(atPath: dir + "/pods.\(format)")[.size] as? Int ?? 0
        #expect(pods > 1 << 20)
        for command in [
            ["policy", "connlist", dir],
            ["policy", "connlist", dir, "--format", "csv"],
            ["policy", "eval", dir, "--source", "10.128.0.1", "--destination", "10.128.0.2", "--port", "80"],
        ] {
            let one = try CLIRunner.run(command, environment: ["INTERLOCK_THREADS": "1"])
            #expect(one.status == 0 || one.status == 1, "\(one.stderr)")
            #expect(!one.stdout.isEmpty)
            for threads in ["2", "3"] {
                let many = try CLIRunner.run(command, environment: ["INTERLOCK_THREADS": threads])
                #expect(many.status == one.status)
                #expect(many.stdout == one.stdout, "\(command[1]) on \(threads) threads")
                #expect(many.stderr == one.stderr)
            }
        }
    }
}
