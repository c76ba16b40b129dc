/// Unsigned integers read from ASCII bytes, as Swift's `UInt64(_:radix:)` reads them from text: an
/// optional `+`, then at least one digit of the radix, nothing else.
enum ASCIINumber {
    /// The value of `field` in `radix` (10 or 16), or `nil` when it is empty, holds anything but
    /// the digits, or exceeds `limit`.
    static func parse(_ field: ArraySlice<UInt8>, radix: UInt64 = 10, limit: UInt64 = .max) -> UInt64? {
        let digits = field.first == UInt8(ascii: "+") ? field.dropFirst() : field
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for b in digits {
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt64(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            let (shifted, over) = value.multipliedReportingOverflow(by: radix)
            let (next, carry) = shifted.addingReportingOverflow(digit)
            guard !over, !carry, next <= limit else { return nil }
            value = next
        }
        return value
    }

    /// Whether `b` is a space, a tab, a carriage return or a line feed (the whitespace that
    /// `trimmingWhitespace` removes).
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// `field` without the whitespace at either end.
    static func trimmed(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = field.firstIndex(where: { !isSpace($0) }) else { return field[field.endIndex...] }
        let last = field.lastIndex(where: { !isSpace($0) })!
        return field[first...last]
    }
}
