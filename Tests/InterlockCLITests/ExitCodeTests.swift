import Foundation
import Testing

@Suite struct ExitCodeTests {
    @Test func helpExitsZero() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("topology"))
    }

    @Test func unknownSubcommandIsBadInput() throws {
        let r = try CLIRunner.run(["no-such-command"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// A report that cannot be written (here: standard output on a full device) is a one-line error
    /// naming where it went, exit status 2.
    @Test func unwritableOutputIsAnError() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let r = try CLIRunner.run(["topology", "generate", "fat-tree", "--k", "4"], output: full)
        #expect(r.status == 2)
        #expect(r.stderr == "error: standard output: cannot write output: No space left on device\n")
    }
}
