import Capture
import Findings

extension CaptureAnalyzer {
    /// The `verdict-disagreement` finding of a flow whose log carries the CNI's own verdict, when
    /// the policies given judge it the other way: the CNI let through what they deny (stale or
    /// mis-applied policies in the cluster, or a proposed change that would cut live traffic), or
    /// dropped what they allow. Drops for reasons other than policy, and connections the policies
    /// have no say on or judge both ways (some of a Service's backends), are not compared.
    func verdictFinding(
        _ flow: JudgedFlow, _ p: FlowPlacement, _ logged: LoggedVerdict, _ tally: PolicyCheck.Tally,
        _ evidence: Evidence
    ) -> Finding? {
        guard logged.byPolicy, tally.allowed + tally.denied > 0 else { return nil }
        let policies: String
        if logged.allowed && tally.allowed == 0 {
            policies = "denied"
        } else if !logged.allowed && tally.denied == 0 {
            policies = "allowed"
        } else {
            return nil
        }
        let file = evidence.source ?? "the log"
        let reasons = [
            FindingReason(
                side: .capture,
                text: "\(file) line \(logged.record): \(logged.reporter) logged \(logged.text)"
                    + (logged.reason.map { " (\($0))" } ?? "")),
            FindingReason(
                side: .note,
                text: logged.allowed
                    ? "the cluster's policies let it through: the policies given are stricter than those applied"
                    : "the cluster's policies dropped it: the policies given are looser than those applied"),
        ]
        return finding(
            flow, p, evidence, .verdictDisagreement, .medium, "\(logged.said), the policies given say \(policies)",
            network: p.network?.description, reasons: reasons)
    }
}
