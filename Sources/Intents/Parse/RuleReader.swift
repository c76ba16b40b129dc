import Documents
import Findings
import InterlockCore
import Manifests
import Policy

/// Reads the rules of a `SegmentationIntents` document.
enum RuleReader {
    static func rule(_ c: Cursor, pack: String?) throws(InputError) -> IntentRule {
        try c.rejectUnknownKeys(
            ["id", "deny", "allowOnly", "require", "on", "severity", "description", "references"], in: "rule")
        let id = try c.required("id").string()
        guard ZoneReader.isValidName(id) else { throw c["id"]!.error("invalid rule id '\(InputError.excerpt(id))'") }
        let bodies = IntentRule.Kind.allCases.compactMap { k in c.optional(k.rawValue).map { (k, $0) } }
        guard bodies.count == 1, let (kind, body) = bodies.first else {
            throw c.error("rule '\(id)' needs exactly one of deny, allowOnly, require")
        }
        var rule = IntentRule(id: id, kind: kind, location: c.location, pack: pack)
        switch kind {
        case .deny:
            try body.rejectUnknownKeys(["from", "to", "between", "traffic"], in: "deny")
            if let between = body.optional("between") {
                guard body.optional("from") == nil && body.optional("to") == nil else {
                    throw between.error("'between' replaces 'from' and 'to'")
                }
                rule.between = try between.stringList()
                guard rule.between.count >= 2 || rule.between == [IntentSet.tenantFamily] else {
                    throw between.error("'between' needs at least two zones (or '\(IntentSet.tenantFamily)')")
                }
            } else {
                rule.from = try zones(body, "from", required: true)
                rule.to = try zones(body, "to", required: true)
            }
        case .allowOnly:
            try body.rejectUnknownKeys(["from", "to", "traffic", "ports"], in: "allowOnly")
            rule.to = try zones(body, "to", required: true)
            rule.from = try zones(body, "from", required: false)
            if let ports = body.optional("ports") { rule.ports = try TrafficSpec.read(ports) }
            guard !rule.from.isEmpty || rule.ports != nil else {
                throw body.error(
                    "allowOnly needs 'from' (the zones allowed to send) or 'ports' (the traffic allowed), or both")
            }
        case .require:
            try body.rejectUnknownKeys(["from", "to", "traffic"], in: "require")
            rule.from = try zones(body, "from", required: true)
            rule.to = try zones(body, "to", required: true)
        }
        if let traffic = body.optional("traffic") { rule.traffic = try TrafficSpec.read(traffic) }
        if let on = c.optional("on") { rule.views = try views(on) }
        if let s = c.optional("severity") { rule.severity = try severity(s) }
        rule.description = try c.optional("description")?.string() ?? ""
        rule.references = try c.optional("references")?.stringList() ?? []
        return rule
    }

    /// Zone names under `key` (a name or a list); `any` stands alone and means every endpoint.
    private static func zones(_ body: Cursor, _ key: String, required: Bool) throws(InputError) -> [String] {
        guard let v = body.optional(key) else {
            if required { throw body.error("missing required field '\(key)'") }
            return []
        }
        let names = try v.stringList()
        guard !names.isEmpty else { throw v.error("'\(key)' needs at least one zone") }
        if names.contains("any") {
            guard names.count == 1 else { throw v.error("'any' already means every endpoint") }
            return []
        }
        return names
    }

    static func severity(_ c: Cursor) throws(InputError) -> Severity {
        let text = try c.string()
        guard let s = Severity(rawValue: text.lowercased()) else {
            throw c.error("unknown severity '\(InputError.excerpt(text))' (expected high, medium, low or info)")
        }
        return s
    }

    private static func views(_ c: Cursor) throws(InputError) -> [ViewName] {
        var out: [ViewName] = []
        for name in try c.stringList() {
            switch name {
            case "kubernetes": out.append(.allKubernetes)
            case "fabric": out.append(.allFabric)
            case "compute", "frontend", "storage", "oob": out.append(.plane(name))
            case "pod": out.append(.network(.pod))
            default:
                guard name.contains("/") else {
                    throw c.error(
                        "unknown view '\(name)' (expected pod, a NetworkAttachmentDefinition namespace/name, compute, frontend, storage, oob, kubernetes or fabric)"
                    )
                }
                out.append(.network(.attachment(name)))
            }
        }
        return out
    }
}
