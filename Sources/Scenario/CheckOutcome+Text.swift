import Findings
import Intents
import InterlockCore

extension CheckOutcome {
    /// The summary `interlock check` prints: what was loaded and checked, counts by kind and
    /// severity, the worst `limit` findings with their explanations, the warnings, and where the
    /// full report went.
    public func text(limit: Int?, reportPath: String? = nil) -> String {
        var out = "interlock check \(spec.name)" + (spec.file.map { " (\($0))" } ?? "") + "\n"
        let counts = Severity.allCases.reversed().map { s in
            "\(report.findings.filter { $0.severity == s }.count) \(s.rawValue)"
        }
        out +=
            "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s"): \(counts.joined(separator: ", "))\n\n"
        out += report.text(limit: limit)
        if limit == 0 && !report.findings.isEmpty { out += "(\(report.findings.count) findings in the full report)\n" }
        if let reportPath {
            out += "\nfull report: \(reportPath)\n"
        } else if let limit, report.findings.count > limit {
            out += "\nfull report: rerun with -o FILE (.html, .json, .sarif or .txt)\n"
        }
        return out
    }
}
