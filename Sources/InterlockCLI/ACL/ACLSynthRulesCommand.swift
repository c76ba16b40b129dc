import ArgumentParser
import FabricACL
import InterlockCore

/// `interlock acl synth-rules`: a rule set in the ClassBench filter format, as ClassBench's
/// `db_generator` writes one.
struct ACLSynthRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-rules",
        abstract: "Write a ClassBench filter file of rules with the structure of ClassBench's ACL seeds.",
        discussion: """
            Prefixes nest inside a few address blocks, ports are exact well-known ports, ephemeral \
            ranges or wildcards, protocols TCP, UDP, ICMP, GRE or any; the last rule matches \
            everything. The format carries no actions: every rule reads back as permit. The same \
            seed gives the same rules.
            """
    )

    @Option(help: "Number of rules, 1 through \(Self.maximumCount) (the last matches everything).")
    var count: Int = 10_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the rules to this file instead of stdout.")
    var output: String?

    /// The most rules one set holds (it is generated whole before it is written).
    static let maximumCount = 10_000_000

    func validate() throws { try requireRange("--count", count, 1...Self.maximumCount) }

    func run() throws {
        var generator = ACLGenerator(seed: seed)
        try OutputWriter.stream(to: output) { out in
            for rule in generator.rules(count: count) {
                ClassBenchFormat.write(rule, to: out)
                out.recordEnd()
            }
        }
    }
}

extension ACLSynthRulesCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [] }
}
