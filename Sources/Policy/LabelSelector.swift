import Documents
import InterlockCore
import Manifests

/// A Kubernetes label selector: `matchLabels` and `matchExpressions`, ANDed.
///
/// "A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions,
/// whose key field is "key", the operator is "In", and the values array contains only "value". The
/// requirements are ANDed." An empty selector matches everything; whether a *missing* selector
/// matches everything or nothing is decided by the field holding it, not here.
public struct LabelSelector: Hashable, Sendable, CustomStringConvertible {
    /// One requirement; `values` is sorted.
    public struct Requirement: Hashable, Sendable {
        /// A requirement's operator: `In` and `NotIn` compare the value, `Exists` and `DoesNotExist` only the
        /// key.
        public enum Operator: String, Sendable {
            case `in` = "In"
            case notIn = "NotIn"
            case exists = "Exists"
            case doesNotExist = "DoesNotExist"
        }
        /// The label key the requirement is about.
        public var key: String
        /// How the label is tested.
        public var op: Operator
        /// The values for `In` and `NotIn`, sorted; empty for the other operators.
        public var values: [String]

        /// A requirement; `values` is sorted here.
        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values.sorted()
        }

        /// Whether `labels` satisfy the requirement; `NotIn` also holds when the key is absent.
        public func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .in: return labels[key].map { values.contains($0) } ?? false
            // NotIn also matches objects that do not carry the key at all.
            case .notIn: return labels[key].map { !values.contains($0) } ?? true
            case .exists: return labels[key] != nil
            case .doesNotExist: return labels[key] == nil
            }
        }
    }

    /// All requirements, matchLabels first (sorted by key), then matchExpressions in order.
    public var requirements: [Requirement]

    /// A selector of the given requirements (all must hold).
    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// `matchLabels` only.
    public init(matchLabels: [String: String]) {
        requirements = matchLabels.sorted { $0.key < $1.key }.map {
            Requirement(key: $0.key, op: .in, values: [$0.value])
        }
    }

    /// The empty selector, which selects everything.
    public static let everything = LabelSelector(requirements: [])

    /// Whether the selector has no requirement, and so selects everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool { requirements.allSatisfy { $0.matches(labels) } }

    /// `{}` for the empty selector, else `app=web,tier in (a,b),!debug,gpu`.
    public var description: String {
        guard !isEmpty else { return "{}" }
        return requirements.map { r in
            switch r.op {
            case .in where r.values.count == 1: return "\(r.key)=\(r.values[0])"
            case .in: return "\(r.key) in (\(r.values.joined(separator: ",")))"
            case .notIn: return "\(r.key) notin (\(r.values.joined(separator: ",")))"
            case .exists: return r.key
            case .doesNotExist: return "!\(r.key)"
            }
        }.joined(separator: ",")
    }

    /// Reads a selector; operators and their values are validated as the API server does.
    public static func decode(_ c: Cursor) throws(InputError) -> LabelSelector {
        if c.isNull { return .everything }
        guard c.isMapping else { throw c.error("a label selector must be a mapping") }
        try c.rejectUnknownKeys(["matchLabels", "matchExpressions"], in: "label selector")
        var selector = LabelSelector(matchLabels: try c.optional("matchLabels")?.stringMap() ?? [:])
        for e in try c.optional("matchExpressions")?.array() ?? [] {
            try e.rejectUnknownKeys(["key", "operator", "values"], in: "label selector requirement")
            let key = try e.required("key").string()
            let opText = try e.required("operator").string()
            guard let op = Requirement.Operator(rawValue: opText) else {
                throw e.error(
                    "operator must be In, NotIn, Exists or DoesNotExist (got '\(InputError.excerpt(opText))')")
            }
            let values = try e.stringArray("values")
            switch op {
            case .in, .notIn:
                // "If the operator is In or NotIn, the values array must be non-empty."
                guard !values.isEmpty else { throw e.error("operator \(opText) needs a non-empty values list") }
            case .exists, .doesNotExist:
                // "If the operator is Exists or DoesNotExist, the values array must be empty."
                guard values.isEmpty else { throw e.error("operator \(opText) takes no values") }
            }
            selector.requirements.append(Requirement(key: key, op: op, values: values))
        }
        return selector
    }
}
