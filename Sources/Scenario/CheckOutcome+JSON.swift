import Findings
import Intents
import InterlockCore
import Traffic

extension CheckOutcome {
    /// The version of the JSON report's layout (README, "Report schema").
    public static let schema = "interlock.check/v1"

    /// The full report as JSON: the findings report (`summary`, `findings`, `warnings`) plus the
    /// scenario's inputs, the rules with their coverage, the zones and the zone matrix.
    public var json: JSON {
        guard case .object(let base) = report.json else { return report.json }
        var fields: [(String, JSON)] = [("schema", .string(Self.schema))]
        var inputs: [(String, JSON)] = [("name", .string(spec.name))]
        if let file = spec.file { inputs.append(("file", .string(file))) }
        if let t = spec.topology { inputs.append(("topology", .string(t))) }
        inputs.append(("manifests", .array(spec.manifests.map { .string($0) })))
        inputs.append(("intents", .array(spec.intents.map { .string($0) })))
        inputs.append(("captures", .array(spec.captures.map { .string($0.path) })))
        inputs.append(("jobs", .array(spec.jobs.map { .string($0.path) })))
        fields.append(("scenario", .object(inputs)))
        fields += base
        fields.append(
            (
                "rules",
                .array(
                    rules.map { rule in
                        let cover = coverage.first { $0.rule == rule.id }
                        var f: [(String, JSON)] = [
                            ("id", .string(rule.id)), ("kind", .string(rule.kind.rawValue)),
                            ("severity", .string(rule.severity.rawValue)), ("description", .string(rule.description)),
                            ("location", rule.location.json),
                        ]
                        if let pack = rule.pack { f.append(("pack", .string(pack))) }
                        f.append(("references", .array(rule.references.map { .string($0) })))
                        f.append(("views", .array((cover?.views ?? []).map { .string($0) })))
                        if let note = cover?.note { f.append(("note", .string(note))) }
                        return .object(f)
                    })
            ))
        fields.append(
            ("zones", .array(zones.map { .object([("name", .string($0.zone)), ("members", .int($0.members))]) })))
        fields.append(
            (
                "matrix",
                .object([
                    ("zones", .array(matrix.zones.map { .string($0) })),
                    (
                        "cells",
                        .array(
                            matrix.cells.map { row in
                                .array(
                                    row.map { c in
                                        .object([
                                            ("pairs", .int(c.pairs)), ("reachable", .int(c.reachable)),
                                            ("violating", .int(c.violating)),
                                        ])
                                    })
                            })
                    ),
                ])
            ))
        return .object(fields)
    }
}
