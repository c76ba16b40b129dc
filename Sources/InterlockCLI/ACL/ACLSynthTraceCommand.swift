import ArgumentParser
import FabricACL
import InterlockCore

/// `interlock acl synth-trace`: headers drawn from a rule set, as ClassBench's trace generator does.
struct ACLSynthTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-trace",
        abstract: "Write a ClassBench trace of headers drawn inside the rules of a rule set.",
        discussion: """
            Eight headers in ten fall inside a random rule's prefixes, port ranges and protocol; the \
            rest are uniformly random. The same seed gives the same trace.
            """
    )

    @Option(help: "Rules: a ClassBench filter file, or YAML with one FabricACL document.")
    var rules: String

    @Option(help: "Number of headers, 0 through 1000000000 (written as they are drawn).")
    var count: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the trace to this file instead of stdout.")
    var output: String?

    func validate() throws {
        try requireRange("--count", count, 0...Self.maximumCount)
    }

    /// The most headers one trace holds (about 50 GB of text).
    static let maximumCount = 1_000_000_000

    func run() throws {
        let rules = try ACLSource.load(paths: [rules]).flatMap(\.rules)
        var generator = ACLGenerator(seed: seed)
        try OutputWriter.stream(to: output) { out in
            for _ in 0..<count {
                ClassBenchFormat.write(generator.header(for: rules), to: out)
                out.recordEnd()
            }
        }
    }
}

extension ACLSynthTraceCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [rules] }
}
