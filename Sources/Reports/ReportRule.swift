import Findings
import InterlockCore

/// What a report says about a rule findings refer to by `ruleID` (an intent, or a finding kind).
public struct ReportRule: Sendable {
    /// The rule id findings carry in `ruleID` (or a finding kind's name).
    public var id: String
    /// One line: what the rule requires.
    public var summary: String
    /// Longer help: the practice it encodes and where it is written.
    public var help: String
    /// The rule's default level in SARIF, and its `security-severity`.
    public var severity: Severity
    /// Where the rule is written, when it is in a file.
    public var location: SourceLocation?

    /// A rule as reports describe it.
    public init(id: String, summary: String, help: String, severity: Severity, location: SourceLocation? = nil) {
        self.id = id
        self.summary = summary
        self.help = help
        self.severity = severity
        self.location = location
    }
}

extension Severity {
    /// SARIF's `level`: error, warning or note.
    var sarifLevel: String {
        switch self {
        case .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// GitHub code scanning's `security-severity` (CVSS-like: 7.0+ high, 4.0+ medium, above 0 low).
    var securitySeverity: String {
        switch self {
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "1.0"
        }
    }
}
