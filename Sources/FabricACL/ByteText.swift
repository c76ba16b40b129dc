/// Numbers and addresses appended to a byte buffer as UTF-8 text, without `String` or Foundation:
/// the writers of large outputs build their lines this way.
extension [UInt8] {
    /// `value` in decimal: its digits made from the least significant in a stack buffer, then
    /// appended in one copy.
    mutating func appendDecimal(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value
            var at = digits.count
            repeat {
                at -= 1
                digits[at] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[at...]))
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
