import InterlockCore

/// Every finding of a run, sorted, with what the reader must know about the run itself.
///
/// Invariant: `findings` is in `Finding.reportOrder`.
public struct FindingsReport: Sendable {
    /// The findings, in report order (set through `init` and `add`, which sort).
    public private(set) var findings: [Finding]
    /// Warnings that qualify every result (`incomplete: ...` when policy kinds were not evaluated).
    public var warnings: [String]
    /// Named figures of the run (packets read, flows simulated, ...), in the order given.
    public var figures: [(name: String, value: String)]

    /// A report of `findings`, sorted into report order (stable for equal keys).
    public init(findings: [Finding] = [], warnings: [String] = [], figures: [(name: String, value: String)] = []) {
        self.findings = Finding.sortedForReport(findings)
        self.warnings = warnings
        self.figures = figures
    }

    /// Adds findings and sorts them all again into report order.
    public mutating func add(_ more: [Finding]) {
        findings = Finding.sortedForReport(findings + more)
    }

    /// Counts by (kind, severity), sorted by kind then severity (most severe first).
    public var counts: [(kind: FindingKind, severity: Severity, count: Int)] {
        var byKey: [FindingKind: [Severity: Int]] = [:]
        for f in findings { byKey[f.kind, default: [:]][f.severity, default: 0] += 1 }
        return byKey.keys.sorted().flatMap { kind in
            byKey[kind]!.keys.sorted(by: >).map { (kind, $0, byKey[kind]![$0]!) }
        }
    }

    /// The number of findings at or above `severity`.
    public func count(atLeast severity: Severity) -> Int {
        findings.filter { $0.severity >= severity }.count
    }
}
