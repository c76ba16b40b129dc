import Foundation
import TestSupport
import Testing

@Suite struct ACLCommandTests {
    /// A scratch directory holding the given files.
    func scratch(_ files: [String: String]) throws -> URL {
        let dir = URL(fileURLWithPath: Scratch.directory())
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    let rules = """
        @10.0.0.0/8\t10.20.0.0/16\t0 : 65535\t2049 : 2049\t0x06/0xFF\t0x0000/0x0000\t
        @10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x11/0xFF\t0x0000/0x0000\t
        """
    // 10.1.2.3 -> 10.20.0.9:2049/tcp (rule 0); 10.1.2.3 -> 8.8.8.8:53/udp (rule 1); 11.0.0.1 -> ... (none)
    let trace =
        "167838211\t169082889\t40000\t2049\t6\n167838211\t134744072\t5353\t53\t17\t2\n184549377\t134744072\t1\t2\t6\n"

    @Test func matchPrintsFirstRuleIndexLast() throws {
        let dir = try scratch(["rules.cb": rules, "trace.txt": trace])
        let r = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/rules.cb", "--trace", dir.path + "/trace.txt",
            "--format", "tsv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "167838211\t169082889\t40000\t2049\t6\t0\n167838211\t134744072\t5353\t53\t17\t1\n184549377\t134744072\t1\t2\t6\t-1\n"
        )
        let text = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/rules.cb", "--trace", dir.path + "/trace.txt",
        ])
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "SOURCE           DESTINATION      SPORT  DPORT  PROTO   ACTION          RULE")
        #expect(lines[1] == "10.1.2.3         10.20.0.9        40000  2049   TCP     permit          0")
        #expect(lines[3] == "11.0.0.1         8.8.8.8          1      2      TCP     default-deny    -1")
    }

    /// `acl synth-rules` writes ClassBench filters that `acl match` reads back: the count asked
    /// for, the last matching everything, the same bytes for the same seed; both engines agree on
    /// a trace drawn from them; a count of 0 is a usage error.
    @Test func synthesizedRulesReadBack() throws {
        let dir = try scratch([:])
        func synth(_ seed: String, _ name: String) throws -> String {
            let r = try CLIRunner.run(["acl", "synth-rules", "--count", "300", "--seed", seed, "-o", dir.path + name])
            #expect(r.status == 0, "\(r.stderr)")
            return try String(contentsOfFile: dir.path + name, encoding: .utf8)
        }
        let rules = try synth("4", "/a.cb")
        let lines = rules.split(separator: "\n")
        #expect(lines.count == 300 && lines.allSatisfy { $0.hasPrefix("@") })
        #expect(lines.last == "@0.0.0.0/0\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x00/0x00\t0x0000/0x0000\t")
        #expect(try synth("4", "/b.cb") == rules)
        #expect(try synth("5", "/c.cb") != rules)
        let trace = try CLIRunner.run([
            "acl", "synth-trace", "--rules", dir.path + "/a.cb", "--count", "2000", "--seed", "1", "-o",
            dir.path + "/t",
        ])
        #expect(trace.status == 0, "\(trace.stderr)")
        let match = ["acl", "match", "--rules", dir.path + "/a.cb", "--trace", dir.path + "/t", "--format", "tsv"]
        let compiled = try CLIRunner.run(match)
        let linear = try CLIRunner.run(match + ["--engine", "linear"])
        #expect(compiled.stdout.split(separator: "\n").count == 2000)
        #expect(compiled.stdout == linear.stdout)
        let zero = try CLIRunner.run(["acl", "synth-rules", "--count", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--count"), "\(zero.stderr)")
    }

    @Test func enginesAgreeOnSynthesizedTrace() throws {
        let dir = try scratch(["rules.cb": rules])
        let synth = try CLIRunner.run([
            "acl", "synth-trace", "--rules", dir.path + "/rules.cb", "--count", "500",
            "--seed", "3", "-o", dir.path + "/t",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        let compiled = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/rules.cb", "--trace", dir.path + "/t", "--format", "tsv",
        ])
        let linear = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/rules.cb", "--trace", dir.path + "/t",
            "--format", "tsv", "--engine", "linear",
        ])
        #expect(compiled.stdout.split(separator: "\n").count == 500)
        #expect(compiled.stdout == linear.stdout)
    }

    @Test func yamlRulesAndJSONOutput() throws {
        let yaml = """
            kind: FabricACL
            metadata: {name: storage}
            spec:
              attachTo: {plane: storage}
              rules:
              - {action: permit, protocol: TCP, destination: 10.20.0.0/16, destinationPorts: 2049}
              - {action: deny, protocol: any}
            """
        let dir = try scratch(["acl.yaml": yaml, "trace.txt": trace])
        let r = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/acl.yaml", "--trace", dir.path + "/trace.txt",
            "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.map { $0["rule"] as? Int } == [0, 1, 1])
        #expect(parsed?.map { $0["action"] as? String } == ["permit", "deny", "deny"])
    }

    @Test func badRulesFileIsOneLineErrorWithLineAndExit2() throws {
        let dir = try scratch([
            "bad.cb":
                "@10.0.0.0/8\t0.0.0.0/0\t0 : 65535\t0 : 65535\t0x06/0xFF\n@10.0.0.0/99\t0.0.0.0/0\t0 : 1\t0 : 1\t0x06/0xFF\n",
            "trace.txt": trace,
        ])
        let out = dir.path + "/out.tsv"
        let r = try CLIRunner.run([
            "acl", "match", "--rules", dir.path + "/bad.cb", "--trace", dir.path + "/trace.txt", "-o", out,
        ])
        #expect(r.status == 2)
        #expect(r.stderr == "error: \(dir.path)/bad.cb:2:1: bad source prefix '10.0.0.0/99'\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func missingFileAndBadFormatExit2() throws {
        let missing = try CLIRunner.run(["acl", "match", "--rules", "/nonexistent/rules", "--trace", "/nonexistent/t"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/rules: no such file"))
        let format = try CLIRunner.run(["acl", "match", "--rules", "x", "--trace", "y", "--format", "dot"])
        #expect(format.status == 2)
    }
}
