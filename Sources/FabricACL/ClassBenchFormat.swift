import InterlockCore

/// The ClassBench filter and trace formats (Taylor and Turner, "ClassBench: a packet classification
/// benchmark", INFOCOM 2005), as `db_generator` and `trace_generator` write them.
///
/// A filter line is `@sip/len<TAB>dip/len<TAB>sp_lo : sp_hi<TAB>dp_lo : dp_hi<TAB>proto/mask[<TAB>flags/mask]`;
/// filters are in priority order (first match). A trace line is `sip dip sport dport proto`, all
/// decimal integers, separated by tabs or spaces; further columns (the generating filter) are ignored.
public enum ClassBenchFormat {
    /// Whether `text` looks like a ClassBench filter file (its first non-blank line starts with `@`).
    public static func looksLikeFilters(_ text: String) -> Bool {
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingWhitespace()
            if t.isEmpty { continue }
            return t.hasPrefix("@")
        }
        return false
    }

    /// Parses a filter file into permit rules in file order.
    ///
    /// - Throws: `InputError` at the first line that is not a well-formed filter.
    public static func parseFilters(_ text: String, file: String) throws(InputError) -> [ACLRule] {
        var rules: [ACLRule] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let t = line.trimmingWhitespace()
            if t.isEmpty || t.hasPrefix("#") { continue }
            guard t.hasPrefix("@") else {
                throw InputError(file: file, line: lineNumber, column: 1, "ClassBench filter must start with '@'")
            }
            rules.append(try parseFilter(t.dropFirst(), file: file, line: lineNumber))
        }
        return rules
    }

    private static func parseFilter(_ body: Substring, file: String, line: Int) throws(InputError) -> ACLRule {
        func fail(_ message: String) -> InputError { InputError(file: file, line: line, column: 1, message) }
        let fields = body.split(separator: "\t").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard fields.count == 5 || fields.count == 6 else {
            throw fail(
                "expected 5 or 6 tab-separated fields (sip/len dip/len sport-range dport-range proto/mask [flags/mask]), found \(fields.count)"
            )
        }
        guard let source = IPv4CIDR(fields[0]) else { throw fail("bad source prefix '\(fields[0])'") }
        guard let destination = IPv4CIDR(fields[1]) else { throw fail("bad destination prefix '\(fields[1])'") }
        func ports(_ s: Substring, _ what: String) throws(InputError) -> PortRange {
            let bounds = s.split(separator: ":").map { $0.trimmingWhitespace() }
            guard bounds.count == 2, let lo = UInt16(bounds[0]), let hi = UInt16(bounds[1]), lo <= hi else {
                throw fail("bad \(what) port range '\(s)' (expected 'lo : hi')")
            }
            return PortRange(lo, hi)
        }
        func masked(_ s: Substring, _ what: String) throws(InputError) -> (UInt64, UInt64) {
            let parts = s.split(separator: "/")
            guard parts.count == 2, let v = hex(parts[0]), let m = hex(parts[1]) else {
                throw fail("bad \(what) '\(s)' (expected 0xVALUE/0xMASK)")
            }
            return (v, m)
        }
        let (proto, protoMask) = try masked(fields[4], "protocol")
        guard proto <= 0xFF, protoMask <= 0xFF else { throw fail("protocol '\(fields[4])' out of range") }
        var flags: (UInt64, UInt64) = (0, 0)
        if fields.count == 6 {
            flags = try masked(fields[5], "flags")
            guard flags.0 <= 0xFFFF, flags.1 <= 0xFFFF else { throw fail("flags '\(fields[5])' out of range") }
        }
        return ACLRule(
            source: source, destination: destination,
            sourcePorts: try ports(fields[2], "source"), destinationPorts: try ports(fields[3], "destination"),
            protocolValue: UInt8(proto), protocolMask: UInt8(protoMask),
            tcpFlags: UInt16(flags.0), tcpFlagsMask: UInt16(flags.1), action: .permit,
            location: SourceLocation(file: file, line: line))
    }

    private static func hex(_ s: Substring) -> UInt64? {
        let t = s.trimmingWhitespace()
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    /// Parses a trace file into headers, in order, from its bytes (fields split at tabs, spaces and
    /// carriage returns; lines whose first field starts with `#` and blank lines skipped).
    ///
    /// - Throws: `InputError` at the first line that is not a well-formed trace entry.
    public static func parseTrace(_ bytes: [UInt8], file: String) throws(InputError) -> [PacketHeader] {
        var headers: [PacketHeader] = []
        headers.reserveCapacity(bytes.count / 28)
        var lineNumber = 0
        var at = 0
        while at < bytes.count {
            lineNumber += 1
            let end = bytes[at...].firstIndex(of: 0x0A) ?? bytes.count
            defer { at = end + 1 }
            var fields = TraceFields()
            guard fields.read(bytes, at..<end) else {
                throw InputError(
                    file: file, line: lineNumber, column: 1, "expected 'sip dip sport dport proto' as decimal integers")
            }
            if let h = fields.header { headers.append(h) }
        }
        return headers
    }

    /// A filter line in ClassBench syntax (without a trailing newline).
    public static func format(_ rule: ACLRule) -> String {
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16, uppercase: digits == 2)
            return "0x" + String(repeating: "0", count: max(0, digits - s.count)) + s
        }
        return "@\(rule.source)\t\(rule.destination)\t\(rule.sourcePorts.lower) : \(rule.sourcePorts.upper)\t"
            + "\(rule.destinationPorts.lower) : \(rule.destinationPorts.upper)\t"
            + "\(hex(UInt64(rule.protocolValue), 2))/\(hex(UInt64(rule.protocolMask), 2))\t"
            + "\(hex(UInt64(rule.tcpFlags), 4))/\(hex(UInt64(rule.tcpFlagsMask), 4))\t"
    }

    /// A trace line: `sip dip sport dport proto`, tab-separated decimal integers.
    public static func format(_ h: PacketHeader) -> String {
        "\(h.source)\t\(h.destination)\t\(h.sourcePort)\t\(h.destinationPort)\t\(h.proto)"
    }
}
