/// YAML output for `JSON` values: block style, two-space indents, keys in the order given.
///
/// Strings are written plain when a YAML 1.1 or 1.2 reader (libyaml, go-yaml, kubectl) reads them back
/// as the same string, and double-quoted with JSON escapes otherwise (`"80"`, `"true"`, `"a: b"`, `""`).
extension JSON {
    /// The value as a YAML document body (no `---`), ending with a newline.
    public func yaml() -> String {
        var out: [UInt8] = []
        writeYAML(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as a YAML document body to `out`.
    public func writeYAML(into out: inout [UInt8]) {
        switch self {
        case .object(let fields) where !fields.isEmpty:
            JSON.writeFields(fields, indent: 0, into: &out)
        case .array(let items) where !items.isEmpty:
            JSON.writeItems(items, indent: 0, into: &out)
        default:
            writeYAMLScalar(into: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    private static func spaces(_ n: Int, _ out: inout [UInt8]) {
        for _ in 0..<n { out.append(UInt8(ascii: " ")) }
    }

    private static func writeFields(_ fields: [(String, JSON)], indent: Int, into out: inout [UInt8]) {
        for (key, value) in fields {
            spaces(indent, &out)
            writeYAMLString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            value.writeNested(indent: indent, into: &out)
        }
    }

    private static func writeItems(_ items: [JSON], indent: Int, into out: inout [UInt8]) {
        for item in items {
            spaces(indent, &out)
            out += "- ".utf8
            switch item {
            case .object(let fields) where !fields.isEmpty:
                // The first field shares the dash's line; the rest align under it.
                var first = true
                for (key, value) in fields {
                    if !first { spaces(indent + 2, &out) }
                    first = false
                    writeYAMLString(key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    value.writeNested(indent: indent + 2, into: &out)
                }
            case .array(let inner) where !inner.isEmpty:
                out.removeLast()  // the space after the dash
                out.append(UInt8(ascii: "\n"))
                writeItems(inner, indent: indent + 2, into: &out)
            default:
                item.writeYAMLScalar(into: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// The value after `key:` at `indent`.
    private func writeNested(indent: Int, into out: inout [UInt8]) {
        switch self {
        case .object(let fields) where !fields.isEmpty:
            out.append(UInt8(ascii: "\n"))
            JSON.writeFields(fields, indent: indent + 2, into: &out)
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "\n"))
            JSON.writeItems(items, indent: indent, into: &out)
        default:
            out.append(UInt8(ascii: " "))
            writeYAMLScalar(into: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    private func writeYAMLScalar(into out: inout [UInt8]) {
        switch self {
        case .string(let s): JSON.writeYAMLString(s, into: &out)
        case .object: out += "{}".utf8
        case .array: out += "[]".utf8
        default: write(into: &out, pretty: false, depth: 0)
        }
    }

    /// A string plain when that reads back as the same string, else double-quoted.
    public static func writeYAMLString(_ s: String, into out: inout [UInt8]) {
        if isPlainSafe(s) { out += s.utf8 } else { writeString(s, into: &out) }
    }

    private static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
        "True", "False", "Yes", "No", "On", "Off", "Y", "N", "Null",
        "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "NULL",
    ]

    /// Whether `Double(_:)` may parse a string starting with `byte`: a digit, a sign, a point, the
    /// `i` of `inf` or the `n` of `nan` (either case), or white space; `Double` rejects the rest.
    private static func mayStartNumber(_ byte: UInt8) -> Bool {
        byte <= 0x20 || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "+-.iInN".utf8.contains(byte)
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.utf8.first, let last = s.utf8.last else { return false }
        if s.utf8.count <= 5 && reservedWords.contains(s) { return false }
        // Anything a resolver could take for a number (ints, floats, octal, hex, sexagesimal, .inf).
        if (mayStartNumber(first) && Double(s) != nil) || first == UInt8(ascii: ".") || first == UInt8(ascii: "+")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
                && s.utf8.allSatisfy {
                    ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x3A || $0 == 0x78
                        || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x2D || $0 == 0x65
                })
        {
            return false
        }
        if " \t".utf8.contains(first) || " \t".utf8.contains(last) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".utf8.contains(first) {
            // "-x" and ":x" style starts are ambiguous in some contexts; quote them all.
            return false
        }
        var previous: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F { return false }
            if b == UInt8(ascii: " ") && previous == UInt8(ascii: ":") { return false }
            if b == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { return false }
            previous = b
        }
        return last != UInt8(ascii: ":")
    }
}
