import Fabric
import FabricACL
import Findings
import Intents
import InterlockCore
import Policy
import PolicyEngine
import Traffic

/// What simulating one jobs input gives the check: the traffic module's findings (flows a policy
/// denies on planes nothing enforces it on, flows a fabric ACL drops), the flow matrix's
/// conversations for the intents, and the link utilization the HTML report colours the fabric by.
struct SimulatedJobs {
    var findings: [Finding] = []
    var observed: [ObservedFlow] = []
    /// Per link of the simulated plane, the utilization of its busier direction (the bottleneck
    /// direction is 1.0).
    var utilization: [LinkID: Double] = [:]
    var figure: (name: String, value: String)
    var warnings: [String] = []

    /// Places `input`'s jobs on `fabric`, runs its collective, and judges the flows against the
    /// scenario's policies (through `engine`, compiled from `policy`) and fabric ACLs.
    init(
        _ input: JobsInput, fabric: FabricGraph, policy: PolicyInput?, engine: CompiledEngine?, acls: [ACL],
        manifests: [String]
    ) throws(InputError) {
        let placement = try JobsFile.load(path: input.path, fabric: fabric)
        var judging = PolicyJudging.none
        if let policy {
            let bundle = PolicyBundle(path: manifests.joined(separator: ", "), input: policy, acls: acls)
            judging = .one(try PolicyJudge(bundle: bundle, placement: placement, fabric: fabric, engine: engine))
        }
        let collective = CollectiveOptions(collective: input.collective, size: input.size, pxn: input.pxn)
        let result = try TrafficSimulator.run(
            fabric: fabric, placement: placement,
            options: SimulationOptions(collective: collective, routing: input.routing),
            judging: judging)
        let report = TrafficReport(analysis: TrafficAnalysis(result), judging: judging)
        findings = report.findings.findings
        // The policy side's own warnings are the check's already; keep the placement's and binding's.
        warnings = report.warnings.filter { w in
            !(policy?.inputWarnings ?? []).contains(w) && !(policy?.resultWarnings ?? []).contains(w)
        }
        let analysis = report.analysis
        // Every link of the collective's plane gets a figure (idle ones 0), so the drawing colours
        // the whole plane by load.
        let plane = input.collective.plane
        for (l, link) in fabric.links.enumerated() where link.plane == plane {
            let id = LinkID(l)
            utilization[id] = max(
                analysis.utilization(LinkLoads.index(id, upward: true)),
                analysis.utilization(LinkLoads.index(id, upward: false)))
        }
        let source = "\(input.path) (\(input.summary))"
        observed = try TrafficSimulator.conversations(fabric: fabric, placement: placement, collective: collective).map
        { c in
            ObservedFlow(
                view: .plane(c.key.plane), source: .v4(IPv4Address(c.key.source)),
                destination: .v4(IPv4Address(c.key.destination)),
                proto: IPProtocol(rawValue: c.key.proto), port: c.key.port,
                evidence: Evidence(bytes: Int(c.bytes), source: source, flows: c.flows))
        }
        let stats = result.statistics
        figure = (
            "jobs \(input.path)",
            "\(placement.jobs.count) jobs, \(placement.rankCount) ranks, \(input.summary): \(stats.flows) flows, "
                + "predicted \(Units.formatDuration(seconds: analysis.predictedTime)), bus bandwidth \(Units.significant(analysis.busBandwidth / 1e9)) GB/s, "
                + "\(Units.significant(analysis.slowdown))x ideal"
        )
    }
}
