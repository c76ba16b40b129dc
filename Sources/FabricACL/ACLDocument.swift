import Documents
import InterlockCore

/// Interlock's YAML form of fabric ACLs: documents of `kind: FabricACL`.
///
/// ```yaml
/// apiVersion: interlock.dev/v1
/// kind: FabricACL
/// metadata: {name: storage-protocols-only}
/// spec:
///   attachTo: {plane: storage}        # or {switch: storage-leaf01}
///   defaultAction: deny               # what no rule matches gets; default deny (switch ACLs end in an implicit deny)
///   rules:
///   - name: nfs                       # optional
///     action: permit                  # permit | deny
///     protocol: TCP                   # TCP, UDP, SCTP, ICMP, GRE, a number, or any (the default)
///     source: 10.0.0.0/8              # default 0.0.0.0/0
///     destination: 10.20.0.0/16
///     sourcePorts: 1024-65535         # N or N-M; default all
///     destinationPorts: 2049
/// ```
public enum ACLDocument {
    /// The `kind` this reader takes.
    public static let kind = "FabricACL"

    /// Reads every `FabricACL` document; documents of other kinds are left for other readers.
    public static func acls(from documents: [Document]) throws(InputError) -> [ACL] {
        var out: [ACL] = []
        for doc in documents {
            let c = doc.cursor
            guard let kind = c.optional("kind"), (try? kind.string()) == ACLDocument.kind else { continue }
            out.append(try acl(c))
        }
        return out
    }

    static func acl(_ c: Cursor) throws(InputError) -> ACL {
        try c.rejectUnknownKeys(["apiVersion", "kind", "metadata", "spec"], in: "FabricACL")
        let name = try c.required("metadata").required("name").string()
        let spec = try c.required("spec")
        try spec.rejectUnknownKeys(["attachTo", "defaultAction", "rules"], in: "FabricACL spec")
        var attachment = ACL.Attachment.none
        if let at = spec.optional("attachTo") {
            try at.rejectUnknownKeys(["plane", "switch"], in: "attachTo")
            if let plane = at.optional("plane") {
                let p = try plane.string()
                guard ["compute", "frontend", "storage", "oob"].contains(p) else {
                    throw plane.error(
                        "unknown plane '\(InputError.excerpt(p))' (expected compute, frontend, storage or oob)")
                }
                attachment = .plane(p)
            } else if let sw = at.optional("switch") {
                attachment = .switchNamed(try sw.string())
            } else {
                throw at.error("attachTo needs 'plane' or 'switch'")
            }
        }
        let defaultAction = try spec.optional("defaultAction").map { d throws(InputError) in try action(d) } ?? .deny
        var rules: [ACLRule] = []
        for r in try spec.required("rules").array() { rules.append(try rule(r)) }
        return ACL(
            name: name, attachment: attachment, rules: rules, defaultAction: defaultAction,
            location: SourceLocation(file: c.file, line: c.mark.line, column: c.mark.column))
    }

    static func action(_ c: Cursor) throws(InputError) -> ACLRule.Action {
        let text = try c.string()
        guard let a = ACLRule.Action(rawValue: text.lowercased()) else {
            throw c.error("unknown action '\(InputError.excerpt(text))' (expected permit or deny)")
        }
        return a
    }

    static func rule(_ c: Cursor) throws(InputError) -> ACLRule {
        try c.rejectUnknownKeys(
            [
                "name", "action", "protocol", "source", "destination", "sourcePorts",
                "destinationPorts",
            ], in: "ACL rule")
        func prefix(_ key: String) throws(InputError) -> IPv4CIDR {
            guard let v = c.optional(key) else { return IPv4CIDR(.zero, prefixLength: 0) }
            let text = try v.string()
            guard let cidr = IPv4CIDR(text, strict: true) else {
                throw v.error("invalid IPv4 CIDR '\(InputError.excerpt(text))' (host bits must be zero)")
            }
            return cidr
        }
        func ports(_ key: String) throws(InputError) -> PortRange {
            guard let v = c.optional(key) else { return .all }
            let text = try v.string()
            guard let range = PortRange(text) else {
                throw v.error("invalid port or range '\(InputError.excerpt(text))'")
            }
            return range
        }
        var value: UInt8 = 0
        var mask: UInt8 = 0
        if let p = c.optional("protocol") {
            let text = try p.string()
            if text.lowercased() != "any" {
                guard let proto = IPProtocol(name: text) else {
                    throw p.error("unknown protocol '\(InputError.excerpt(text))'")
                }
                value = proto.rawValue
                mask = 0xFF
            }
        }
        return ACLRule(
            source: try prefix("source"), destination: try prefix("destination"),
            sourcePorts: try ports("sourcePorts"), destinationPorts: try ports("destinationPorts"),
            protocolValue: value, protocolMask: mask, action: try action(try c.required("action")),
            location: SourceLocation(file: c.file, line: c.mark.line, column: c.mark.column),
            remark: try c.optional("name")?.string())
    }
}
