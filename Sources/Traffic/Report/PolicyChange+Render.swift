import InterlockCore

extension PolicyChange {
    /// The rows as a table: from job, to job, verdict before and after, flows, bytes, the rule that
    /// stops the flows and where it is written; every line starts with `indent`.
    public func table(indent: String = "") -> String {
        var table = TextTable(
            headers: ["from job", "to job", "before", "after", "flows", "bytes", "rule", "at"],
            alignments: [.left, .left, .left, .left, .right, .right, .left, .left])
        for r in rows {
            table.append([
                r.sourceJob, r.destinationJob, r.before.description, r.after.description, String(r.flows),
                Units.formatBytes(r.bytes), r.rule, r.location?.description ?? "",
            ])
        }
        return table.render(indent: indent)
    }

    /// The rows as JSON objects: `from`, `to`, `before`, `after`, `flows`, `bytes`, `rule`, `location`.
    public var json: JSON {
        .array(
            rows.map { c in
                .object([
                    ("from", .string(c.sourceJob)), ("to", .string(c.destinationJob)),
                    ("before", .string(c.before.description)),
                    ("after", .string(c.after.description)), ("flows", .int(c.flows)), ("bytes", .double(c.bytes)),
                    ("rule", .string(c.rule)), ("location", c.location?.json ?? .null),
                ])
            })
    }
}
