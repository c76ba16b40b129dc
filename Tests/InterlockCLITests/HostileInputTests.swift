import Foundation
import TestSupport
import Testing

/// Issue 15's inputs: every reader takes standard input, pipes, FIFOs and `/dev/fd/N` alike; inputs
/// are refused past a size limit, as binary data, or when YAML aliases expand too far; counts and
/// sizes are range-checked before anything is allocated.
@Suite struct HostileInputTests {
    /// Runs `script` with bash in the package root, `$INTERLOCK` naming the binary; the script's own
    /// `timeout` turns a hang into status 124 instead of a stuck suite.
    static func bash(_ script: String, environment: [String: String] = [:]) throws -> CLIRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = CLIRunner.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["INTERLOCK"] = CLIRunner.binary
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return CLIRunner.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static let bomb = Scratch.path("bomb.yaml")

    /// A 500-byte billion laughs is refused at the anchor whose aliases cross the cap, exit 2, under
    /// a 100 MB address-space limit (`ulimit -v`): nothing is expanded.
    @Test func billionLaughsIsRefusedInLittleMemory() throws {
        let text =
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + zip("bcdefghi", "abcdefgh").map { name, previous in
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            }.joined()
        try text.write(toFile: Self.bomb, atomically: true, encoding: .utf8)
        let r = try Self.bash("ulimit -v 100000; timeout 120 \"$INTERLOCK\" policy connlist \"\(Self.bomb)\"")
        #expect(r.status == 2)
        #expect(
            r.stderr.hasPrefix("error: \(Self.bomb):6:4: YAML aliases expand to more than 1000000 nodes"), "\(r.stderr)"
        )
        #expect(r.stderr.contains("INTERLOCK_MAX_YAML_ALIAS_NODES"))
    }

    /// Aliases that add exactly the cap's nodes load; one node fewer allowed is refused.
    @Test func aliasCapIsSetByTheEnvironment() throws {
        let file = Scratch.path("aliases.yaml")
        try """
        apiVersion: v1
        kind: Namespace
        metadata: {name: a, labels: &l {team: x, env: y}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: b, labels: *l}

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let loads = try Self.bash(
            "\"$INTERLOCK\" policy connlist \"\(file)\"", environment: ["INTERLOCK_MAX_YAML_ALIAS_NODES": "5"])
        #expect(loads.status == 0, "\(loads.stderr)")
        let refused = try Self.bash(
            "\"$INTERLOCK\" policy connlist \"\(file)\"", environment: ["INTERLOCK_MAX_YAML_ALIAS_NODES": "4"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("error: \(file):3:"), "\(refused.stderr)")
        let bad = try Self.bash(
            "\"$INTERLOCK\" policy connlist \"\(file)\"", environment: ["INTERLOCK_MAX_YAML_ALIAS_NODES": "many"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "error: INTERLOCK_MAX_YAML_ALIAS_NODES: expected a count of 0 or more, got 'many'\n")
    }

    /// The same manifests from a file, standard input, a pipe, a FIFO fed by a child process and a
    /// process substitution (`/dev/fd/N`) give the same connlist.
    @Test func documentsReadFromEveryKindOfFile() throws {
        let file = "policies/demo/cluster/workloads/training.yaml"
        let expected = try CLIRunner.run(["policy", "connlist", "policies/demo/cluster"])
        #expect(expected.status == 0)
        let fifo = Scratch.path("manifests.fifo")
        let scripts = [
            "\"$INTERLOCK\" policy connlist \(file)",
            "\"$INTERLOCK\" policy connlist - < \(file)",
            "cat \(file) | \"$INTERLOCK\" policy connlist -",
            "mkfifo \"\(fifo)\" && (cat \(file) > \"\(fifo)\" &) && timeout 120 \"$INTERLOCK\" policy connlist \"\(fifo)\"",
            "\"$INTERLOCK\" policy connlist <(cat \(file))",
        ]
        let outputs = try scripts.map { try Self.bash($0) }
        for (script, r) in zip(scripts, outputs) {
            #expect(r.status == 0, "\(script): \(r.stderr)")
            #expect(r.stdout == outputs[0].stdout, "\(script)")
        }
        #expect(!outputs[0].stdout.isEmpty)
    }

    /// Standard input can be read once: naming it as two inputs is refused before anything is read,
    /// rather than reading the second as empty.
    @Test func standardInputNamedTwiceIsRefused() throws {
        let r = try Self.bash("\"$INTERLOCK\" policy diff - - < policies/demo/cluster/namespaces.yaml")
        #expect(r.status == 2)
        #expect(r.stderr == "error: -: standard input is named as more than one input; it can be read only once\n")
        #expect(r.stdout.isEmpty)
    }

    /// A scenario from standard input or a process substitution resolves its paths against the
    /// current directory and finds what the file finds.
    @Test func scenarioFromStandardInput() throws {
        let file = try CLIRunner.run(["check", "policies/demo/scenario.yaml", "--fail-on", "never"])
        let summary = file.stdout.split(separator: "\n").dropFirst().first
        #expect(file.status == 0 && summary == "24 findings: 15 high, 9 medium, 0 low, 0 info")
        for script in [
            "cd policies/demo && \"$INTERLOCK\" check - --fail-on never < scenario.yaml",
            "cd policies/demo && \"$INTERLOCK\" check <(cat scenario.yaml) --fail-on never",
        ] {
            let r = try Self.bash(script)
            #expect(r.status == 0, "\(script): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").dropFirst().first == summary, "\(script)")
        }
    }

    /// A capture from standard input, a pipe, a FIFO (written by a child that may finish before the
    /// reader gets far: the FIFO is opened once) and `/dev/fd/N` reads as the file does.
    @Test func capturesReadFromEveryKindOfFile() throws {
        let capture = "captures/netns-tcp-udp.pcap"
        let expected = try CLIRunner.run(["capture", "flows", capture])
        #expect(expected.status == 0 && expected.stdout.contains("61 packets read"))
        var scripts = [
            "\"$INTERLOCK\" capture flows - < \(capture)",
            "cat \(capture) | \"$INTERLOCK\" capture flows -",
            "\"$INTERLOCK\" capture flows <(cat \(capture))",
        ]
        for i in 0..<8 {
            let fifo = Scratch.path("capture-\(i).fifo")
            scripts.append(
                "mkfifo \"\(fifo)\" && (cat \(capture) > \"\(fifo)\" &) && timeout 120 \"$INTERLOCK\" capture flows \"\(fifo)\""
            )
        }
        for script in scripts {
            let r = try Self.bash(script)
            #expect(r.status == 0, "\(script): \(r.stderr)")
            #expect(r.stdout == expected.stdout, "\(script)")
        }
    }

    /// `tcpdump -w - | interlock capture analyze - ...`: the same findings as from the file.
    @Test func captureAnalyzeFromAPipe() throws {
        let arguments = "--cluster policies/demo/cluster --acls captures/demo-acls.yaml --format json"
        let file = try Self.bash("\"$INTERLOCK\" capture analyze captures/demo-violations.pcap \(arguments)")
        let piped = try Self.bash("cat captures/demo-violations.pcap | \"$INTERLOCK\" capture analyze - \(arguments)")
        #expect(file.status == 1 && piped.status == 1, "\(piped.stderr)")
        #expect(piped.stdout == file.stdout.replacingOccurrences(of: "captures/demo-violations.pcap", with: "-"))
    }

    /// `--write-violations` reads the captures twice: a pipe is refused up front.
    @Test func writeViolationsNeedsARegularFile() throws {
        let r = try Self.bash(
            "\"$INTERLOCK\" capture analyze - --cluster policies/demo/cluster --write-violations \"\(Scratch.path("v.pcap"))\" < captures/demo-violations.pcap"
        )
        #expect(r.status == 2)
        #expect(r.stderr.contains("--write-violations reads the captures twice, and '-' is standard input or a pipe"))
    }

    /// `/dev/zero` on standard input is refused after one read as binary data.
    @Test func binaryInputIsRefusedEarly() throws {
        let r = try Self.bash("ulimit -v 100000; timeout 120 \"$INTERLOCK\" policy connlist - < /dev/zero")
        #expect(r.status == 2)
        #expect(r.stderr == "error: -: binary data (a NUL byte at offset 0), expected a text document\n")
    }

    /// Past the size limit (set small through the environment), a file is refused by its size and an
    /// endless pipe after the limit's worth of bytes, naming the limit.
    @Test func inputsLargerThanTheLimitAreRefused() throws {
        let message =
            "larger than the input size limit of 1.00 KiB (1024 bytes); raise INTERLOCK_MAX_INPUT_SIZE for a file that needs it\n"
        let file = "policies/demo/cluster/workloads/training.yaml"
        let small = ["INTERLOCK_MAX_INPUT_SIZE": "1KiB"]
        let r = try Self.bash("\"$INTERLOCK\" policy connlist \(file)", environment: small)
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(file): " + message)
        let endless = try Self.bash(
            "ulimit -v 100000; yes 'a: b' | timeout 120 \"$INTERLOCK\" policy connlist -", environment: small)
        #expect(endless.status == 2)
        #expect(endless.stderr == "error: -: " + message)
        let bad = try Self.bash(
            "\"$INTERLOCK\" policy connlist \(file)", environment: ["INTERLOCK_MAX_INPUT_SIZE": "0"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: INTERLOCK_MAX_INPUT_SIZE: expected a byte size"))
    }

    /// Counts and sizes out of range are usage errors naming the option and its range, before any
    /// work (`ulimit -v`: a count of ten billion allocated nothing).
    @Test(arguments: [
        (
            ["acl", "synth-trace", "--rules", "policies/acl", "--count", "10000000000"],
            "error: --count must be 0 through 1000000000, got 10000000000\n"
        ),
        (
            ["synth", "cluster", "--policies", "100000000000", "-o", "/nonexistent/x"],
            "error: --policies must be 0 through 1000000, got 100000000000\n"
        ),
        (
            ["topology", "generate", "rail-optimized", "--preset", "dgx-h100", "--scalable-units", "1000"],
            "error: --scalable-units must be between 1 and 64 (got 1000)\n"
        ),
        (
            ["topology", "generate", "fat-tree", "--k", "8", "--gpus-per-host", "100000"],
            "error: --gpus-per-host must be between 0 and 64\n"
        ),
        (
            [
                "traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--jobs",
                "policies/demo/jobs.yaml",
                "--collective", "all-reduce", "--size", "1GiB", "--threads", "100000",
            ],
            "error: --threads must be 1 through 256, got 100000\n"
        ),
        (
            [
                "traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--jobs",
                "policies/demo/jobs.yaml",
                "--collective", "all-reduce", "--size", "2TiB",
            ],
            "error: --size must be 1 B through 1.00 TiB, got 2.00 TiB\n"
        ),
        (
            [
                "traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--jobs",
                "policies/demo/jobs.yaml",
                "--collective", "all-reduce", "--size", "1GiB", "--qps-per-connection", "1000000000",
            ],
            "error: --qps-per-connection must be between 1 and 64 (got 1000000000)\n"
        ),
    ])
    func outOfRangeCountsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let r = try Self.bash("ulimit -v 100000; \"$INTERLOCK\" \(quoted)")
        #expect(r.status == 2)
        #expect(r.stderr == message)
    }
}
