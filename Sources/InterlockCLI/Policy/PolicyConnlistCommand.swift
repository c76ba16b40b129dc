import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy connlist`: every allowed connection between workloads and external ranges.
struct PolicyConnlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connlist",
        abstract: "List every allowed connection between workloads, and with external address ranges.",
        discussion: "The txt form is netpol-analyzer's: 'SRC => DST : CONNS', sorted.")

    @OptionGroup var input: PolicyOptions

    @Option(help: "Output format (txt: netpol-analyzer's).")
    var format: ConnlistRenderer.Format = .txt

    @Option(
        name: .customLong("focus-workload"), help: "Only connections of this workload ('name' or 'namespace/name').")
    var focusWorkload: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let (loaded, network, engine) = try input.engine()
        let focus = try focusWorkload.map { name throws(InputError) in try Connlist.focus(name, in: loaded.inventory) }
        let ranges = ExternalSpace.connlistRanges(
            [loaded.policies], on: network, ipv6: input.evaluationOptions.analysesIPv6)
        let peers = Connlist.peers(loaded.inventory, on: network, external: ranges)
        let progress = ProgressLine("connlist")
        let lines = Connlist.lines(engine, on: network, peers: peers, focus: focus) { done, total in
            progress.update("\(done)/\(total) sources")
        }
        progress.finish()
        let rendered = ConnlistRenderer.render(lines, as: format)
        try OutputWriter.emit(rendered, to: output)
    }
}

extension PolicyConnlistCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { input.paths }
}
