import InterlockCore

extension Finding {
    /// Writes `json` to `out` where a value goes, byte for byte as the value serializes, without
    /// building the value (the writer of large reports: `capture analyze` writes 100k findings).
    public func write(json out: ByteWriter) {
        out.objectStart()
        out.field("kind", kind.rawValue)
        out.field("severity", severity.rawValue)
        out.field("title", title)
        if let source { write(endpoint: "source", source, to: out) }
        if let destination { write(endpoint: "destination", destination, to: out) }
        if let proto { out.field("protocol", proto) }
        if let network { out.field("network", network) }
        if let ruleID { out.field("ruleId", ruleID) }
        if let location { write(location: location, to: out) }
        out.key("reasons")
        out.arrayStart()
        for r in reasons {
            out.element()
            out.objectStart()
            out.field("side", r.side.rawValue)
            out.field("text", r.text)
            if let l = r.location { write(location: l, to: out) }
            out.objectEnd()
        }
        out.arrayEnd()
        if let evidence { write(evidence: evidence, to: out) }
        out.objectEnd()
    }

    /// `"evidence": {...}` with the members `json` gives it.
    private func write(evidence e: Evidence, to out: ByteWriter) {
        out.key("evidence")
        out.objectStart()
        if e.countsKnown {
            out.field("packets", e.packets)
            out.field("bytes", e.bytes)
        } else {
            out.field("packets", CountField.unknown)
            out.field("bytes", CountField.unknown)
        }
        out.field("flows", e.flows)
        if let v = e.positions { out.field("positions", v) }
        if let v = e.firstPacket { out.field("firstPacket", v) }
        if let v = e.lastPacket { out.field("lastPacket", v) }
        if let v = e.firstTimestamp { out.field("firstTimestampNs", Int(v)) }
        if let v = e.lastTimestamp { out.field("lastTimestampNs", Int(v)) }
        if let v = e.source { out.field("source", v) }
        if !e.connections.isEmpty {
            out.key("connections")
            out.arrayStart()
            for c in e.connections {
                out.element()
                out.write(c)
            }
            out.arrayEnd()
        }
        if let v = e.displayFilter { out.field("displayFilter", v) }
        out.objectEnd()
    }

    /// `"name": {"name", "address", "port"}` (absent facts omitted).
    private func write(endpoint name: String, _ e: FindingEndpoint, to out: ByteWriter) {
        out.key(name)
        out.objectStart()
        out.field("name", e.name)
        if let address = e.address { out.field("address", address) }
        if let port = e.port { out.field("port", Int(port)) }
        out.objectEnd()
    }

    /// `"location": {"file", "line", "column"}`.
    private func write(location l: SourceLocation, to out: ByteWriter) {
        out.key("location")
        out.objectStart()
        out.field("file", l.file)
        out.field("line", l.line)
        out.field("column", l.column)
        out.objectEnd()
    }
}
