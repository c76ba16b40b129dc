import InterlockCore
import Manifests

/// One thing a user wants to hear about before applying policies, at the line it concerns.
public struct LintFinding: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The line the finding concerns.
    public var location: SourceLocation
    /// A short stable name of the check (`empty-peer`, `selects-nothing`, ...).
    public var check: String
    /// What is wrong and, where it helps, what to do instead.
    public var message: String

    /// `file:line: check: message`.
    public var description: String { "\(location): \(check): \(message)" }

    /// The finding as a JSON object: `file`, `line`, `column`, `check`, `message`.
    public var json: JSON {
        .object([
            ("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column)),
            ("check", .string(check)), ("message", .string(message)),
        ])
    }

    /// By location, then check name, then message.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.location, lhs.check, lhs.message) < (rhs.location, rhs.check, rhs.message)
    }
}

/// Checks policies against the API's rules and against the inventory they will meet.
///
/// Checks that need workloads (selectors that select nothing, named ports no pod defines) run only
/// when the input has workloads: a directory of policies alone would flag every selector.
public struct PolicyLinter {
    let input: PolicyInput
    var findings: [LintFinding] = []

    /// Every finding for the policies of `input`, sorted. Checks that need workloads run only when `input`
    /// has some.
    public static func lint(_ input: PolicyInput) -> [LintFinding] {
        var linter = PolicyLinter(input: input)
        linter.run()
        return Array(Set(linter.findings)).sorted()
    }

    var inventory: Inventory { input.inventory }
    var hasWorkloads: Bool { !inventory.workloads.isEmpty }

    mutating func add(_ location: SourceLocation, _ check: String, _ message: String) {
        findings.append(LintFinding(location: location, check: check, message: message))
    }

    /// A port name a rule refers to must be an IANA_SVC_NAME, as container ports' names are.
    mutating func lintPortName(_ name: String, at location: SourceLocation, in rule: String) {
        guard !IntOrName.isValidPortName(name) else { return }
        add(
            location, "invalid-port-name",
            "\(rule): '\(InputError.excerpt(name))' is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', a letter among them, no '-' at an end or twice in a row); no container port can have it"
        )
    }

    mutating func run() {
        // What loading tolerated, so that CI can be strict: each at the line it concerns.
        for warning in input.decodeWarnings { add(warning.location, warning.check, warning.message) }
        // A route backend that reaches no pod exposes nothing: a typo in a Service name or port.
        for problem in input.manifests.routeProblems { add(problem.location, "route-backend", problem.message) }
        for policy in input.policies.networkPolicies { lintNetworkPolicy(policy) }
        for policy in input.policies.adminPolicies { lintAdminPolicy(policy) }
        for policy in input.policies.ciliumPolicies { lintCiliumPolicy(policy) }
        lintCalico(input.policies.calico)
        let admin = input.policies.adminPolicies
        for conflict in input.policies.priorityConflicts(in: inventory) {
            // Cite the later policy of the pair (the message names both).
            let located = admin.last { conflict.contains("and \($0.ref) share") }
            add(located?.ref.location ?? admin[0].ref.location, "same-priority", conflict)
        }
    }
}
