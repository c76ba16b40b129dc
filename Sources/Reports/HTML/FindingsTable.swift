import Findings
import InterlockCore

/// The findings as a filterable table: one row per finding, its explanation in a row below that
/// opens on click.
enum FindingsTable {
    static func html(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "<p class=\"empty\" id=\"no-findings\">No findings.</p>" }
        var out =
            "<table id=\"findings-table\"><thead><tr><th>severity</th><th>finding</th><th>witness</th><th>network</th><th>where</th></tr></thead><tbody>"
        for (i, f) in findings.enumerated() {
            var witness = ""
            if let s = f.source, let d = f.destination {
                witness = "\(s.name) → \(d.name)\(d.port.map { ":\($0)" } ?? "")\(f.proto.map { " \($0)" } ?? "")"
            }
            let search = [f.title, witness, f.network ?? "", f.ruleID ?? "", f.location?.description ?? ""].joined(
                separator: " "
            ).lowercased()
            out +=
                "<tr class=\"finding\" id=\"finding-\(i + 1)\" data-severity=\"\(f.severity.rawValue)\" data-kind=\"\(f.kind.rawValue.html)\" data-text=\"\(search.html)\">"
            out += "<td><span class=\"badge \(f.severity.rawValue)\">\(f.severity.rawValue)</span></td>"
            let title =
                f.ruleID.map { f.title.hasPrefix("\($0): ") ? String(f.title.dropFirst($0.count + 2)) : f.title }
                ?? f.title
            out +=
                "<td><div class=\"title\">\(title.html)</div><div class=\"kind\">\(f.kind.rawValue.html)\(f.ruleID.map { " · \($0.html)" } ?? "")</div></td>"
            out += "<td class=\"mono\">\(witness.html)</td><td>\((f.network ?? "").html)</td>"
            out += "<td class=\"mono\">\((f.location?.description ?? "").html)</td></tr>"
            out += "<tr class=\"detail\" hidden><td></td><td colspan=\"4\"><ul>"
            for r in f.reasons {
                out +=
                    "<li><span class=\"side\">\(r.side.rawValue.html)</span> \(r.text.html)\(r.location.map { " <span class=\"loc\">\($0.description.html)</span>" } ?? "")</li>"
            }
            if let e = f.evidence {
                var parts = [
                    "\(e.packets) packets", Units.formatBytes(Double(e.bytes)),
                    "\(e.flows) flow\(e.flows == 1 ? "" : "s")",
                ]
                if let first = e.firstPacket { parts.append("frames \(first)-\(e.lastPacket ?? first)") }
                if let source = e.source { parts.append("in \(source)") }
                out += "<li><span class=\"side\">evidence</span> \(parts.joined(separator: ", ").html)</li>"
                if let filter = e.displayFilter {
                    out += "<li><span class=\"side\">wireshark</span> <code>\(filter.html)</code></li>"
                }
            }
            out += "</ul></td></tr>"
        }
        out += "</tbody></table>"
        return out
    }
}
