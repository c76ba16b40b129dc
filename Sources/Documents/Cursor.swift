import InterlockCore

/// A node together with its file: typed reads that throw `InputError`s naming file, line and column.
///
/// Missing and null are distinguished where Kubernetes distinguishes them: `self[key]` is `nil`
/// only when the key is absent, `optional(key)` is `nil` when it is absent or null.
///
/// A cursor is strict (every deviation from a format is an error) unless it has a `log`: then it reads
/// as the Go API machinery decodes, dropping unknown keys and taking missing fields as their zero
/// value, and records each deviation in the log. Cursors reached from it share its log.
public struct Cursor: Sendable {
    /// The node this cursor reads.
    public let node: Node
    /// The file the node came from, as errors name it.
    public let file: String
    /// Where a tolerant reader records what it accepted; `nil` for a strict reader.
    public let log: DecodeLog?

    /// A cursor over `node`, reporting errors in `file`; tolerant when given a `log`.
    public init(node: Node, file: String, log: DecodeLog? = nil) {
        self.node = node
        self.file = file
        self.log = log
    }

    /// The same cursor, tolerant, recording into `log`.
    public func logging(to log: DecodeLog) -> Cursor { Cursor(node: node, file: file, log: log) }

    /// The position of the node in its file.
    public var mark: Mark { node.mark }

    /// An error located at this node.
    public func error(_ message: String) -> InputError {
        InputError(file: file, line: mark.line, column: mark.column, message)
    }

    /// Whether the node is a null scalar.
    public var isNull: Bool {
        if case .scalar(let s) = node { return s.isNull }
        return false
    }

    /// Whether the node is a mapping.
    public var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// The value under `key` when this is a mapping holding it (null values included).
    public subscript(key: String) -> Cursor? {
        guard case .mapping(let m) = node, let v = m[key] else { return nil }
        return Cursor(node: v, file: file, log: log)
    }

    /// The value under `key`, or `nil` when absent or null.
    public func optional(_ key: String) -> Cursor? {
        guard let v = self[key], !v.isNull else { return nil }
        return v
    }

    /// The value under `key`; throws when absent or null.
    public func required(_ key: String) throws(InputError) -> Cursor {
        guard case .mapping = node else { throw error("expected a mapping with '\(key)'") }
        guard let v = optional(key) else { throw error("missing required field '\(key)'") }
        return v
    }

    /// The scalar's text as a string (numbers and booleans included, as written).
    public func string() throws(InputError) -> String {
        guard case .scalar(let s) = node, !s.isNull else { throw error("expected a string") }
        return s.text
    }

    /// The scalar as an integer.
    public func int() throws(InputError) -> Int {
        guard case .scalar(let s) = node, let i = Int(s.text) else {
            throw error("expected an integer, found \(describe)")
        }
        return i
    }

    /// The scalar as a floating-point number.
    public func double() throws(InputError) -> Double {
        guard case .scalar(let s) = node, let d = Double(s.text) else {
            throw error("expected a number, found \(describe)")
        }
        return d
    }

    /// The scalar as a boolean (`true`/`false`, any capitalisation of those words).
    public func bool() throws(InputError) -> Bool {
        guard case .scalar(let s) = node else { throw error("expected true or false, found \(describe)") }
        switch s.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found \(describe)")
        }
    }

    /// The items of a sequence; a null value reads as an empty sequence.
    public func array() throws(InputError) -> [Cursor] {
        if isNull { return [] }
        guard case .sequence(let s) = node else { throw error("expected a list, found \(describe)") }
        return s.items.map { Cursor(node: $0, file: file, log: log) }
    }

    /// The entries of a mapping, in source order; a null value reads as an empty mapping.
    public func entries() throws(InputError) -> [(key: String, value: Cursor)] {
        if isNull { return [] }
        guard case .mapping(let m) = node else { throw error("expected a mapping, found \(describe)") }
        return m.entries.map { ($0.key, Cursor(node: $0.value, file: file, log: log)) }
    }

    /// A mapping of strings to strings (labels, annotations); null reads as empty.
    public func stringMap() throws(InputError) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in try entries() {
            out[k] = v.isNull ? "" : try v.string()
        }
        return out
    }

    /// Fails on any key of a mapping that is not in `known`, naming the key and its position; a
    /// tolerant reader drops such a key (Go's decoder matches field names case-sensitively and drops
    /// the rest) and records it. Fails as well on a value that is neither a mapping nor null (a `spec`
    /// that is a string would otherwise read as an empty mapping): a wrong type is never tolerated.
    public func rejectUnknownKeys(_ known: Set<String>, in what: String) throws(InputError) {
        if isNull { return }
        guard case .mapping(let m) = node else { throw error("expected a mapping for \(what), found \(describe)") }
        for e in m.entries where !known.contains(e.key) {
            let hint = known.sorted().joined(separator: ", ")
            let location = SourceLocation(file: file, line: e.keyMark.line, column: e.keyMark.column)
            let close = known.first { $0.lowercased() == e.key.lowercased() }.map { " (did you mean '\($0)'?)" } ?? ""
            guard let log else {
                throw InputError(
                    file: file, line: e.keyMark.line, column: e.keyMark.column,
                    "unknown field '\(e.key)' in \(what) (expected one of: \(hint))")
            }
            log.add(
                DecodeWarning(
                    location, "unknown-field",
                    "unknown field '\(e.key)' in \(what) dropped\(close); the API server drops it too and warns: unknown field \"\(e.key)\""
                ))
        }
    }

    /// A deviation the Go API machinery decodes and the API server would refuse: a tolerant reader
    /// records it as `check` and goes on, a strict one throws `message` at this node.
    public func tolerate(_ check: String, _ message: String) throws(InputError) {
        guard let log else { throw error(message) }
        log.add(DecodeWarning(location, check, message))
    }

    /// The value under `key`, for a field the API server requires but Go decodes without: when it is
    /// absent or null, a strict reader throws, a tolerant one records that it is taken as `zero` (Go's
    /// zero value, described) and returns `nil`, the caller then using that zero value.
    public func requiredOrZero(_ key: String, in what: String, treatedAs zero: String) throws(InputError) -> Cursor? {
        if let v = optional(key) { return v }
        guard case .mapping = node else { throw error("expected a mapping with '\(key)'") }
        guard let log else { throw error("missing required field '\(key)'") }
        log.add(
            DecodeWarning(
                location, "missing-field", "\(what) has no \(key): treated as \(zero); the API server requires it"))
        return nil
    }

    /// The position of `key` itself inside this mapping (falls back to the mapping's position).
    public func mark(ofKey key: String) -> Mark {
        guard case .mapping(let m) = node else { return mark }
        return m.entries.first { $0.key == key }?.keyMark ?? mark
    }

    /// A short description of the node's kind for error messages: a scalar's text is quoted as a
    /// one-line excerpt (`InputError.excerpt`), so that an error never echoes a whole file.
    public var describe: String {
        switch node {
        case .scalar(let s): return s.isNull ? "null" : "'\(InputError.excerpt(s.text))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
