import Capture
import InterlockCore

/// One conn.log record's fields by name, whichever variant (TSV or JSON) it came from, and how
/// it becomes a connection. Field names and types are Zeek's `Conn::Info`
/// (https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html): `ts` (time of the
/// first packet), `id.orig_h`/`id.orig_p`/`id.resp_h`/`id.resp_p` (addr, port; for ICMP the ports
/// are the type and code), `proto` (enum `tcp`, `udp`, `icmp`, `unknown_transport`), `duration`
/// (interval), `orig_pkts`/`resp_pkts` and `orig_ip_bytes`/`resp_ip_bytes` (count, IP-level bytes).
/// Unset fields are `nil`.
struct ZeekConn {
    /// Where the record is, for errors: the line and the column each field starts at.
    var line: Int
    var value: (String) -> String?
    var fail: (String, String) -> InputError

    /// The connection the record describes; the originator is the initiator (`logged`).
    func flow() throws(InputError) -> LoggedFlow {
        let ts = try seconds("ts", required: true)!
        let duration = try seconds("duration", required: false) ?? 0
        guard duration >= 0 else { throw fail("duration", "duration is negative") }
        let orig = try address("id.orig_h")
        let resp = try address("id.resp_h")
        guard orig.version == resp.version else {
            throw fail("id.resp_h", "id.orig_h and id.resp_h IP versions differ")
        }
        let protoText = try required("proto")
        let proto: IPProtocol
        switch protoText {
        case "tcp": proto = .tcp
        case "udp": proto = .udp
        case "icmp": proto = orig.version == 6 ? .icmpv6 : .icmp
        default: throw fail("proto", "proto '\(protoText)' is not tcp, udp or icmp: no five-tuple to judge")
        }
        let tuple = FiveTuple(
            source: orig, sourcePort: try port("id.orig_p"), destination: resp, destinationPort: try port("id.resp_p"),
            proto: proto)
        let packets = try pair("orig_pkts", "resp_pkts")
        let bytes = try pair("orig_ip_bytes", "resp_ip_bytes")
        return LoggedFlow(
            tuple: tuple, direction: .logged, firstTimestamp: ts, lastTimestamp: ts + duration, packets: packets,
            bytes: bytes, replied: (packets?.fromResponder ?? 0) > 0, firstRecord: line, lastRecord: line,
            aggregation: nil, verdict: nil)
    }

    private func required(_ name: String) throws(InputError) -> String {
        guard let v = value(name) else { throw fail(name, "missing required field '\(name)'") }
        return v
    }

    private func address(_ name: String) throws(InputError) -> IPAddress {
        let text = try required(name)
        guard let a = IPAddress(text) else { throw fail(name, "\(name) '\(text)' is not an IP address") }
        return a
    }

    private func port(_ name: String) throws(InputError) -> UInt16 {
        let text = try required(name)
        guard let p = UInt16(text) else { throw fail(name, "\(name) '\(text)' is not a port (0-65535)") }
        return p
    }

    private func count(_ name: String) throws(InputError) -> UInt64? {
        guard let text = value(name) else { return nil }
        guard let n = UInt64(text) else { throw fail(name, "\(name) '\(text)' is not a count") }
        return n
    }

    /// Both directions' counts, or `nil` when either is unset.
    private func pair(_ orig: String, _ resp: String) throws(InputError) -> (
        fromInitiator: UInt64, fromResponder: UInt64
    )? {
        guard let o = try count(orig), let r = try count(resp) else { return nil }
        return (o, r)
    }

    /// A `time` or `interval` (seconds with a fraction, or for `ts` an ISO 8601 time as
    /// `JSON::TS_ISO8601` writes it) in nanoseconds.
    private func seconds(_ name: String, required: Bool) throws(InputError) -> Int64? {
        guard let text = value(name) else {
            if required { throw fail(name, "missing required field '\(name)'") }
            return nil
        }
        if let ns = ZeekConn.nanoseconds(decimal: text) ?? RFC3339.nanoseconds(text) { return ns }
        throw fail(name, "\(name) '\(text)' is not a time in seconds")
    }

    /// `1555506000.123456` in nanoseconds, exactly (no floating point), or `nil`.
    static func nanoseconds(decimal text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let negative = parts[0].hasPrefix("-")
        guard let whole = Int64(negative ? parts[0].dropFirst() : parts[0]), whole < 9_000_000_000 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            for (i, d) in digits.prefix(9).enumerated() { fraction += Int64(d.wholeNumberValue!) * pow10(8 - i) }
        }
        let ns = whole * 1_000_000_000 + fraction
        return negative ? -ns : ns
    }

    private static func pow10(_ n: Int) -> Int64 {
        var v: Int64 = 1
        for _ in 0..<n { v *= 10 }
        return v
    }
}
