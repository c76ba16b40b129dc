import ArgumentParser
import InterlockCore

/// `--shard I/N` and `--partial-output F`: one part of a run split over processes (Slurm job array
/// tasks, Kubernetes Indexed Job pods), whose partial results `interlock merge` joins into the report.
struct ShardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Do only part I of N (I from 0 to N-1) and write it with --partial-output; `interlock merge` joins the N parts.",
            valueName: "I/N"))
    var shard: Shard?

    @Option(
        name: .customLong("partial-output"),
        help: ArgumentHelp(
            "Write this part's partial result (a versioned file, see the README's \"Beyond one machine\") to this file instead of the report.",
            valueName: "file"))
    var partialOutput: String?

    func validate() throws {
        if shard != nil && partialOutput == nil {
            throw ValidationError("--shard needs --partial-output: the partial result is what `interlock merge` reads")
        }
    }

    /// The part to do: `--shard`, or the whole job as one part.
    var part: Shard { shard ?? Shard(index: 0, count: 1)! }

    /// Writes the partial result of `command` (run with `arguments` on `inputs`): the header line,
    /// then the body `body` hands to its emitter. Nothing is left behind if `body` throws.
    func write(
        command: String, arguments: [String], inputs: [String], body: (([UInt8]) -> Void) throws -> Void
    ) throws {
        guard let partialOutput else { return }
        let header = PartialHeader(
            tool: InterlockCommand.configuration.version, command: command, arguments: arguments, inputs: inputs,
            shard: part)
        let out = try OutputWriter(path: partialOutput)
        out.write(bytes: header.line)
        try body { out.write(bytes: $0) }
        try out.commit()
    }
}

extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
