import InterlockCore

extension FindingsReport {
    /// The human-readable report: a summary of counts, then each finding (up to `limit`) with its
    /// reasons and evidence, then the warnings.
    public func text(limit: Int? = nil) -> String {
        let out = ByteWriter()
        writeText(limit: limit, to: out)
        return out.text
    }

    /// Writes `text(limit:)` to `out`, one finding a record, without building a `String` per finding.
    public func writeText(limit: Int? = nil, to out: ByteWriter) {
        if findings.isEmpty {
            out.write("no findings\n" as StaticString)
        } else {
            var summary = TextTable(headers: ["kind", "severity", "count"], alignments: [.left, .left, .right])
            for c in counts { summary.append([c.kind.rawValue, c.severity.rawValue, String(c.count)]) }
            summary.write(to: out)
        }
        for (name, value) in figures {
            out.write(name)
            out.write(": " as StaticString)
            out.write(value)
            out.write(byte: UInt8(ascii: "\n"))
        }
        let shown = min(limit ?? findings.count, findings.count)
        for f in findings.prefix(shown) {
            FindingsReport.write(text: f, to: out)
            out.recordEnd()
        }
        if shown < findings.count && shown > 0 {
            out.write("\n… " as StaticString)
            out.write(findings.count - shown)
            out.write(" more (see the full report)\n" as StaticString)
        }
        for w in warnings {
            out.write("warning: " as StaticString)
            out.write(w)
            out.write(byte: UInt8(ascii: "\n"))
        }
    }

    /// One finding's block: a blank line, `[severity] kind: title`, the endpoints, reasons, evidence
    /// and rule.
    private static func write(text f: Finding, to out: ByteWriter) {
        out.write("\n[" as StaticString)
        out.write(f.severity.rawValue)
        out.write("] " as StaticString)
        out.write(f.kind.rawValue)
        out.write(": " as StaticString)
        out.write(f.title)
        out.write(byte: UInt8(ascii: "\n"))
        if let s = f.source, let d = f.destination {
            out.write("  " as StaticString)
            write(s, to: out)
            out.write(" -> " as StaticString)
            write(d, to: out)
            if let proto = f.proto {
                out.write(byte: UInt8(ascii: " "))
                out.write(proto)
            }
            if let network = f.network {
                out.write(" on " as StaticString)
                out.write(network)
            }
            out.write(byte: UInt8(ascii: "\n"))
        }
        for reason in f.reasons {
            out.write("  " as StaticString)
            reason.write(to: out)
            out.write(byte: UInt8(ascii: "\n"))
        }
        if let e = f.evidence {
            out.write("  evidence: " as StaticString)
            write(e, to: out)
            out.write(byte: UInt8(ascii: "\n"))
            if let filter = e.displayFilter {
                out.write("  wireshark: " as StaticString)
                out.write(filter)
                out.write(byte: UInt8(ascii: "\n"))
            }
        }
        if let id = f.ruleID {
            out.write("  rule: " as StaticString)
            out.write(id)
            out.write(byte: UInt8(ascii: "\n"))
        }
    }

    /// `name`, ` (address)` when it differs from the name, `:port` when there is one.
    private static func write(_ e: FindingEndpoint, to out: ByteWriter) {
        out.write(e.name)
        if let a = e.address, a != e.name {
            out.write(" (" as StaticString)
            out.write(a)
            out.write(byte: UInt8(ascii: ")"))
        }
        if let p = e.port {
            out.write(byte: UInt8(ascii: ":"))
            out.write(Int(p))
        }
    }

    /// The evidence's facts, comma-separated: unknown counts, packets, bytes, flows, positions, source.
    private static func write(_ e: Evidence, to out: ByteWriter) {
        var first = true
        func next() {
            if !first { out.write(", " as StaticString) }
            first = false
        }
        if !e.countsKnown {
            next()
            out.write("packets and bytes unknown" as StaticString)
        }
        if e.packets > 0 {
            next()
            out.write(e.packets)
            out.write(" packets" as StaticString)
        }
        if e.bytes > 0 {
            next()
            out.write(Units.formatBytes(Double(e.bytes)))
        }
        if e.flows > 1 {
            next()
            out.write(e.flows)
            out.write(" flows" as StaticString)
        }
        if let firstPacket = e.firstPacket {
            next()
            out.write(e.positions ?? "frame")
            if let last = e.lastPacket, last != firstPacket {
                out.write("s " as StaticString)
                out.write(firstPacket)
                out.write(byte: UInt8(ascii: "-"))
                out.write(last)
            } else {
                out.write(byte: UInt8(ascii: " "))
                out.write(firstPacket)
            }
        }
        if let source = e.source {
            next()
            out.write("in " as StaticString)
            out.write(source)
        }
    }
}
