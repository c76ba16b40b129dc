import InterlockCore

extension FindingsReport {
    /// The human-readable report: a summary of counts, then each finding (up to `limit`) with its
    /// reasons and evidence, then the warnings.
    public func text(limit: Int? = nil) -> String {
        var out = ""
        if findings.isEmpty {
            out += "no findings\n"
        } else {
            var summary = TextTable(headers: ["kind", "severity", "count"], alignments: [.left, .left, .right])
            for c in counts { summary.append([c.kind.rawValue, c.severity.rawValue, String(c.count)]) }
            out += summary.render()
        }
        for (name, value) in figures { out += "\(name): \(value)\n" }
        let shown = limit.map { Array(findings.prefix($0)) } ?? findings
        for (i, f) in shown.enumerated() {
            out += "\n[\(f.severity.rawValue)] \(f.kind.rawValue): \(f.title)\n"
            if let s = f.source, let d = f.destination {
                out += "  \(FindingsReport.describe(s)) -> \(FindingsReport.describe(d))"
                if let proto = f.proto { out += " \(proto)" }
                if let network = f.network { out += " on \(network)" }
                out += "\n"
            }
            for reason in f.reasons { out += "  \(reason)\n" }
            if let e = f.evidence {
                out += "  evidence: \(FindingsReport.describe(e))\n"
                if let filter = e.displayFilter { out += "  wireshark: \(filter)\n" }
            }
            if let id = f.ruleID { out += "  rule: \(id)\n" }
            if i == shown.count - 1 && shown.count < findings.count {
                out += "\n… \(findings.count - shown.count) more (see the full report)\n"
            }
        }
        for w in warnings { out += "warning: \(w)\n" }
        return out
    }

    static func describe(_ e: FindingEndpoint) -> String {
        var text = e.name
        if let a = e.address, a != e.name { text += " (\(a))" }
        if let p = e.port { text += ":\(p)" }
        return text
    }

    static func describe(_ e: Evidence) -> String {
        var parts: [String] = []
        if !e.countsKnown { parts.append("packets and bytes unknown") }
        if e.packets > 0 { parts.append("\(e.packets) packets") }
        if e.bytes > 0 { parts.append(Units.formatBytes(Double(e.bytes))) }
        if e.flows > 1 { parts.append("\(e.flows) flows") }
        if let first = e.firstPacket {
            let unit = e.positions ?? "frame"
            parts.append(
                e.lastPacket.map { $0 != first ? "\(unit)s \(first)-\($0)" : "\(unit) \(first)" } ?? "\(unit) \(first)")
        }
        if let source = e.source { parts.append("in \(source)") }
        return parts.joined(separator: ", ")
    }
}
