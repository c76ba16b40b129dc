import Foundation
import TestSupport
import Testing

/// Every `interlock` command the README shows must run: exit 0 (or 1 where it reports findings),
/// never 2 (bad input) or a crash. Commands run in README order, in a scratch directory that links
/// the repository's example folders, so relative paths resolve as they do for a user.
@Suite struct ReadmeCommandsTests {
    /// The shell commands of the README's `sh` blocks, continuation lines joined, comments dropped.
    static func commands() throws -> [String] {
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [String] = []
        var inBlock = false
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") {
                inBlock = line == "```sh"
                continue
            }
            guard inBlock else { continue }
            var code = line
            if let comment = code.range(of: "  #") { code = String(code[..<comment.lowerBound]) }
            if code.hasPrefix("#") { continue }
            code = code.trimmingCharacters(in: .whitespaces)
            if code.hasSuffix("\\") {
                pending += code.dropLast() + " "
                continue
            }
            let command = pending + code
            pending = ""
            if !command.isEmpty { out.append(command) }
        }
        return out
    }

    /// Commands a test cannot run: other tools' input (kubectl, Graphviz), the make targets themselves.
    static func runnable(_ command: String) -> Bool {
        !command.hasPrefix("make ") && !command.contains("kubectl") && !command.contains("| dot")
    }

    /// A line such as `C="--cluster dir"`: a shell variable assignment, not a command.
    static func isAssignment(_ line: String) -> Bool {
        guard let equals = line.firstIndex(of: "="), equals > line.startIndex else { return false }
        return line[..<equals].allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// A scratch directory that links the repository's example folders, as a user's checkout has them.
    static func checkout() throws -> String {
        let scratch = Scratch.directory()
        for folder in ["topologies", "policies", "captures"] {
            try FileManager.default.createSymbolicLink(
                at: URL(fileURLWithPath: scratch).appendingPathComponent(folder),
                withDestinationURL: CLIRunner.packageRoot.appendingPathComponent(folder))
        }
        return scratch
    }

    /// Runs `lines` as one shell script in `directory` with the built binary on the PATH (files the
    /// README writes under `/tmp/` go to the directory instead); its exit status, stdout and stderr.
    static func shell(_ lines: [String], in directory: String) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let script = lines.joined(separator: "; ").replacingOccurrences(of: "/tmp/", with: directory + "/")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        let binDirectory = URL(fileURLWithPath: CLIRunner.binary).deletingLastPathComponent().path
        env["PATH"] = binDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Scratch.path("readme-stdout")
        guard FileManager.default.createFile(atPath: out, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let err = Pipe()
        process.standardOutput = outHandle
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try outHandle.close()
        let stdout = try String(contentsOfFile: out, encoding: .utf8)
        return (process.terminationStatus, stdout, stderr)
    }

    @Test func everyInterlockCommandRuns() throws {
        let commands = try Self.commands().filter(Self.runnable)
        #expect(commands.count > 10)
        let scratch = try Self.checkout()
        // Shell variables the README sets (`C="--cluster ..."`) hold for the commands after them.
        var assignments: [String] = []
        for command in commands {
            if Self.isAssignment(command) {
                assignments.append(command)
                continue
            }
            let run = try Self.shell(assignments + [command + " > /dev/null"], in: scratch)
            #expect(
                [0, 1].contains(run.status), "README command failed (\(run.status)): \(command)\n\(run.err)")
        }
    }

    /// The comparison: runs between `...` lines must appear whole and in order; anything else fails.
    @Test func samplesMatchOnlyTheOutputTheyShow() {
        let output = ["header", "a", "b", "c", "", "total 3"]
        #expect(ReadmeSamples.firstMissing(["header", "a", "b", "c", "", "total 3"], in: output) == nil)
        #expect(ReadmeSamples.firstMissing(["a", "b", "...", "total 3"], in: output) == nil)
        #expect(ReadmeSamples.firstMissing(["a", "c"], in: output) == "a\nc")
        #expect(ReadmeSamples.firstMissing(["total 3", "...", "a"], in: output) == "a")
        #expect(ReadmeSamples.firstMissing(["total 4"], in: output) == "total 4")
    }

    /// Every sample output in the README is what its command prints: the lines of a bare fenced block
    /// right after an `sh` block (the output of that block's last command), and `#` lines right
    /// under a command in an `sh` block. `...` stands for lines left out; the lines between two of
    /// them appear in the output together, in that order.
    @Test func everySampleOutputIsTheCommandsOutput() throws {
        let samples = try ReadmeSamples.parse()
        #expect(samples.count >= 4)
        let scratch = try Self.checkout()
        for sample in samples {
            let run = try Self.shell(sample.assignments + sample.before + [sample.command], in: scratch)
            #expect([0, 1].contains(run.status), "\(sample.command)\n\(run.err)")
            let actual = run.out.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            if let missing = ReadmeSamples.firstMissing(sample.lines, in: actual) {
                Issue.record(
                    "README line \(sample.line): `\(sample.command)` does not print\n\(missing)\nbut\n\(run.out)")
            }
        }
    }
}
