import InterlockCore

extension FindingsReport {
    /// The report as JSON: `{"summary": {...}, "findings": [...], "warnings": [...]}` (schema in README).
    public var json: JSON {
        .object([
            ("summary", summaryJSON), ("findings", .array(findings.map(\.json))),
            ("warnings", .array(warnings.map { .string($0) })),
        ])
    }

    /// Writes the members of `json` (`summary`, `findings`, `warnings`) into the innermost open object
    /// of `out`, byte for byte as the value serializes, one finding a record.
    public func writeJSONMembers(to out: ByteWriter) {
        out.key("summary")
        out.json(summaryJSON)
        out.key("findings")
        out.arrayStart()
        for f in findings {
            out.element()
            f.write(json: out)
            out.recordEnd()
        }
        out.arrayEnd()
        out.key("warnings")
        out.json(.array(warnings.map { .string($0) }))
    }

    /// `{"findings", "bySeverity", "byKind", "figures"}`: the counts and the run's figures.
    private var summaryJSON: JSON {
        .object([
            ("findings", .int(findings.count)),
            (
                "bySeverity",
                .object(
                    Severity.allCases.reversed().map { s in
                        (s.rawValue, .int(findings.filter { $0.severity == s }.count))
                    })
            ),
            (
                "byKind",
                .object(
                    counts.reduce(into: [(String, JSON)]()) { acc, c in
                        if let i = acc.firstIndex(where: { $0.0 == c.kind.rawValue }), case .int(let n) = acc[i].1 {
                            acc[i].1 = .int(n + c.count)
                        } else {
                            acc.append((c.kind.rawValue, .int(c.count)))
                        }
                    })
            ),
            ("figures", .object(figures.map { ($0.name, .string($0.value)) })),
        ])
    }
}

extension Finding {
    /// One finding as JSON; absent facts are omitted.
    public var json: JSON {
        var fields: [(String, JSON)] = [
            ("kind", .string(kind.rawValue)), ("severity", .string(severity.rawValue)),
            ("title", .string(title)),
        ]
        if let source { fields.append(("source", source.json)) }
        if let destination { fields.append(("destination", destination.json)) }
        if let proto { fields.append(("protocol", .string(proto))) }
        if let network { fields.append(("network", .string(network))) }
        if let ruleID { fields.append(("ruleId", .string(ruleID))) }
        if let location { fields.append(("location", location.json)) }
        fields.append(
            (
                "reasons",
                .array(
                    reasons.map { r in
                        var f: [(String, JSON)] = [("side", .string(r.side.rawValue)), ("text", .string(r.text))]
                        if let l = r.location { f.append(("location", l.json)) }
                        return .object(f)
                    })
            ))
        if let e = evidence {
            var f: [(String, JSON)] = [
                ("packets", CountField.json(e.packets, known: e.countsKnown)),
                ("bytes", CountField.json(e.bytes, known: e.countsKnown)), ("flows", .int(e.flows)),
            ]
            if let v = e.positions { f.append(("positions", .string(v))) }
            if let v = e.firstPacket { f.append(("firstPacket", .int(v))) }
            if let v = e.lastPacket { f.append(("lastPacket", .int(v))) }
            if let v = e.firstTimestamp { f.append(("firstTimestampNs", .int(Int(v)))) }
            if let v = e.lastTimestamp { f.append(("lastTimestampNs", .int(Int(v)))) }
            if let v = e.source { f.append(("source", .string(v))) }
            if !e.connections.isEmpty { f.append(("connections", .array(e.connections.map { .int($0) }))) }
            if let v = e.displayFilter { f.append(("displayFilter", .string(v))) }
            fields.append(("evidence", .object(f)))
        }
        return .object(fields)
    }
}

extension FindingEndpoint {
    var json: JSON {
        var f: [(String, JSON)] = [("name", .string(name))]
        if let address { f.append(("address", .string(address))) }
        if let port { f.append(("port", .int(Int(port)))) }
        return .object(f)
    }
}

extension SourceLocation {
    /// `{"file": ..., "line": ..., "column": ...}`.
    public var json: JSON { .object([("file", .string(file)), ("line", .int(line)), ("column", .int(column))]) }
}
