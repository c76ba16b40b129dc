/// A counter its source may not count (a flow log without packet or byte counts) as every output
/// writes it: the number, or the word `unknown` in its place, in text, CSV and JSON alike.
public enum CountField {
    /// The word written in place of a counter the source does not count.
    public static let unknown = "unknown"

    /// The counter as text: `format(value)`, or `unknown` when the source does not count it.
    public static func text(_ value: UInt64, known: Bool, format: (UInt64) -> String = { String($0) }) -> String {
        known ? format(value) : unknown
    }

    /// The counter as a JSON value: the number, or the string `unknown` when the source does not count it.
    public static func json(_ value: Int, known: Bool) -> JSON {
        known ? .int(value) : .string(unknown)
    }
}

extension ByteWriter {
    /// Appends a comma and the counter as the next CSV field: the bytes of `CountField.text(value, known:)`,
    /// with the number written in decimal straight to bytes.
    public func csvCount(_ value: UInt64, known: Bool) {
        if known { csvInt(Int(value)) } else { csvNextField(CountField.unknown) }
    }
}
