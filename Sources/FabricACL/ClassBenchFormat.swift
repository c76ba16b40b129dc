import InterlockCore

/// The ClassBench filter and trace formats (Taylor and Turner, "ClassBench: a packet classification
/// benchmark", INFOCOM 2005), as `db_generator` and `trace_generator` write them.
///
/// A filter line is `@sip/len<TAB>dip/len<TAB>sp_lo : sp_hi<TAB>dp_lo : dp_hi<TAB>proto/mask[<TAB>flags/mask]`;
/// filters are in priority order (first match). A trace line is `sip dip sport dport proto`, all
/// decimal integers, separated by tabs or spaces; further columns (the generating filter) are ignored.
public enum ClassBenchFormat {
    /// Whether `bytes` look like a ClassBench filter file (the first non-blank line starts with `@`).
    public static func looksLikeFilters(_ bytes: [UInt8]) -> Bool {
        bytes.first(where: { !ASCIINumber.isSpace($0) }) == UInt8(ascii: "@")
    }

    /// Parses a filter file into permit rules in file order, from its bytes (lines end at line feeds;
    /// spaces, tabs and carriage returns around a line or a field are ignored; blank lines and
    /// lines starting with `#` are skipped).
    ///
    /// - Throws: `InputError` at the first line that is not a well-formed filter.
    public static func parseFilters(_ bytes: [UInt8], file: String) throws(InputError) -> [ACLRule] {
        var rules: [ACLRule] = []
        var lineNumber = 0
        var at = 0
        while at < bytes.count {
            lineNumber += 1
            let end = bytes[at...].firstIndex(of: 0x0A) ?? bytes.count
            defer { at = end + 1 }
            let t = ASCIINumber.trimmed(bytes[at..<end])
            if t.isEmpty || t.first == UInt8(ascii: "#") { continue }
            guard t.first == UInt8(ascii: "@") else {
                throw InputError(file: file, line: lineNumber, column: 1, "ClassBench filter must start with '@'")
            }
            rules.append(try parseFilter(t.dropFirst(), file: file, line: lineNumber))
        }
        return rules
    }

    private static func parseFilter(_ body: ArraySlice<UInt8>, file: String, line: Int) throws(InputError) -> ACLRule {
        func fail(_ message: String) -> InputError { InputError(file: file, line: line, column: 1, message) }
        func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
        let fields = pieces(body, 0x09)
        guard fields.count == 5 || fields.count == 6 else {
            throw fail(
                "expected 5 or 6 tab-separated fields (sip/len dip/len sport-range dport-range proto/mask [flags/mask]), found \(fields.count)"
            )
        }
        guard let source = IPv4CIDR(text(fields[0])) else { throw fail("bad source prefix '\(text(fields[0]))'") }
        guard let destination = IPv4CIDR(text(fields[1])) else {
            throw fail("bad destination prefix '\(text(fields[1]))'")
        }
        func ports(_ s: ArraySlice<UInt8>, _ what: String) throws(InputError) -> PortRange {
            let bounds = pieces(s, UInt8(ascii: ":"), keepEmpty: true)
            guard bounds.count == 2, let lo = ASCIINumber.parse(bounds[0], limit: 0xFFFF),
                let hi = ASCIINumber.parse(bounds[1], limit: 0xFFFF), lo <= hi
            else {
                throw fail("bad \(what) port range '\(text(s))' (expected 'lo : hi')")
            }
            return PortRange(UInt16(lo), UInt16(hi))
        }
        func masked(_ s: ArraySlice<UInt8>, _ what: String) throws(InputError) -> (UInt64, UInt64) {
            let parts = s.split(separator: UInt8(ascii: "/"))
            guard parts.count == 2, let v = hex(parts[0]), let m = hex(parts[1]) else {
                throw fail("bad \(what) '\(text(s))' (expected 0xVALUE/0xMASK)")
            }
            return (v, m)
        }
        let (proto, protoMask) = try masked(fields[4], "protocol")
        guard proto <= 0xFF, protoMask <= 0xFF else { throw fail("protocol '\(text(fields[4]))' out of range") }
        var flags: (UInt64, UInt64) = (0, 0)
        if fields.count == 6 {
            flags = try masked(fields[5], "flags")
            guard flags.0 <= 0xFFFF, flags.1 <= 0xFFFF else { throw fail("flags '\(text(fields[5]))' out of range") }
        }
        return ACLRule(
            source: source, destination: destination,
            sourcePorts: try ports(fields[2], "source"), destinationPorts: try ports(fields[3], "destination"),
            protocolValue: UInt8(proto), protocolMask: UInt8(protoMask),
            tcpFlags: UInt16(flags.0), tcpFlagsMask: UInt16(flags.1), action: .permit,
            location: SourceLocation(file: file, line: line))
    }

    /// The pieces of `s` between `separator`s, trimmed; empty pieces dropped unless `keepEmpty`
    /// (then only the empty runs between two separators are dropped, as `split` drops them before
    /// trimming).
    private static func pieces(_ s: ArraySlice<UInt8>, _ separator: UInt8, keepEmpty: Bool = false)
        -> [ArraySlice<UInt8>]
    {
        s.split(separator: separator).map(ASCIINumber.trimmed).filter { keepEmpty || !$0.isEmpty }
    }

    /// `0x`/`0X` and hexadecimal digits, or decimal digits, around which whitespace is ignored.
    private static func hex(_ s: ArraySlice<UInt8>) -> UInt64? {
        let t = ASCIINumber.trimmed(s)
        if t.count >= 2, t.first == UInt8(ascii: "0"), t.dropFirst().first.map({ $0 | 0x20 }) == UInt8(ascii: "x") {
            return ASCIINumber.parse(t.dropFirst(2), radix: 16)
        }
        return ASCIINumber.parse(t)
    }

    /// Parses a trace file into headers, in order, from its bytes (fields split at tabs, spaces and
    /// carriage returns; lines whose first field starts with `#` and blank lines skipped). A large
    /// trace is cut into runs of whole lines read on up to `threads` threads: the headers and the
    /// first error are one thread's.
    ///
    /// - Throws: `InputError` at the first line that is not a well-formed trace entry.
    public static func parseTrace(_ bytes: [UInt8], file: String, threads: Int = 1) throws(InputError)
        -> [PacketHeader]
    {
        let parts = bytes.withUnsafeBufferPointer { bytes in
            let starts = runStarts(bytes, count: bytes.count < 1 << 20 ? 1 : threads)
            let ends = Array(starts.dropFirst()) + [bytes.count]
            return Parallel.map(starts.count, threads: threads) { TraceFields.read(bytes, starts[$0]..<ends[$0]) }
        }
        var headers: [PacketHeader] = []
        var linesBefore = 0
        for part in parts {
            switch part {
            case .read(let read, let lines):
                if headers.isEmpty { headers = read } else { headers += read }
                linesBefore += lines
            case .malformed(let line):
                throw InputError(
                    file: file, line: linesBefore + line, column: 1,
                    "expected 'sip dip sport dport proto' as decimal integers")
            }
        }
        return headers
    }

    /// Where `count` runs of whole lines of `bytes`, of about equal sizes, start (fewer when lines
    /// are long).
    static func runStarts(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [Int] {
        var starts = [0]
        for share in 1..<max(1, count) {
            var at = max(starts[starts.count - 1], bytes.count * share / count)
            while at < bytes.count, bytes[at] != 0x0A { at += 1 }
            if at + 1 < bytes.count, at + 1 > starts[starts.count - 1] { starts.append(at + 1) }
        }
        return starts
    }

    /// A filter line in ClassBench syntax (without a trailing newline).
    public static func format(_ rule: ACLRule) -> String {
        let out = ByteWriter()
        write(rule, to: out)
        return String(out.text.dropLast())
    }

    /// Writes the filter line of `rule` in ClassBench syntax, and a line feed: prefixes, port ranges
    /// `lo : hi`, the protocol (two upper-case hex digits) and the flags (four lower-case ones) as
    /// `0xVALUE/0xMASK`, each field followed by a tab, as `db_generator` writes them.
    public static func write(_ rule: ACLRule, to out: ByteWriter) {
        out.write(byte: UInt8(ascii: "@"))
        for prefix in [rule.source, rule.destination] {
            out.write(prefix.description)
            out.write(byte: 0x09)
        }
        for ports in [rule.sourcePorts, rule.destinationPorts] {
            out.write(Int(ports.lower))
            out.write(" : " as StaticString)
            out.write(Int(ports.upper))
            out.write(byte: 0x09)
        }
        writeMasked(UInt64(rule.protocolValue), UInt64(rule.protocolMask), digits: 2, to: out)
        writeMasked(UInt64(rule.tcpFlags), UInt64(rule.tcpFlagsMask), digits: 4, to: out)
        out.write(byte: 0x0A)
    }

    /// `0xVALUE/0xMASK` and a tab, each number in `digits` hex digits (upper case for two, lower for four).
    private static func writeMasked(_ value: UInt64, _ mask: UInt64, digits: Int, to out: ByteWriter) {
        let letters = Array((digits == 2 ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        for (i, v) in [value, mask].enumerated() {
            if i > 0 { out.write(byte: UInt8(ascii: "/")) }
            out.write("0x" as StaticString)
            for shift in stride(from: 4 * (digits - 1), through: 0, by: -4) {
                out.write(byte: letters[Int(v >> UInt64(shift) & 0xF)])
            }
        }
        out.write(byte: 0x09)
    }

    /// Writes a trace line, `sip dip sport dport proto` as tab-separated decimal integers, and a
    /// line feed.
    public static func write(_ h: PacketHeader, to out: ByteWriter) {
        out.write(Int(h.source))
        out.write(byte: 0x09)
        out.write(Int(h.destination))
        out.write(byte: 0x09)
        out.write(Int(h.sourcePort))
        out.write(byte: 0x09)
        out.write(Int(h.destinationPort))
        out.write(byte: 0x09)
        out.write(Int(h.proto))
        out.write(byte: 0x0A)
    }
}
