/// A Calico selector expression, as Calico's policy reference defines it
/// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).
///
/// `k == 'v'` needs the label; `k != 'v'` and `k not in {...}` also match a resource without the
/// label; `has(k)` tests the key only; `k contains/starts with/ends with 's'` need the label; `all()`
/// matches every in-scope resource and `global()` every non-namespaced one. `!` binds tightest, then
/// `&&`, then `||`. Parse with `CalicoSelectorParser`.
public indirect enum CalicoSelector: Hashable, Sendable, CustomStringConvertible {
    /// `all()`.
    case all
    /// `global()`: non-namespaced resources (global network sets, host endpoints).
    case global
    /// `has(key)`.
    case has(String)
    /// `key == 'value'`.
    case equals(String, String)
    /// `key != 'value'` (true without the label).
    case notEquals(String, String)
    /// `key in {...}`.
    case isIn(String, [String])
    /// `key not in {...}` (true without the label).
    case notIn(String, [String])
    /// `key contains 's'`.
    case contains(String, String)
    /// `key starts with 's'`.
    case startsWith(String, String)
    /// `key ends with 's'`.
    case endsWith(String, String)
    /// `!expression`.
    case not(CalicoSelector)
    /// `a && b`.
    case and(CalicoSelector, CalicoSelector)
    /// `a || b`.
    case or(CalicoSelector, CalicoSelector)

    /// Whether a resource with `labels` matches; `isGlobal` tells a non-namespaced resource.
    public func matches(_ labels: [String: String], isGlobal: Bool = false) -> Bool {
        switch self {
        case .all: return true
        case .global: return isGlobal
        case .has(let k): return labels[k] != nil
        case .equals(let k, let v): return labels[k] == v
        case .notEquals(let k, let v): return labels[k] != v
        case .isIn(let k, let vs): return labels[k].map { vs.contains($0) } ?? false
        case .notIn(let k, let vs): return labels[k].map { !vs.contains($0) } ?? true
        case .contains(let k, let s): return labels[k].map { $0.contains(s) } ?? false
        case .startsWith(let k, let s): return labels[k].map { $0.hasPrefix(s) } ?? false
        case .endsWith(let k, let s): return labels[k].map { $0.hasSuffix(s) } ?? false
        case .not(let e): return !e.matches(labels, isGlobal: isGlobal)
        case .and(let a, let b): return a.matches(labels, isGlobal: isGlobal) && b.matches(labels, isGlobal: isGlobal)
        case .or(let a, let b): return a.matches(labels, isGlobal: isGlobal) || b.matches(labels, isGlobal: isGlobal)
        }
    }

    /// Every label key the expression reads, sorted.
    public var keys: [String] {
        switch self {
        case .all, .global: return []
        case .has(let k), .equals(let k, _), .notEquals(let k, _), .isIn(let k, _), .notIn(let k, _),
            .contains(let k, _), .startsWith(let k, _), .endsWith(let k, _):
            return [k]
        case .not(let e): return e.keys
        case .and(let a, let b), .or(let a, let b): return Array(Set(a.keys + b.keys)).sorted()
        }
    }

    /// The expression in Calico's syntax, fully parenthesised where operators mix.
    public var description: String {
        func quoted(_ s: String) -> String { s.contains("'") ? "\"\(s)\"" : "'\(s)'" }
        func set(_ vs: [String]) -> String { "{" + vs.map(quoted).joined(separator: ", ") + "}" }
        switch self {
        case .all: return "all()"
        case .global: return "global()"
        case .has(let k): return "has(\(k))"
        case .equals(let k, let v): return "\(k) == \(quoted(v))"
        case .notEquals(let k, let v): return "\(k) != \(quoted(v))"
        case .isIn(let k, let vs): return "\(k) in \(set(vs))"
        case .notIn(let k, let vs): return "\(k) not in \(set(vs))"
        case .contains(let k, let s): return "\(k) contains \(quoted(s))"
        case .startsWith(let k, let s): return "\(k) starts with \(quoted(s))"
        case .endsWith(let k, let s): return "\(k) ends with \(quoted(s))"
        case .not(let e): return "!" + e.operand
        case .and(let a, let b): return "\(a.operand) && \(b.operand)"
        case .or(let a, let b): return "\(a.operand) || \(b.operand)"
        }
    }

    /// The expression as an operand of another operator: parenthesised when it is binary.
    private var operand: String {
        switch self {
        case .and, .or: return "(\(description))"
        default: return description
        }
    }
}
