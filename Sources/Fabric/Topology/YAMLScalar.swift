/// Writing YAML scalars by hand (Yams' encoder is slow on large outputs).
enum YAMLScalar {
    /// `text` as a plain scalar when that reads back as the same string, else double-quoted.
    static func string(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A number without a needless fraction: `400`, `2.5`.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    private static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return true }
        let safe = text.unicodeScalars.allSatisfy {
            ($0.value < 0x80 && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "-_./".unicodeScalars.contains($0)
        }
        guard safe, first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_" || first == "/" else {
            return true
        }
        // Plain scalars that YAML (or Kubernetes' JSON view of it) would read as something else.
        let lower = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(lower) { return true }
        return Double(text) != nil || Int(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o")
    }
}
