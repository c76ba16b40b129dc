import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy lint`: mistakes to hear about before applying policies; exit 1 when any.
struct PolicyLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract:
            "Report policy mistakes with file:line: empty peers, selectors that select nothing, unknown named ports, same-priority overlaps, excepts outside their CIDR, endPort with named ports, unenforceable networks, route backends that reach no pod, and fields the API server would refuse (unknown, missing) that loading tolerated.",
        discussion: "Exit status 1 when anything is reported.")

    @Argument(help: "Manifest files or directories (read recursively); '-' reads standard input.")
    var paths: [String]

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
    }

    func run() throws {
        let findings = PolicyLinter.lint(try PolicyOptions.load(paths))
        if format == .json {
            print(JSON.array(findings.map(\.json)).serialized(), terminator: "")
        } else {
            print(
                findings.map { $0.description + "\n" }.joined()
                    + "\(findings.count) finding\(findings.count == 1 ? "" : "s")")
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
