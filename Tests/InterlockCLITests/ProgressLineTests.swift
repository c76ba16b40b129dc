import Foundation
import TestSupport
import Testing

/// Long runs draw a progress line on stderr when it is a terminal, and never otherwise.
@Suite struct ProgressLineTests {
    static let connlist = ["policy", "connlist", "policies/demo/cluster", "--engine", "reference"]

    /// On a terminal (a pseudo-terminal from util-linux `script`), the reference connlist draws
    /// `connlist: DONE/TOTAL sources` and erases it before the report.
    @Test func referenceConnlistShowsProgressOnATerminal() throws {
        let command = ([CLIRunner.binary] + Self.connlist).joined(separator: " ")
        let r = try Self.script(command)
        #expect(r.status == 0)
        #expect(r.output.contains("\r\u{1B}[Kconnlist: 0/"))
        #expect(r.output.contains(" sources\r\u{1B}[K"))
    }

    @Test func diffShowsProgressOnATerminal() throws {
        let command = [
            CLIRunner.binary, "policy", "diff", "policies/demo/cluster", "policies/proposals/fix-demo-mistakes",
            "--engine", "reference",
        ].joined(separator: " ")
        let r = try Self.script(command)
        #expect(r.status == 0 || r.status == 1)
        #expect(r.output.contains("\r\u{1B}[Kdiff: 0/"))
    }

    @Test func noProgressWhenStderrIsNotATerminal() throws {
        let r = try CLIRunner.run(Self.connlist)
        #expect(r.status == 0 && r.stderr.isEmpty && !r.stdout.contains("\u{1B}"))
    }

    /// Runs `command` under `script`, whose pseudo-terminal is the command's stdout and stderr.
    static func script(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", command, "/dev/null"]
        process.currentDirectoryURL = CLIRunner.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
