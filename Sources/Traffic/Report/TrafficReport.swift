import Fabric
import Findings
import InterlockCore

/// Everything `traffic simulate` reports: the analysis of the loads, the policy impact of each
/// policy state, the change between two states, the findings and the warnings.
public struct TrafficReport: Sendable {
    /// The load figures.
    public let analysis: TrafficAnalysis
    /// The impact of each policy state, in the order the judges were given.
    public let impacts: [PolicyImpact]
    /// The change between two policy states, when two were judged.
    public let change: PolicyChange?
    /// The findings the exit status follows: a comparison's new ones, else the policy state's.
    public let findings: FindingsReport
    /// Warnings of the run, the placement and the judges.
    public let warnings: [String]
    /// Hot links listed (and contended links per job in the JSON concurrency section).
    public var hotLinkCount = 10
    /// Each job alone and together under fair sharing (`--fair-share`, `--straggler`), when computed.
    public var concurrency: ConcurrencyFigures?

    /// The report of `analysis`; `judging` is what the simulation judged against (its tallies are in
    /// the result's `policy`).
    public init(analysis: TrafficAnalysis, judging: PolicyJudging, warnings: [String] = []) {
        self.analysis = analysis
        let result = analysis.result
        let collective = result.options.collective.collective
        impacts = zip(judging.judges, result.policy).map { judge, tally in
            PolicyImpact(judge: judge, tally: tally, placement: result.placement, collective: collective)
        }
        if case .compare(let before, let after) = judging, let changes = result.changes {
            change = PolicyChange(
                before: before, after: after, changes: changes, placement: result.placement,
                collective: collective)
        } else {
            change = nil
        }
        var all = warnings + result.placement.warnings
        for judge in judging.judges { all += judge.warnings }
        if result.statistics.unroutableFlows > 0 {
            all.append(
                "\(result.statistics.unroutableFlows) flows (\(Units.formatBytes(result.statistics.unroutableBytes))) have no path and load no link"
            )
        }
        self.warnings = all
        findings = FindingsReport(
            findings: (change?.findings ?? impacts.first?.findings ?? []) + TrafficReport.unroutable(analysis))
    }

    /// One finding per communicator with flows that have no path: it never completes.
    static func unroutable(_ analysis: TrafficAnalysis) -> [Finding] {
        let collective = analysis.result.options.collective.collective
        return analysis.communicators.filter { !$0.completes }.map { c in
            let s = c.statistics
            return Finding(
                kind: .unroutable, severity: .high,
                title:
                    "\(c.name): \(collective) never completes: \(s.unroutableFlows) of its \(s.flows) flows have no path",
                network: analysis.result.options.collective.collective.plane.name,
                reasons: [
                    FindingReason(
                        side: .plane,
                        text:
                            "\(Units.formatBytes(s.unroutableBytes)) have no path through the fabric"
                            + (analysis.result.options.failures.isEmpty ? "" : " left by the failed elements")
                            + "; the routable part alone would take \(Units.formatDuration(seconds: c.predictedTime))")
                ],
                evidence: Evidence(
                    bytes: Int(s.unroutableBytes), source: "simulated \(collective)", flows: s.unroutableFlows))
        }
    }

    /// Whether the run reports findings (exit status 1).
    public var hasFindings: Bool { !findings.findings.isEmpty }

    /// Billions of bytes per second, as nccl-tests prints bandwidths: `51.4 GB/s`.
    static func gigabytes(perSecond v: Double) -> String { Units.significant(v / 1e9) + " GB/s" }

    /// The fields of a link direction, as the link table and the hot-link list give them.
    func direction(_ i: Int) -> (link: Int, from: String, to: String, tier: String, plane: String, rail: String) {
        TrafficReport.direction(i, in: analysis.result.fabric)
    }

    /// The fields of direction `i` of `fabric`'s links.
    static func direction(_ i: Int, in fabric: FabricGraph) -> (
        link: Int, from: String, to: String, tier: String, plane: String, rail: String
    ) {
        let (l, up) = LinkLoads.link(ofIndex: i)
        let link = fabric.links[Int(l)]
        let (a, b) = up ? (link.lower, link.upper) : (link.upper, link.lower)
        return (
            Int(l), fabric.devices[Int(a)].name, fabric.devices[Int(b)].name, link.tier.description,
            link.plane.name, fabric.rail(ofLink: l).map(String.init) ?? ""
        )
    }
}
