import InterlockCore

/// The lines of a ClassBench trace read from bytes in one pass: per line, five decimal integers
/// (an optional `+` and digits, as `ASCIINumber.parse` reads them) split at spaces, tabs and
/// carriage returns, further fields ignored; blank lines and lines whose first field starts with
/// `#` skipped.
enum TraceFields {
    /// What reading a run of lines gave: their headers and how many lines they were, or the 1-based
    /// number (within the run) of the first line that is not a header, a blank or a comment.
    enum Lines {
        case read([PacketHeader], lines: Int)
        case malformed(line: Int)
    }

    /// Reads the lines of `bytes[range]`; `range` starts at a line's start.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Lines {
        var headers: [PacketHeader] = []
        headers.reserveCapacity(range.count / 28)
        var line = 0
        var at = range.lowerBound
        let end = range.upperBound
        while at < end {
            line += 1
            var values: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
            var count = 0
            fields: while count < 5 {
                while at < end, isSeparator(bytes[at]) { at += 1 }
                guard at < end, bytes[at] != 0x0A else {
                    if count == 0 { break fields }
                    return .malformed(line: line)
                }
                if count == 0, bytes[at] == UInt8(ascii: "#") { break fields }
                if bytes[at] == UInt8(ascii: "+") { at += 1 }
                let digits = at
                var value: UInt64 = 0
                while at < end, bytes[at] != 0x0A, !isSeparator(bytes[at]) {
                    let digit = bytes[at] &- 0x30
                    guard digit < 10 else { return .malformed(line: line) }
                    value = value &* 10 &+ UInt64(digit)
                    guard value <= UInt32.max else { return .malformed(line: line) }
                    at += 1
                }
                guard at > digits else { return .malformed(line: line) }
                withUnsafeMutableBytes(of: &values) {
                    $0.storeBytes(of: value, toByteOffset: 8 * count, as: UInt64.self)
                }
                count += 1
            }
            if count == 5 {
                guard values.2 <= UInt16.max, values.3 <= UInt16.max, values.4 <= UInt8.max else {
                    return .malformed(line: line)
                }
                headers.append(
                    PacketHeader(
                        source: UInt32(values.0), destination: UInt32(values.1), sourcePort: UInt16(values.2),
                        destinationPort: UInt16(values.3), proto: UInt8(values.4)))
            }
            // The rest of the line.
            while at < end, bytes[at] != 0x0A { at += 1 }
            at += 1
        }
        return .read(headers, lines: line)
    }

    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
}
