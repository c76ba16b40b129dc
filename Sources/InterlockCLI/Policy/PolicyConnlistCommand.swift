import ArgumentParser
import InterlockCore
import Policy

/// `interlock policy connlist`: every allowed connection between workloads and external ranges.
struct PolicyConnlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connlist",
        abstract: "List every allowed connection between workloads, and with external address ranges.",
        discussion: """
            The txt form is netpol-analyzer's: 'SRC => DST : CONNS', sorted. When the input holds Ingresses, \
            OpenShift Routes or Gateway API routes, '{ingress-controller} => DST : TCP PORTS' rows list the \
            target ports they expose on each workload that the policies allow from the ingress controller.
            """)

    @OptionGroup var input: PolicyOptions

    @Option(help: "Output format (txt: netpol-analyzer's).")
    var format: ConnlistRenderer.Format = .txt

    @Option(
        name: .customLong("focus-workload"), help: "Only connections of this workload ('name' or 'namespace/name').")
    var focusWorkload: String?

    @Option(
        name: .customLong("ingress-controller"),
        help: ArgumentHelp(
            "The ingress controller's pods, 'NAMESPACE/SELECTOR' (default: netpol-analyzer's stand-in, any pod of a namespace named 'ingress-controller-ns').",
            valueName: "ns/selector"))
    var ingressController: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        do {
            _ = try ingressController.map { text throws(InputError) in try IngressController(parsing: text) }
        } catch { throw ValidationError(error.message) }
    }

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
        let controllerLines = try ingressControllerLines(loaded, engine, on: network, peers: peers, focus: focus)
        let rendered = ConnlistRenderer.render((lines + controllerLines).sorted(), as: format)
        try OutputWriter.emit(rendered, to: output)
    }
}

extension PolicyConnlistCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { input.paths }
}
