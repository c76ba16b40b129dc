import Findings
import Intents
import InterlockCore
import Reports

extension CheckOutcome {
    /// The intents as report rules: what each requires, the practice it encodes, where it is written.
    public var reportRules: [ReportRule] {
        rules.map { r in
            var help = r.description.isEmpty ? "Segmentation intent \(r.id) (\(r.kind.rawValue))." : r.description
            if !r.references.isEmpty { help += "\n\nPractice: " + r.references.joined(separator: "; ") + "." }
            help += "\n\nIn force at \(r.location)" + (r.pack.map { " (pack \($0))" } ?? "") + "."
            return ReportRule(
                id: r.id, summary: r.description.isEmpty ? "\(r.kind.rawValue) \(r.id)" : r.description,
                help: help, severity: r.severity, location: r.location)
        }
    }

    /// The SARIF 2.1.0 log of the findings.
    public func sarif(toolVersion: String) -> JSON {
        let fallback = (spec.file ?? spec.intents.first ?? spec.topology).map { SourceLocation(file: $0, line: 1) }
        return SARIFReport.render(report, rules: reportRules, toolVersion: toolVersion, fallback: fallback)
    }
}

extension CheckOutcome {
    /// The self-contained HTML report.
    public func html(toolVersion: String) -> String {
        let heat = HeatMap(
            zones: matrix.zones,
            cells: matrix.cells.map { row in
                row.map { HeatMap.Cell(pairs: $0.pairs, reachable: $0.reachable, violating: $0.violating) }
            })
        let inputs = [spec.file ?? spec.topology].compactMap { $0 }.joined()
        return HTMLReport(
            title: "Interlock check: \(spec.name)",
            subtitle: "\(inputs.isEmpty ? "" : inputs + " · ")interlock \(toolVersion)",
            report: report, fabric: fabric, linkLoads: linkLoads, matrix: heat
        ).render()
    }
}
