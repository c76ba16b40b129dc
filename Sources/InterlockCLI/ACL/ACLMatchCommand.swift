import ArgumentParser
import FabricACL
import InterlockCore

/// `interlock acl match`: the first matching rule of every header of a trace.
struct ACLMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Print the first rule each header of a ClassBench trace matches.",
        discussion: """
            One line per header, in trace order; the last field is the 0-based index of the first \
            matching rule, or -1 when none matches (the ACL's default action then applies). The text \
            form is an aligned table; the tsv form repeats the header as the trace wrote it (decimal \
            integers): `sip dip sport dport proto index`.
            """
    )

    @Option(help: "Rules: a ClassBench filter file, or YAML with FabricACL documents.")
    var rules: String

    @Option(help: "Headers: a ClassBench trace (sip dip sport dport proto as decimal integers).")
    var trace: String

    @Option(help: "The ACL to use when the rules file holds several (by metadata.name).")
    var acl: String?

    @Option(help: "Classifier: compiled (decision trees) or linear (the reference scan).")
    var engine: Engine = .compiled

    @Option(help: "Output format.")
    var format: ACLMatchReport.Format = .text

    @Option(name: .shortAndLong, help: "Write the output to this file instead of stdout.")
    var output: String?

    /// The trace is read, and headers are classified and written, on this many threads (the
    /// processor count, or `INTERLOCK_THREADS`): the output is the same bytes as one thread's.
    static var threads: Int { Parallel.defaultThreads }

    enum Engine: String, ExpressibleByArgument, CaseIterable { case compiled, linear }

    func run() throws {
        let acls = try ACLSource.load(paths: [rules])
        let chosen: ACL
        if let acl {
            guard let found = acls.first(where: { $0.name == acl }) else {
                throw InputError(
                    file: rules, "no ACL named '\(acl)' (found: \(acls.map(\.name).sorted().joined(separator: ", ")))")
            }
            chosen = found
        } else {
            guard acls.count == 1 else {
                throw InputError(
                    file: rules,
                    "holds \(acls.count) ACLs; choose one with --acl (\(acls.map(\.name).sorted().joined(separator: ", ")))"
                )
            }
            chosen = acls[0]
        }
        let headers = try ClassBenchFormat.parseTrace(try readFile(trace), file: trace, threads: Self.threads)
        let classifier: any PacketClassifier =
            engine == .compiled
            ? DecisionTreeClassifier(rules: chosen.rules) : LinearClassifier(rules: chosen.rules)

        let report = ACLMatchReport(acl: chosen, format: format)
        try OutputWriter.stream(to: output) { out in
            report.write(headers, classifier: classifier, threads: Self.threads, to: out)
        }
    }
}

extension ACLMatchCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [rules, trace] }
}
