import InterlockCore
import Manifests

/// A verdict with the names of its endpoints, ready to print as text or JSON.
public struct VerdictReport: Sendable {
    /// The question that was asked.
    public var query: Query
    /// The source as the report names it.
    public var source: String
    /// The destination as the report names it.
    public var destination: String
    /// The answer, with its steps.
    public var verdict: Verdict
    /// Warnings that qualify every result (unevaluated policy kinds, ...).
    public var warnings: [String]
    /// The evaluation profile; JSON names it unless it is the default.
    public var profile = EvaluationOptions.Profile.interlock

    /// A report naming the endpoints of `query` as `inventory` describes them.
    public init(query: Query, verdict: Verdict, inventory: Inventory, warnings: [String]) {
        self.query = query
        self.verdict = verdict
        self.source = inventory.describe(query.source)
        self.destination = inventory.describe(query.destination)
        self.warnings = warnings
    }

    /// The warning of an allowance subject to L7 rules, or none.
    var l7Warnings: [String] {
        let rules = verdict.subjectToL7
        guard !rules.isEmpty else { return [] }
        return [
            "\(Self.subjectToL7): \(Array(Set(rules)).sorted().joined(separator: "; "))"
        ]
    }

    /// The distinct verdict of a connection allowed at L4 only subject to L7 rules.
    public static let subjectToL7 = "allowed at L4, subject to an L7 rule Interlock does not evaluate"

    var traffic: String {
        let from = query.sourcePort.map { " from port \($0)" } ?? ""
        return (query.port.map { "\(query.proto) \($0)" } ?? "\(query.proto)") + from
    }

    /// `allowed` or `denied`, then with `explain` the steps of each side.
    public func text(explain: Bool) -> String {
        var out = (verdict.allowed ? "allowed" : "denied") + "\n"
        let warnings = l7Warnings + warnings
        guard explain else {
            return out + verdict.notes.map { "note: \($0)\n" }.joined() + warnings.map { "warning: \($0)\n" }.joined()
        }
        out += "\(source) => \(destination) \(traffic) on the \(query.network) network\n"
        for side in [verdict.egress, verdict.ingress] {
            let whose = side.direction == .egress ? source : destination
            out += "\(side.direction.rawValue) of \(whose): \(side.allowed ? "allowed" : "denied")\n"
            out += side.steps.map { "  \($0)\n" }.joined()
        }
        out += verdict.notes.map { "note: \($0)\n" }.joined()
        return out + warnings.map { "warning: \($0)\n" }.joined()
    }

    /// The verdict as JSON: the answer, network, endpoints, protocol and port, each side's steps, whether it
    /// is enforced, notes and warnings.
    public var json: JSON {
        var fields: [(String, JSON)] = [
            ("allowed", .bool(verdict.allowed)), ("network", .string(query.network.description)),
            ("source", .string(source)), ("destination", .string(destination)),
            ("protocol", .string(query.proto.description)),
        ]
        if let port = query.port { fields.append(("port", .int(Int(port)))) }
        if let port = query.sourcePort { fields.append(("sourcePort", .int(Int(port)))) }
        fields += [
            ("egress", verdict.egress.json), ("ingress", verdict.ingress.json),
            ("enforced", .bool(verdict.enforced)), ("notes", .array(verdict.notes.map(JSON.string))),
            ("warnings", .array(warnings.map(JSON.string))),
        ]
        if profile != .interlock { fields.append(("profile", .string(profile.rawValue))) }
        if !verdict.subjectToL7.isEmpty {
            fields.insert(("verdict", .string("allowed-subject-to-l7")), at: 1)
            fields.append(("subjectToL7", .array(Array(Set(verdict.subjectToL7)).sorted().map(JSON.string))))
        }
        return .object(fields)
    }
}
