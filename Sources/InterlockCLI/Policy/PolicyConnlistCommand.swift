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
        var loaded = try input.load()
        let network = try loaded.network(named: input.network)
        let focus = try focusWorkload.map { name throws(InputError) in try Connlist.focus(name, in: loaded.inventory) }
        let ranges = ExternalSpace.connlistRanges(
            [loaded.policies], on: network, ipv6: input.evaluationOptions.analysesIPv6)
        let peers = Connlist.peers(loaded.inventory, on: network, external: ranges)
        // Routes expose workloads on the pod network; the controller may need a stand-in pod.
        var controllerSources: [PolicyEndpoint] = []
        let controller = try ingressController.map(IngressController.init(parsing:))
        if let controller, let text = ingressController {
            if loaded.manifests.routes.isEmpty {
                Terminal.printWarning("--ingress-controller: the input holds no Ingress, Route or Gateway API route")
            } else if controller.workloads(in: loaded.inventory).isEmpty {
                Terminal.printWarning(
                    "--ingress-controller: no workload of the input matches '\(text)'; a pod with its labels stands in")
            }
        }
        if network == .pod && !loaded.manifests.exposedPorts.isEmpty {
            (loaded, controllerSources) = (controller ?? .netpolAnalyzer).sources(in: loaded)
        }
        let engine = input.switches.engine(for: loaded)
        let progress = ProgressLine("connlist")
        var lines = Connlist.lines(engine, on: network, peers: peers, focus: focus) { done, total in
            progress.update("\(done)/\(total) sources")
        }
        progress.finish()
        if !controllerSources.isEmpty {
            lines += Connlist.ingressControllerLines(
                engine, exposed: loaded.manifests.exposedPorts, sources: controllerSources, peers: peers, focus: focus)
        }
        let rendered = ConnlistRenderer.render(lines.sorted(), as: format)
        try OutputWriter.emit(rendered, to: output)
    }
}

extension PolicyConnlistCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { input.paths }
}
