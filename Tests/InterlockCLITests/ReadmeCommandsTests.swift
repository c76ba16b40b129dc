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

    @Test func everyInterlockCommandRuns() throws {
        let commands = try Self.commands().filter(Self.runnable)
        #expect(commands.count > 10)
        let scratch = URL(fileURLWithPath: Scratch.directory())
        for folder in ["topologies", "policies", "captures"] {
            try FileManager.default.createSymbolicLink(
                at: scratch.appendingPathComponent(folder),
                withDestinationURL: CLIRunner.packageRoot.appendingPathComponent(folder))
        }
        let binDirectory = URL(fileURLWithPath: CLIRunner.binary).deletingLastPathComponent().path
        // Shell variables the README sets (`C="--cluster ..."`) hold for the commands after them.
        var assignments: [String] = []
        for command in commands {
            if Self.isAssignment(command) {
                assignments.append(command)
                continue
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", (assignments + [command]).joined(separator: "; ")]
            process.currentDirectoryURL = scratch
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = binDirectory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            env["NO_COLOR"] = "1"
            process.environment = env
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(
                [0, 1].contains(process.terminationStatus),
                "README command failed (\(process.terminationStatus)): \(command)\n\(stderr)")
        }
    }
}
