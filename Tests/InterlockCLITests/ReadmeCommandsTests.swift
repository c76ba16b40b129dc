import Foundation
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
            if line.hasPrefix("```") { inBlock = line == "```sh"; continue }
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

    @Test func everyInterlockCommandRuns() throws {
        let commands = try Self.commands().filter(Self.runnable)
        #expect(commands.count > 10)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("interlock-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for folder in ["topologies", "policies", "captures"] {
            try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent(folder),
                                                       withDestinationURL: CLIRunner.packageRoot.appendingPathComponent(folder))
        }
        let binDirectory = URL(fileURLWithPath: CLIRunner.binary).deletingLastPathComponent().path
        for command in commands {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
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
            #expect([0, 1].contains(process.terminationStatus), "README command failed (\(process.terminationStatus)): \(command)\n\(stderr)")
        }
    }
}
