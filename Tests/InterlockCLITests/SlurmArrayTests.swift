import Foundation
import TestSupport
import Testing

/// `deploy/slurm/interlock-array.sbatch` on a real one-node Slurm (`scripts/slurm-one-node`: Debian's
/// slurm-wlm and munge, started as root under Scratch and stopped after, even when the test fails):
/// a job array analyzes the shards of a capture set with flow logs, a job that depends on it (`afterok`) merges them,
/// and the report is the one-process report, byte for byte.
@Suite struct SlurmArrayTests {
    static let root = CLIRunner.packageRoot.path

    /// Runs `executable ARGS` in `directory` with `environment` added; its status, standard output and
    /// standard error. Spawned with no signal blocked and every signal at its default (the test
    /// runner blocks some, and the daemons the start script leaves running would inherit that, and
    /// ignore the stop script's SIGTERM), and waited for here.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: String
    )
        throws -> (status: Int32, out: String, err: String)
    {
        let out = Scratch.path("stdout")
        let err = Scratch.path("stderr")
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script = "cd '\(directory)' && exec \(quoted.joined(separator: " ")) >'\(out)' 2>'\(err)' </dev/null"
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", script].map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { (s: String) in strdup(s) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        guard posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, envp) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (
            (status >> 8) & 0xFF, try String(contentsOfFile: out, encoding: .utf8),
            try String(contentsOfFile: err, encoding: .utf8)
        )
    }

    @Test func jobArrayThenDependentMergeWritesTheOneProcessReport() throws {
        let work = Scratch.directory()
        let slurm = work + "/slurm"
        try FileManager.default.createDirectory(atPath: slurm, withIntermediateDirectories: true)
        let script = SlurmArrayTests.root + "/scripts/slurm-one-node"
        let started = try SlurmArrayTests.run(script, ["start", slurm], in: work)
        defer { _ = try? SlurmArrayTests.run(script, ["stop", slurm], in: work) }
        #expect(started.status == 0, "\(started.err)")
        guard started.status == 0 else { return }

        // The capture set: a capture rotated into files of 9 packets, two whole ones, and two flow
        // logs of the shop cluster (Hubble's verdicts compared with its policies).
        let inputs =
            try ShardMergeTests.split("captures/demo-violations.pcap", packets: 9)
            + ["demo-clean", "generated-mixed"].map { SlurmArrayTests.root + "/captures/\($0).pcap" }
            + ["hubble-shop.jsonl", "zeek-conn.log"].map { SlurmArrayTests.root + "/captures/flowlogs/\($0)" }
        let command = [
            "capture", "analyze", "--cluster", SlurmArrayTests.root + "/policies/demo/cluster", "--cluster",
            SlurmArrayTests.root + "/captures/demo-pods.yaml", "--cluster",
            SlurmArrayTests.root + "/captures/flowlogs/shop-cluster.yaml",
        ]
        let environment = [
            "SLURM_CONF": slurm + "/slurm.conf", "INTERLOCK": CLIRunner.binary,
            "INTERLOCK_COMMAND": command.joined(separator: " "), "INTERLOCK_INPUTS": inputs.joined(separator: " "),
            "INTERLOCK_WORKDIR": work + "/parts", "INTERLOCK_REPORT": work + "/report.json",
        ]
        let sbatch = SlurmArrayTests.root + "/deploy/slurm/interlock-array.sbatch"
        let array = try SlurmArrayTests.run(
            "/usr/bin/sbatch", ["--parsable", "--array=0-2", sbatch], environment: environment, in: work)
        #expect(array.status == 0, "\(array.err)")
        let arrayJob = array.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let merge = try SlurmArrayTests.run(
            "/usr/bin/sbatch",
            ["--parsable", "--dependency=afterok:\(arrayJob)", "--output", work + "/merge.out", sbatch, "merge"],
            environment: environment, in: work)
        #expect(merge.status == 0, "\(merge.err)")
        let mergeJob = merge.out.trimmingCharacters(in: .whitespacesAndNewlines)

        // Until both jobs have left the queue (at most 5 minutes on a loaded box).
        var queue = (status: Int32(0), out: "", err: "")
        for _ in 0..<600 {
            queue = try SlurmArrayTests.run(
                "/usr/bin/squeue", ["-h", "-j", "\(arrayJob),\(mergeJob)"], environment: environment, in: work)
            if queue.status == 0 && queue.out.isEmpty { break }
            usleep(500_000)
        }
        let outputs = ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).filter {
            $0.hasSuffix(".out")
        }
        let log =
            try outputs.map { try String(contentsOfFile: work + "/" + $0, encoding: .utf8) }.joined()
            + ((try? String(contentsOfFile: slurm + "/slurmd.log", encoding: .utf8)) ?? "")
        #expect(queue.out.isEmpty, "\(queue.out)\n\(log.split(separator: "\n").suffix(15).joined(separator: "\n"))")
        let parts = (try? FileManager.default.contentsOfDirectory(atPath: work + "/parts").sorted()) ?? []
        #expect(parts == ["part-0.partial", "part-1.partial", "part-2.partial"])
        let one = try CLIRunner.run(command + inputs + ["--format", "json"])
        #expect(one.status == 1)
        let report = try String(contentsOfFile: work + "/report.json", encoding: .utf8)
        #expect(report == one.stdout)
        #expect(report.contains("\"findings\""))
        #expect(report.contains("verdict-disagreement"))
    }
}
