import ArgumentParser
import Capture
import FlowLogs
import Foundation
import InterlockCore

/// `interlock merge PARTIAL...`: the report of a run split with `--shard`, from its parts.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the partial results of a run split with --shard into the report one process writes.",
        discussion: """
            Give the --partial-output files of every shard (in any order) and the output options of the \
            command that wrote them: --format and --output, and --limit for capture analyze (traffic simulate \
            takes --format only). The report is \
            byte for byte the one the command writes run once on all its inputs, and the exit status is \
            its exit status. Partials of another interlock version, another command, other options or \
            inputs, or a missing or repeated shard are refused (exit 2). The inputs the command names \
            (manifests, ACLs, topologies) are read again, by the paths it was given: merge where they resolve.
            """
    )

    @Argument(help: ArgumentHelp("Partial results, one per shard (--partial-output).", valueName: "partial"))
    var partials: [String]

    @Option(help: "Output format, as the command that wrote the partials takes it (default: text).")
    var format: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Show at most this many findings in the text report (capture analyze).")
    var limit: Int?

    func run() throws {
        let contents = try partials.map { file in
            do {
                return Array(try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe))
            } catch {
                throw InputError(file: file, "cannot read partial result: \(error.localizedDescription)")
            }
        }
        let headers = try zip(contents, partials).map { try PartialHeader.read($0, file: $1).header }
        let order = try PartialHeader.checkComplete(headers, files: partials)
        let header = headers[order[0]]
        let arguments = header.inputs + header.arguments + outputArguments
        switch header.command {
        case "capture flows":
            let command = try parse(CaptureFlowsCommand.self, arguments)
            try command.report(try mergeCaptures(contents, order, configuration: command.tracker.configuration()))
        case "capture analyze":
            let command = try parse(CaptureAnalyzeCommand.self, arguments)
            try command.report(try mergeCaptures(contents, order, configuration: command.tracker.configuration()))
        case TrafficSimulateCommand.commandName:
            let command = try parse(TrafficSimulateCommand.self, arguments)
            try command.merge(
                try order.map { i in
                    BinaryReader(
                        contents[i], from: try PartialHeader.read(contents[i], file: partials[i]).body,
                        file: partials[i])
                })
        default:
            throw InputError(
                file: partials[order[0]], "partial result of '\(header.command)', which merge does not know")
        }
    }

    /// The output options given, as arguments of the command that wrote the partials.
    private var outputArguments: [String] {
        (format.map { ["--format", $0] } ?? []) + (output.map { ["--output", $0] } ?? [])
            + (limit.map { ["--limit", String($0)] } ?? [])
    }

    /// The command that wrote the partials, with its options and the output options given.
    private func parse<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) throws -> C {
        do {
            return try C.parse(arguments)
        } catch {
            throw ValidationError(InterlockMain.oneLine(C.message(for: error)))
        }
    }

    /// The connections of the capture and flow-log partials, in shard order.
    private func mergeCaptures(_ contents: [[UInt8]], _ order: [Int], configuration: TrackerConfiguration) throws
        -> CaptureFlows
    {
        let parts = try order.map { try CapturePartial(bytes: contents[$0], file: partials[$0]) }
        return try TrafficInputs.merge(parts, configuration: configuration)
    }
}

extension MergeCommand: WritesFiles {
    var outputPaths: [String?] { [output ?? "-"] }
    var inputPaths: [String] { partials }
}
