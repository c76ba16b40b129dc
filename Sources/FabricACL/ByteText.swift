/// Numbers and addresses appended to a byte buffer as UTF-8 text, without `String` or Foundation:
/// the writers of large outputs build their lines this way.
extension [UInt8] {
    /// `value` in decimal: its digits from the most significant, by the powers of ten below it.
    mutating func appendDecimal(_ value: UInt64) {
        var digits = 1
        while digits < decimalPowers.count, value >= decimalPowers[digits] { digits += 1 }
        for power in decimalPowers[..<digits].reversed() {
            append(0x30 + UInt8(truncatingIfNeeded: value / power % 10))
        }
    }

    /// `value` in decimal, with a leading `-` when negative.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(UInt64(value.magnitude))
    }

    /// An IPv4 address held in `value` (most significant byte first) as a dotted quad: `10.0.0.1`.
    mutating func appendDottedQuad(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            appendDecimal(UInt64(value >> UInt32(shift) & 0xFF))
            if shift > 0 { append(UInt8(ascii: ".")) }
        }
    }
}

/// 10⁰ through 10¹⁹: the place values of a 64-bit number's decimal digits.
private let decimalPowers: [UInt64] = (0..<20).map { (0..<$0).reduce(1) { value, _ in value * 10 } }
