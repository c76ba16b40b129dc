import ArgumentParser
import Fabric
import InterlockCore

/// `interlock topology paths FILE --from A --to B [--plane P] [--rail R] [--flow TUPLE]`.
struct TopologyPathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Equal-cost paths between two endpoints, their number, and the path a flow takes.",
        discussion: """
            A and B are hosts, GPUs, NICs or BMCs. On the compute plane a GPU implies its rail; between \
            hosts the rail is --rail (0 by default on rail fabrics). With --flow the fabric's routing \
            picks one path: ECMP (five-tuple hash per switch) or D-mod-K (InfiniBand). Without --from \
            and --to, the flow's addresses name the endpoints.
            """)

    @Argument(help: "Topology file (YAML, node-link JSON or DOT).")
    var file: String

    @Option(help: "Source endpoint.")
    var from: String?

    @Option(help: "Destination endpoint.")
    var to: String?

    @Option(help: "The plane (default: compute, or the flow's plane).")
    var plane: Plane?

    @Option(help: "Rail of the NICs used between hosts on the compute plane.")
    var rail: Int?

    @Option(
        help: ArgumentHelp(
            "A flow, routed as the fabric routes it (IPv6 addresses in brackets).",
            valueName: "srcip:sport-dstip:dport/proto"))
    var flow: FiveTuple?

    @Option(help: "RoCE destination QP, hashed by ECMP where the plane says so.")
    var qp: UInt32?

    @Option(help: "Override the plane's routing.")
    var routing: RoutingMode?

    @Option(help: "Paths listed at most (the count is always exact).")
    var limit: Int = 32

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func run() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be zero or more") }
        let fabric = try TopologyFile.load(path: file)
        let selection = try PathSelection.resolve(fabric, from: from, to: to, plane: plane, rail: rail, flow: flow)
        let router = Router(fabric: fabric, plane: selection.plane, mode: routing)
        let report = PathReport(
            fabric: fabric, router: router, from: selection.fromName, to: selection.toName,
            source: selection.source, destination: selection.destination,
            limit: limit, flow: flow, destinationQP: qp)
        print(
            format == .json ? report.json(fabric, router: router).serialized() : report.text(fabric, router: router),
            terminator: "")
    }
}
