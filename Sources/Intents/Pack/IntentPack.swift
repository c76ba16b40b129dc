import Documents
import Findings
import InterlockCore
import Policy

/// A named set of zones and rules written as a `SegmentationIntents` document, which an intents file
/// puts in force with `packs: [{name: ...}]`.
public struct IntentPack: Sendable {
    /// The name a `packs:` entry uses (`ai-infra-baseline`).
    public var name: String
    /// The pack as YAML (`kind: SegmentationIntents`).
    public var text: String
    /// The rule whose `ports` a use's `storageProtocols` extends.
    var storageRule: String?

    /// The packs Interlock ships.
    public static let builtin: [IntentPack] = [AIInfraBaseline.pack]

    /// The pseudo-file the pack's own locations point into.
    public var file: String { "builtin:\(name)" }

    /// The pack's zones and rules as one use configures them. Rule ids become `pack/id`; rules are
    /// located at the line that names the pack (that is where they are in force).
    func instantiate(_ use: PackUse) throws(InputError) -> IntentReader.Parsed {
        let documents = try SourceLoader.documents(bytes: Array(text.utf8), file: file)
        var parsed = IntentReader.Parsed()
        for doc in documents { try IntentReader.read(doc.cursor, pack: name, into: &parsed) }
        let ids = Set(parsed.rules.map(\.id))
        for (id, c) in use.mentionedRules where !ids.contains(id) {
            throw c.error("pack \(name) has no rule '\(id)' (rules: \(ids.sorted().joined(separator: ", ")))")
        }
        var rules: [IntentRule] = []
        for var rule in parsed.rules where !use.exclude.contains(rule.id) {
            if let s = use.severities[rule.id] { rule.severity = s }
            if let extra = use.allow[rule.id] {
                guard rule.kind == .allowOnly, !rule.from.isEmpty else {
                    throw use.cursor.error("'allow' adds sources to allowOnly rules with 'from'; \(rule.id) is not one")
                }
                rule.from += extra.filter { !rule.from.contains($0) }
            }
            if rule.id == storageRule, let more = use.storageProtocols {
                rule.ports = (rule.ports ?? .none).union(more)
            }
            rule.definedAt = rule.location
            rule.location = use.cursor.location
            rule.id = "\(name)/\(rule.id)"
            rules.append(rule)
        }
        parsed.rules = rules
        return parsed
    }
}

/// An intents file's use of a pack, with its parameters.
struct PackUse {
    var name: String
    var cursor: Cursor
    /// Rule ids (without the pack prefix) left out.
    var exclude: Set<String> = []
    var severities: [String: Severity] = [:]
    /// Zones added to the allowed sources of allowOnly rules, by rule id.
    var allow: [String: [String]] = [:]
    /// Extra storage protocols for the pack's storage rule.
    var storageProtocols: ConnectionSet?
    var tenantLabel: String?
    /// Every rule id the use names, with where, for validation.
    var mentionedRules: [(String, Cursor)] = []

    static func read(_ c: Cursor) throws(InputError) -> PackUse {
        if !c.isMapping { return PackUse(name: try c.string(), cursor: c) }
        try c.rejectUnknownKeys(
            ["name", "exclude", "severity", "allow", "storageProtocols", "tenantLabel"], in: "pack")
        var use = PackUse(name: try c.required("name").string(), cursor: c)
        if let e = c.optional("exclude") {
            for (i, id) in try e.stringList().enumerated() {
                use.exclude.insert(id)
                use.mentionedRules.append((id, try e.itemCursor(i)))
            }
        }
        for (id, v) in try c.optional("severity")?.entries() ?? [] {
            use.severities[id] = try RuleReader.severity(v)
            use.mentionedRules.append((id, v))
        }
        for (id, v) in try c.optional("allow")?.entries() ?? [] {
            use.allow[id] = try v.stringList()
            use.mentionedRules.append((id, v))
        }
        if let s = c.optional("storageProtocols") { use.storageProtocols = try TrafficSpec.read(s) }
        use.tenantLabel = try c.optional("tenantLabel")?.string()
        return use
    }
}
