import Foundation
import TestSupport
import Testing

/// Output paths (`-o`, `--write-violations`, `--links`, `--flows`): what is refused before the run,
/// what is written in place, links and modes, and interrupted runs.
@Suite struct OutputPathTests {
    static let cluster = ["--cluster", "policies/demo/cluster", "--cluster", "captures/demo-pods.yaml"]
    static let trace: String = {
        let path = Scratch.path("trace.txt")
        _ = FileManager.default.createFile(atPath: path, contents: Data("167772161 167772162 1 2 6\n".utf8))
        return path
    }()

    /// Every command's output options, with `OUT` for the output path.
    static let commands: [[String]] = [
        ["topology", "expand", "topologies/fat-tree-k4.yaml", "-o", "OUT"],
        ["topology", "export", "topologies/fat-tree-k4.yaml", "--format", "dot", "-o", "OUT"],
        ["topology", "generate", "fat-tree", "--k", "4", "-o", "OUT"],
        ["policy", "connlist", "policies/demo/cluster", "-o", "OUT"],
        ["policy", "diff", "policies/demo/cluster", "policies/demo/cluster", "-o", "OUT"],
        ["acl", "match", "--rules", "policies/acl/storage-plane.yaml", "--trace", trace, "-o", "OUT"],
        ["acl", "synth-trace", "--rules", "policies/acl/storage-plane.yaml", "--count", "5", "-o", "OUT"],
        ["capture", "flows", "captures/demo-clean.pcap", "-o", "OUT"],
        ["capture", "analyze", "captures/demo-violations.pcap"] + cluster + ["-o", "OUT"],
        ["capture", "analyze", "captures/demo-violations.pcap"] + cluster + ["--write-violations", "OUT"],
        ["capture", "synth"] + cluster + ["--scenario", "clean", "-o", "OUT"],
        ["check", "policies/demo", "--format", "json", "-o", "OUT"],
        ["traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--collective", "all-reduce"]
            + ["--jobs", "policies/demo/traffic/jobs.yaml", "--size", "1MiB", "--links", "OUT"],
        ["traffic", "simulate", "--topology", "topologies/dgx-h100-1su.yaml", "--collective", "all-reduce"]
            + ["--jobs", "policies/demo/traffic/jobs.yaml", "--size", "1MiB", "--flows", "OUT"],
    ]

    static func run(_ command: [String], output: String) throws -> CLIRunner.Result {
        try CLIRunner.run(command.map { $0 == "OUT" ? output : $0 })
    }

    /// An output named relative to the working directory, down to one character (`-o R`, which
    /// Foundation's `deletingLastPathComponent` trapped on), is written there by every command, and
    /// nothing else is left beside it.
    @Test(arguments: commands) func relativeNamesAreWrittenInTheWorkingDirectory(_ command: [String]) throws {
        let root = CLIRunner.packageRoot.path
        let absolute = command.map { FileManager.default.fileExists(atPath: root + "/" + $0) ? root + "/" + $0 : $0 }
        for name in ["R", "out.txt"] {
            let directory = Scratch.directory()
            let r = try CLIRunner.run(
                absolute.map { $0 == "OUT" ? name : $0 }, directory: URL(fileURLWithPath: directory))
            #expect(r.status == 0 || r.status == 1, "\(command) -o \(name): \(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [name], "\(command)")
        }
    }

    /// A character device, a FIFO or a directory is refused by every command, in one line naming it,
    /// and the device stays a device.
    @Test(arguments: commands) func specialFilesAreRefused(_ command: [String]) throws {
        let fifo = Scratch.path("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        for (path, kind) in [
            ("/dev/full", "a character device"), (fifo, "a FIFO"), (Scratch.directory(), "a directory"),
        ] {
            let r = try Self.run(command, output: path)
            #expect(r.status == 2, "\(command) \(path)")
            #expect(
                r.stderr
                    == "error: \(path): cannot write output: \(kind), not a regular file (use - for standard output)\n")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/full")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    /// `synth cluster -o DIR` writes a directory: a path that is a file is refused, and so is a special
    /// file in the directory where a manifest would go.
    @Test func synthClusterWritesOnlyIntoADirectory() throws {
        let command = ["synth", "cluster", "--pods", "20", "--policies", "2", "-o"]
        let file = try CLIRunner.run(command + ["/dev/full"])
        #expect(file.status == 2 && file.stderr == "error: /dev/full: cannot create directory\n")
        let dir = Scratch.directory()
        #expect(mkfifo(dir + "/pods.yaml", 0o644) == 0)
        let fifo = try CLIRunner.run(command + [dir])
        #expect(fifo.status == 2)
        #expect(fifo.stderr.hasPrefix("error: \(dir)/pods.yaml: cannot write output: a FIFO"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["pods.yaml"])
    }

    /// A socket is refused too.
    @Test func socketsAreRefused() throws {
        let path = Scratch.path("sock")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let r = try Self.run(Self.commands[0], output: path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path): cannot write output: a socket"))
    }

    /// `-`, `/dev/stdout` mean standard output and `/dev/null` is written in place.
    @Test func standardOutputAndDevNullAreWrittenInPlace() throws {
        let expected = try CLIRunner.run(["topology", "expand", "topologies/fat-tree-k4.yaml"]).stdout
        for path in ["-", "/dev/stdout"] {
            let r = try CLIRunner.run(["topology", "expand", "topologies/fat-tree-k4.yaml", "-o", path])
            #expect(r.status == 0 && r.stdout == expected)
        }
        let null = try CLIRunner.run(["topology", "expand", "topologies/fat-tree-k4.yaml", "-o", "/dev/null"])
        #expect(null.status == 0 && null.stdout.isEmpty && null.stderr.isEmpty)
        let capture = try CLIRunner.run(["capture", "synth"] + Self.cluster + ["--scenario", "clean", "-o", "-"])
        #expect(capture.status == 0 && capture.stdout.utf8.count > 1000)
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    /// Through a symbolic link the file it names is replaced, not the link; an existing file keeps its
    /// mode. A capture (written by the capture writer) does the same; a dangling link's target is created.
    @Test func linksAreFollowedAndModesKept() throws {
        let dir = Scratch.directory()
        for (command, name) in [(Self.commands[0], "real.yaml"), (Self.commands[10], "real.pcap")] {
            let real = dir + "/" + name
            let link = dir + "/link-" + name
            _ = FileManager.default.createFile(
                atPath: real, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o640])
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: name)
            let r = try Self.run(command, output: link)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == name)
            let attributes = try FileManager.default.attributesOfItem(atPath: real)
            #expect(attributes[.posixPermissions] as? Int == 0o640)
            #expect((attributes[.size] as? Int ?? 0) > 4)
        }
        // A dangling link: its target is created.
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: "new.yaml")
        #expect(try Self.run(Self.commands[0], output: dir + "/dangling").status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/dangling") == "new.yaml")
        #expect(FileManager.default.fileExists(atPath: dir + "/new.yaml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    /// An output that is one of the run's inputs is refused before anything is read, and the input
    /// is left as it was.
    @Test func outputsThatAreInputsAreRefused() throws {
        let dir = Scratch.directory()
        let capture = dir + "/a.pcap"
        try FileManager.default.copyItem(atPath: "captures/demo-clean.pcap", toPath: capture)
        let before = try Data(contentsOf: URL(fileURLWithPath: capture))
        let flows = try CLIRunner.run(["capture", "flows", capture, "-o", capture])
        #expect(flows.status == 2)
        #expect(flows.stderr == "error: \(capture): is an input of this run; write the output elsewhere\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: capture)) == before)

        // A scenario: its file, a file it names, and a file inside a directory it names.
        try FileManager.default.copyItem(atPath: "captures/demo-pods.yaml", toPath: dir + "/pods.yaml")
        let cluster = CLIRunner.packageRoot.path + "/policies/demo/cluster"
        let scenario = """
            apiVersion: interlock.dev/v1
            kind: Scenario
            metadata: {name: mine}
            spec: {manifests: [pods.yaml, \(cluster)]}

            """
        _ = FileManager.default.createFile(atPath: dir + "/scenario.yaml", contents: Data(scenario.utf8))
        let inside = try #require(FileManager.default.subpaths(atPath: cluster)?.first { $0.hasSuffix(".yaml") })
        for (output, input) in [
            (dir + "/scenario.yaml", ""), (dir + "/pods.yaml", ""), (cluster + "/" + inside, " (\(cluster))"),
        ] {
            let r = try CLIRunner.run(["check", dir, "--format", "text", "-o", output])
            #expect(r.status == 2)
            #expect(r.stderr == "error: \(output): is an input of this run\(input); write the output elsewhere\n")
        }
        #expect(try String(contentsOfFile: dir + "/scenario.yaml", encoding: .utf8) == scenario)
        // A report beside the scenario is not an input, the second time either.
        for _ in 0..<2 {
            let r = try CLIRunner.run(["check", dir, "--fail-on", "never", "-o", dir + "/report.txt"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // Two outputs naming one file.
        let twice = try CLIRunner.run(
            Self.commands[12].map { $0 == "OUT" ? dir + "/x.csv" : $0 } + ["--flows", dir + "/./x.csv"])
        #expect(twice.status == 2 && twice.stderr == "error: \(dir)/./x.csv: named twice as an output\n")
        // A second output on standard output, where the report goes.
        for command in [Self.commands[9], Self.commands[12]] {
            let r = try Self.run(command, output: "-")
            #expect(r.status == 2 && r.stderr == "error: -: named twice as an output\n")
        }
    }

    /// `check -o` with an extension that names no format is a usage error listing the formats,
    /// unless `--format` names one.
    @Test func checkNeedsAFormatItCanTell() throws {
        let out = Scratch.path("report.pdf")
        let r = try CLIRunner.run(["check", "policies/demo", "-o", out])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "error: cannot tell the report format from '\(out)': give --format (text, json, sarif, html) or one of their extensions\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out))
        let html = try CLIRunner.run(["check", "policies/demo", "--format", "html", "-o", out])
        #expect(html.status == 1)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    /// SIGTERM and SIGINT during a run remove the temporary output and exit 143 and 130.
    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func signalsRemoveTheTemporaryOutput(_ signal: Int32, _ status: Int32) throws {
        let dir = Scratch.directory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = [
            "acl", "synth-trace", "--rules", "policies/acl/storage-plane.yaml", "--count", "100000000",
            "-o", dir + "/trace.txt",
        ]
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Until the temporary file appears (or the run ends, which the status then shows).
        while process.isRunning, try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty { usleep(10_000) }
        kill(process.processIdentifier, signal)
        // A safety net, not a time limit asserted on: never let a run that ignored the signal fill the disk.
        for _ in 0..<6000 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == status)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
