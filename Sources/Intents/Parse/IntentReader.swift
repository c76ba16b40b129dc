import Documents
import FabricACL
import InterlockCore

/// Reads intents files: `SegmentationIntents` (zones, rules, packs), `FabricSegmentation`
/// (partitions, VRFs) and `FabricACL` documents, and merges the packs they name.
///
/// ```yaml
/// apiVersion: interlock.dev/v1
/// kind: SegmentationIntents
/// metadata: {name: demo}
/// spec:
///   packs: [{name: ai-infra-baseline, storageProtocols: [TCP/9000], exclude: [kubelet-api]}]
///   zones:
///   - {name: trainers, namespace: training, podLabels: {app: trainer}}
///   rules:
///   - id: no-notebook-internet
///     deny: {from: notebook, to: internet}
///     severity: high
/// ```
public enum IntentReader {
    /// The `kind` of intents documents.
    public static let kind = "SegmentationIntents"
    static let apiVersion = "interlock.dev/v1"

    /// Reads every document; packs are looked up in `packs`.
    ///
    /// - Throws: `InputError` at the line at fault: a document of another kind or apiVersion, an unknown
    ///   pack, a zone or rule id defined twice, a rule naming a zone that does not exist, a malformed field.
    public static func read(documents: [Document], packs: [IntentPack] = IntentPack.builtin) throws(InputError)
        -> IntentSet
    {
        var set = IntentSet()
        var user = Parsed()
        for doc in documents {
            let c = doc.cursor
            guard c.isMapping else { throw c.error("expected a mapping with 'kind'") }
            let kindCursor = try c.required("kind")
            switch try kindCursor.string() {
            case kind: try read(c, pack: nil, into: &user)
            case SegmentationReader.kind: try SegmentationReader.read(c, into: &set.segmentation)
            case ACLDocument.kind: set.acls += try ACLDocument.acls(from: [doc])
            case let other:
                throw kindCursor.error(
                    "unknown kind '\(other)' in an intents file (expected \(kind), \(SegmentationReader.kind) or \(ACLDocument.kind))"
                )
            }
        }
        var zones = user.zones
        var rules = user.rules
        for use in user.packs {
            guard let pack = packs.first(where: { $0.name == use.name }) else {
                throw (use.cursor["name"] ?? use.cursor).error(
                    "unknown pack '\(use.name)' (known: \(packs.map(\.name).joined(separator: ", ")))")
            }
            let merged = try pack.instantiate(use)
            // A zone the user defines replaces the pack's zone of that name.
            zones += merged.zones.filter { z in !zones.contains { $0.name == z.name } }
            rules += merged.rules
            set.packs.append("\(pack.name) (\(use.cursor.location))")
            set.tenantLabel = use.tenantLabel ?? set.tenantLabel
        }
        if set.tenantLabel == nil && rules.contains(where: { $0.between == [IntentSet.tenantFamily] }) {
            set.tenantLabel = IntentSet.defaultTenantLabel
        }
        try validate(zones: zones, rules: rules, tenants: set.tenantLabel != nil)
        set.zones = zones
        set.rules = rules
        return set
    }

    /// What one document (or a pack's text) holds.
    struct Parsed {
        var zones: [Zone] = []
        var rules: [IntentRule] = []
        var packs: [PackUse] = []
    }

    static func read(_ c: Cursor, pack: String?, into parsed: inout Parsed) throws(InputError) {
        try c.rejectUnknownKeys(["apiVersion", "kind", "metadata", "spec"], in: kind)
        if let v = c.optional("apiVersion"), try v.string() != apiVersion {
            throw v.error("unsupported apiVersion '\(InputError.excerpt(try v.string()))' (expected \(apiVersion))")
        }
        let spec = try c.required("spec")
        try spec.rejectUnknownKeys(["packs", "zones", "rules"], in: "\(kind) spec")
        for p in try spec.optional("packs")?.array() ?? [] {
            guard pack == nil else { throw p.error("a pack cannot use other packs") }
            parsed.packs.append(try PackUse.read(p))
        }
        for z in try spec.optional("zones")?.array() ?? [] {
            let zone = try ZoneReader.zone(z, pack: pack)
            if let previous = parsed.zones.first(where: { $0.name == zone.name }) {
                throw z.error("zone '\(zone.name)' is already defined at \(previous.location)")
            }
            parsed.zones.append(zone)
        }
        for r in try spec.optional("rules")?.array() ?? [] {
            let rule = try RuleReader.rule(r, pack: pack)
            if let previous = parsed.rules.first(where: { $0.id == rule.id }) {
                throw r.error("rule id '\(rule.id)' is already used at \(previous.location)")
            }
            parsed.rules.append(rule)
        }
    }

    /// Every zone a rule names exists (tenant zones are made later, from the inventory).
    static func validate(zones: [Zone], rules: [IntentRule], tenants: Bool) throws(InputError) {
        let names = Set(zones.map(\.name))
        var ids: [String: SourceLocation] = [:]
        for rule in rules {
            if let previous = ids[rule.id] {
                throw InputError(
                    file: rule.location.file, line: rule.location.line, column: rule.location.column,
                    "rule id '\(rule.id)' is already used at \(previous)")
            }
            ids[rule.id] = rule.location
            for name in rule.from + rule.to + rule.between where !names.contains(name) {
                if name == IntentSet.tenantFamily && rule.between == [name] { continue }
                if name.hasPrefix(IntentSet.tenantZonePrefix) && tenants { continue }
                throw InputError(
                    file: rule.location.file, line: rule.location.line, column: rule.location.column,
                    "rule '\(rule.id)' names unknown zone '\(name)' (defined: \(names.sorted().joined(separator: ", ")))"
                )
            }
        }
    }
}
