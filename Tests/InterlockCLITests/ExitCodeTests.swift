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
}
