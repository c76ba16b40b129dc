import Findings
import InterlockCore
import Policy

/// One pair of groups that breaks a rule on one view, with the member pair that stands for it.
struct Violation {
    enum Mode {
        /// Traffic a `deny` forbids is allowed.
        case denied
        /// Traffic into an `allowOnly` zone comes from a zone not allowed to send it.
        case sourceNotAllowed
        /// Traffic into an `allowOnly` zone uses a port outside the allowed ones.
        case portNotAllowed
        /// Connectivity a `require` asks for is missing.
        case missing
    }

    var rule: Int
    var space: Int
    var mode: Mode
    var sourceGroup: Int
    var destinationGroup: Int
    var source: Int
    var destination: Int
    /// The offending traffic (allowed but forbidden, or required but missing).
    var traffic: ConnectionSet
}

/// Violations of one rule on one view that the same line is responsible for: one finding.
struct ViolationBundle {
    var rule: Int
    var space: Int
    var mode: Violation.Mode
    var responsible: SourceLocation?
    var witness: Violation
    var reasons: [FindingReason]
    var violations: [Violation] = []
}
