/// The fields of one ClassBench trace line, read from bytes: the five numbers of a header.
struct TraceFields {
    private var values: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    private var count = 0

    /// The header, or `nil` for a blank or comment line.
    private(set) var header: PacketHeader?

    /// Reads the line `range` of `bytes`; false when it is neither blank, a comment, nor five
    /// decimal integers in range (further fields are ignored).
    mutating func read(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var at = range.lowerBound
        while count < 5 {
            while at < range.upperBound, Self.isSeparator(bytes[at]) { at += 1 }
            guard at < range.upperBound else { return count == 0 }
            if count == 0, bytes[at] == UInt8(ascii: "#") { return true }
            let start = at
            while at < range.upperBound, !Self.isSeparator(bytes[at]) { at += 1 }
            guard let value = ASCIINumber.parse(bytes[start..<at], limit: UInt64(UInt32.max)) else { return false }
            switch count {
            case 0: values.0 = value
            case 1: values.1 = value
            case 2: values.2 = value
            case 3: values.3 = value
            default: values.4 = value
            }
            count += 1
        }
        guard values.0 <= UInt32.max, values.1 <= UInt32.max, values.2 <= UInt16.max, values.3 <= UInt16.max,
            values.4 <= UInt8.max
        else { return false }
        header = PacketHeader(
            source: UInt32(values.0), destination: UInt32(values.1), sourcePort: UInt16(values.2),
            destinationPort: UInt16(values.3), proto: UInt8(values.4))
        return true
    }

    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
}
