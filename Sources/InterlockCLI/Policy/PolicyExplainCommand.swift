import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy explain`: every protocol and port between two endpoints, grouped, with reasons.
struct PolicyExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Show all protocols and ports between two endpoints, grouped into allowed and denied sets with the rules behind each."
    )

    @OptionGroup var input: PolicyOptions

    @OptionGroup var ends: EndpointPairOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        let (loaded, network, engine) = try input.evaluator()
        var report = ExplainReport(
            evaluator: engine, network: network,
            source: try loaded.inventory.endpoint(named: ends.source, on: network),
            destination: try loaded.inventory.endpoint(named: ends.destination, on: network),
            warnings: loaded.resultWarnings + loaded.profileWarnings(input.evaluationOptions))
        report.profile = input.evaluationOptions.profile
        print(format == .json ? report.json.serialized() : report.text, terminator: "")
    }
}
