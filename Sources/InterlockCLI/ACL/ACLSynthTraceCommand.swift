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

    @Option(help: "Number of headers.")
    var count: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the trace to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
    }

    func run() throws {
        let rules = try ACLSource.load(paths: [rules]).flatMap(\.rules)
        var generator = ACLGenerator(seed: seed)
        let out = try OutputWriter(path: output)
        // In chunks, so that a long trace is never held whole; the generator draws the same
        // sequence however the count is split.
        for start in stride(from: 0, to: count, by: 1 << 16) {
            for h in generator.headers(count: min(1 << 16, count - start), for: rules) {
                out.write(ClassBenchFormat.format(h) + "\n")
            }
        }
        try out.commit()
    }
}

extension ACLSynthTraceCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { [rules] }
}
