import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy exposure`: who the allow rules open each workload to beyond the input's workloads.
struct PolicyExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exposure",
        abstract:
            "For each workload, who its allow rules open it to beyond the workloads given: namespaces a selector picks, pods in any namespace, address ranges, with each rule's file:line.",
        discussion: """
            netpol-analyzer's exposure analysis ('list --exposure'), over NetworkPolicy and the admin tiers. \\
            'entire-cluster' is every pod of every namespace; a workload no policy protects in a direction is \\
            open to everything there and listed at the end.
            """)

    @Argument(help: "Manifest files or directories (read recursively); '-' reads standard input.")
    var paths: [String]

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
    }

    func run() throws {
        let report = ExposureReport(try PolicyOptions.load(paths))
        try OutputWriter.emit(format == .json ? report.json.serialized() : report.text, to: output)
    }
}

extension PolicyExposureCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { paths }
}
