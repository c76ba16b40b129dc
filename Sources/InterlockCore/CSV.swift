import Foundation

/// RFC 4180 CSV fields.
public enum CSV {
    /// A field quoted when it holds a comma, quote or line break; quotes inside are doubled.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line (without the line break) from its fields.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
