import ArgumentParser
import Documents
import Findings
import Foundation
import Intents
import InterlockCore
import Manifests
import Policy
import Reports
import Scenario
import Traffic

/// `interlock check SCENARIO`: the main job. Loads the scenario, runs every check its inputs allow,
/// prints the summary, writes the full report; exit 1 when anything at or above `--fail-on` is found.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a scenario (topology, manifests, intents, captures, jobs) against its segmentation intents.",
        discussion: """
            SCENARIO is a directory holding scenario.yaml (or the file itself); flags name inputs instead of \
            or in addition to it (a flag replaces the scenario's entry of that kind). Without intents, the \
            ai-infra-baseline pack is checked.

            Exit status: 0 when nothing at or above --fail-on was found, 1 otherwise, 2 on bad input.
            """)

    @Argument(help: "A scenario directory (with scenario.yaml) or a scenario file.")
    var scenario: String?

    @Option(help: "Topology file (replaces the scenario's).")
    var topology: String?

    @Option(help: "Manifest file or directory (repeatable; replaces the scenario's).")
    var manifests: [String] = []

    @Option(
        help:
            "Intents file or directory: SegmentationIntents, FabricSegmentation, FabricACL (repeatable; replaces the scenario's)."
    )
    var intents: [String] = []

    @Option(help: "Capture file, pcap or pcapng (repeatable; replaces the scenario's).")
    var capture: [String] = []

    @Option(help: "Jobs file for the traffic simulation (repeatable; replaces the scenario's).")
    var jobs: [String] = []

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when a finding is at or above this severity (never: not for findings).")
    var failOn: FailOn = .severity(.high)

    @Option(help: "Report format (default: from the -o extension, else text).")
    var format: Format?

    @Option(name: .shortAndLong, help: "Write the full report here; the summary still goes to standard output.")
    var output: String?

    @Option(help: "Findings shown in full in the text summary.")
    var limit: Int = 10

    @Option(
        name: .customLong("ipblock-selects-pods"),
        help: "Whether ipBlock and networks peers match pod IPs (upstream conformance: true).")
    var ipBlockSelectsPods: Bool = true

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        guard scenario != nil || topology != nil || !manifests.isEmpty else {
            throw ValidationError("give a scenario, or at least --topology or --manifests")
        }
        _ = try resolvedFormat()
    }

    /// What `check` writes.
    enum Format: String, FormatArgument { case text, json, sarif, html }

    /// `--format`, else the output file's extension (none: text); an extension that names no format
    /// is a usage error listing the formats, never a silent text file.
    func resolvedFormat() throws -> Format {
        if let format { return format }
        guard let output else { return .text }
        let ext = (output as NSString).pathExtension.lowercased()
        switch ext {
        case "", "txt", "text": return .text
        case "htm": return .html
        default:
            guard let format = Format(rawValue: ext) else {
                let names = Format.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError(
                    "cannot tell the report format from '\(output)': give --format (\(names)) or one of their extensions"
                )
            }
            return format
        }
    }

    func run() throws {
        var spec = try scenario.map { try ScenarioSpec.load(path: $0) } ?? ScenarioSpec(name: "command line")
        if let topology { spec.topology = topology }
        if !manifests.isEmpty { spec.manifests = manifests }
        if !intents.isEmpty { spec.intents = intents }
        if !capture.isEmpty { spec.captures = capture.map { ScenarioSpec.CaptureInput(path: $0) } }
        if !jobs.isEmpty { spec.jobs = jobs.map(JobsInput.init(path:)) }
        let progress = ProgressLine("check")
        let outcome = try CheckRun.run(spec, options: EvaluationOptions(ipBlockSelectsPods: ipBlockSelectsPods)) {
            progress.update($0)
        }
        progress.finish()
        let format = try resolvedFormat()
        if let output {
            try OutputWriter.emit(render(outcome, format, limit: nil), to: output)
            print(outcome.text(limit: limit, reportPath: "\(output) (\(format.rawValue))"), terminator: "")
        } else {
            print(try render(outcome, format, limit: limit), terminator: "")
        }
        if let threshold = failOn.threshold, outcome.fails(at: threshold) { throw ExitCode(1) }
    }

    private func render(_ outcome: CheckOutcome, _ format: Format, limit: Int?) throws -> String {
        switch format {
        case .json: return outcome.json.serialized()
        case .sarif: return outcome.sarif(toolVersion: InterlockCommand.configuration.version).serialized()
        case .html: return outcome.html(toolVersion: InterlockCommand.configuration.version)
        case .text: return outcome.text(limit: limit)
        }
    }
}

extension CheckCommand: WritesFiles {
    var outputPaths: [String?] { [output] }

    /// The scenario file (not its directory, where reports may be written) and the flags' inputs.
    var inputPaths: [String] {
        [scenario.map(ScenarioSpec.file(of:)), topology].compactMap { $0 } + manifests + intents + capture + jobs
    }

    /// The inputs the scenario file names. A scenario on standard input or a pipe can be read only
    /// once, by the run itself: its named inputs are not checked here.
    func namedInputPaths() throws -> [String] {
        guard let scenario, SourceLoader.isRegularFile(ScenarioSpec.file(of: scenario)) else { return [] }
        let spec = try ScenarioSpec.load(path: scenario)
        return [spec.topology].compactMap { $0 } + spec.manifests + spec.intents + spec.jobs.map(\.path)
            + spec.captures.flatMap { [$0.path] + ($0.acls ?? []) }
    }
}
