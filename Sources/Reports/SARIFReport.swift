import Findings
import Foundation
import InterlockCore

/// Findings as SARIF 2.1.0 (OASIS), in the shape GitHub code scanning accepts: one run, the rules
/// in `tool.driver.rules` with help text, every result located at the file and line responsible
/// (the policy rule, ACL entry or partition that lets the traffic through, else the intent), with
/// the other lines of its explanation as related locations.
public enum SARIFReport {
    /// The `$schema` the log names: SchemaStore's copy of the OASIS SARIF 2.1.0 schema.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The SARIF version the log declares.
    public static let version = "2.1.0"

    /// The SARIF log. Locations in pseudo-files (`builtin:...`) and findings without one are placed
    /// at `fallback` (the scenario file), since code scanning needs a file for every result.
    ///
    /// - Parameters:
    ///   - rules: The rules findings refer to by `ruleID`, listed first in `tool.driver.rules`; any
    ///     other rule id (or, without one, finding kind) gets a generic rule after them.
    ///   - toolVersion: The driver's `version` and `semanticVersion`.
    ///   - workingDirectory: Files under it are named relative to it with `uriBaseId` `%SRCROOT%`;
    ///     other absolute paths become `file://` URIs.
    /// - Returns: The log, ready to serialize: one run, results in report order, each with a stable
    ///   `partialFingerprints` entry (`interlockFinding/v1`).
    public static func render(
        _ report: FindingsReport, rules: [ReportRule], toolVersion: String,
        fallback: SourceLocation?, workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> JSON {
        var known = rules
        for f in report.findings where !known.contains(where: { $0.id == (f.ruleID ?? f.kind.rawValue) }) {
            known.append(
                ReportRule(
                    id: f.ruleID ?? f.kind.rawValue, summary: "Interlock finding: \(f.kind.rawValue)",
                    help: "Findings of kind \(f.kind.rawValue); see the README's report schema.", severity: f.severity))
        }
        let index = Dictionary(known.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let paths = PathStyle(workingDirectory: workingDirectory)
        let results: [JSON] = report.findings.map { f in
            let id = f.ruleID ?? f.kind.rawValue
            let place = usable(f.location) ?? f.reasons.compactMap { usable($0.location) }.first ?? fallback
            var fields: [(String, JSON)] = [
                ("ruleId", .string(id)), ("ruleIndex", .int(index[id]!)),
                ("level", .string(f.severity.sarifLevel)), ("message", .object([("text", .string(message(f)))])),
            ]
            if let place { fields.append(("locations", .array([location(place, paths)]))) }
            var related: [JSON] = []
            for (i, reason) in f.reasons.enumerated() {
                guard let l = usable(reason.location), l != place else { continue }
                guard case .object(var loc) = location(l, paths) else { continue }
                loc.insert(("id", .int(i + 1)), at: 0)
                loc.append(("message", .object([("text", .string("\(reason.side.rawValue): \(reason.text)"))])))
                related.append(.object(loc))
            }
            if !related.isEmpty { fields.append(("relatedLocations", .array(related))) }
            fields.append(("partialFingerprints", .object([("interlockFinding/v1", .string(fingerprint(f)))])))
            var properties: [(String, JSON)] = [
                ("kind", .string(f.kind.rawValue)), ("severity", .string(f.severity.rawValue)),
            ]
            if let n = f.network { properties.append(("network", .string(n))) }
            fields.append(("properties", .object(properties)))
            return .object(fields)
        }
        let driver: [(String, JSON)] = [
            ("name", "interlock"), ("version", .string(toolVersion)), ("semanticVersion", .string(toolVersion)),
            ("rules", .array(known.map(rule))),
        ]
        return .object([
            ("$schema", .string(schemaURI)),
            ("version", .string(version)),
            (
                "runs",
                .array([
                    .object([
                        ("tool", .object([("driver", .object(driver))])),
                        ("columnKind", "unicodeCodePoints"),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
    }

    private static func rule(_ r: ReportRule) -> JSON {
        .object([
            ("id", .string(r.id)),
            ("name", .string(pascalCase(r.id))),
            ("shortDescription", .object([("text", .string(r.summary))])),
            ("fullDescription", .object([("text", .string(r.summary))])),
            ("help", .object([("text", .string(r.help)), ("markdown", .string(r.help))])),
            ("defaultConfiguration", .object([("level", .string(r.severity.sarifLevel))])),
            (
                "properties",
                .object([
                    ("tags", .array(["security", "network-segmentation"])),
                    ("precision", "high"),
                    ("security-severity", .string(r.severity.securitySeverity)),
                ])
            ),
        ])
    }

    /// The result's message: the title, then the witness connection.
    private static func message(_ f: Finding) -> String {
        var text = f.title
        if let s = f.source, let d = f.destination {
            text +=
                " (witness: \(s.name) → \(d.name)\(d.port.map { ":\($0)" } ?? "")\(f.proto.map { " \($0)" } ?? "")\(f.network.map { " on \($0)" } ?? ""))"
        }
        return text
    }

    private static func usable(_ l: SourceLocation?) -> SourceLocation? {
        guard let l, !l.file.hasPrefix("builtin:"), l.file != "-" else { return nil }
        return l
    }

    private static func location(_ l: SourceLocation, _ paths: PathStyle) -> JSON {
        var artifact: [(String, JSON)] = [("uri", .string(paths.uri(l.file)))]
        if !paths.isAbsolute(l.file) { artifact.append(("uriBaseId", "%SRCROOT%")) }
        return .object([
            (
                "physicalLocation",
                .object([
                    ("artifactLocation", .object(artifact)),
                    (
                        "region",
                        .object([("startLine", .int(max(1, l.line))), ("startColumn", .int(max(1, l.column)))])
                    ),
                ])
            )
        ])
    }

    /// `ai-infra-baseline/oob-only-from-management` → `AiInfraBaselineOobOnlyFromManagement`.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// A stable identity of a finding across runs (FNV-1a 64 over rule, kind, endpoints and network).
    static func fingerprint(_ f: Finding) -> String {
        let key = [
            f.ruleID ?? "", f.kind.rawValue, f.source?.name ?? "", f.destination?.name ?? "", f.network ?? "", f.title,
        ].joined(separator: "\u{1F}")
        return String(HashMix.FNV1a(key).value, radix: 16)
    }
}

/// How files are named in SARIF: relative to the repository (the working directory) with
/// `%SRCROOT%`, or as `file://` URIs when outside it.
struct PathStyle {
    let workingDirectory: String

    func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") && !path.hasPrefix(workingDirectory + "/") }

    func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix(workingDirectory + "/") { p = String(p.dropFirst(workingDirectory.count + 1)) }
        while p.hasPrefix("./") { p = String(p.dropFirst(2)) }
        let encoded = p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p
        return p.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
