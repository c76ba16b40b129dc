import ArgumentParser
import InterlockCore
import Manifests
import Policy

/// `interlock policy connlist`: every allowed connection between workloads and external ranges.
struct PolicyConnlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connlist",
        abstract: "List every allowed connection between workloads, and with external address ranges.",
        discussion: """
            The txt form is netpol-analyzer's: 'SRC => DST : CONNS', sorted. When the input holds Ingresses, \
            OpenShift Routes or Gateway API routes, '{ingress-controller} => DST : TCP PORTS' rows list the \
            target ports they expose on each workload that the policies allow from the ingress controller. \
            With '--network all', or with no --network when a primary OVN-Kubernetes user-defined network is in \
            force, one section per network ('Permitted connectivity analyzed in Pod network:', '... in primary \
            UDN <namespace>:', '... in secondary NAD <ns/name>:') and a 'Workload-to-Networks Mapping:' block, \
            as netpol-analyzer prints them.
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
        let loaded = try input.load()
        let overNetworks = MultiNetworkConnlist.applies(network: input.network, input: loaded)
        let network = overNetworks ? Network.pod : try loaded.network(named: input.network)
        let engine = input.switches.engine(for: loaded)
        let focus = try focusWorkload.map { name throws(InputError) in try Connlist.focus(name, in: loaded.inventory) }
        let progress = ProgressLine("connlist")
        let update = { (done: Int, total: Int) in progress.update("\(done)/\(total) sources") }
        if overNetworks {
            let list = MultiNetworkConnlist.build(
                engine, input: loaded, focus: focus, ipv6: input.evaluationOptions.analysesIPv6, progress: update)
            progress.finish()
            try OutputWriter.stream(to: output) { ConnlistRenderer.write(list, as: format, to: $0) }
        } else {
            let peers = Connlist.peers(
                loaded.inventory, on: network, policies: loaded.policies, ipv6: input.evaluationOptions.analysesIPv6)
            let lines = Connlist.lines(engine, on: network, peers: peers, focus: focus, progress: update)
            let controllerLines = try ingressControllerLines(loaded, engine, on: network, peers: peers, focus: focus)
            progress.finish()
            try OutputWriter.stream(to: output) {
                ConnlistRenderer.write(Connlist.sorted(lines + controllerLines), as: format, to: $0)
            }
        }
    }
}

extension PolicyConnlistCommand: WritesFiles {
    var outputPaths: [String?] { [output] }
    var inputPaths: [String] { input.paths }
}
