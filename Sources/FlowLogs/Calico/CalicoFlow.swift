import Capture
import InterlockCore

/// One Calico flow-log record's fields by name, from the JSON or the CSV file, and how it becomes a
/// connection. Field names and meanings are Calico's flow-log data types
/// (https://docs.tigera.io/calico-enterprise/latest/observability/elastic/flow/datatypes):
/// `start_time`/`end_time` (UNIX seconds), `source_ip`/`dest_ip` (null or `-`: aggregated away),
/// `source_port` (null or `-`: aggregated), `dest_port`, `proto`, `action` (`allow`/`deny`),
/// `reporter` (`src`/`dst`: which end's Felix logged it), `packets_in`/`packets_out`,
/// `bytes_in`/`bytes_out` (seen by the reporter), `num_flows`, and `policies` for the verdict's reason.
struct CalicoFlow {
    var line: Int
    /// A field's value; `nil` when absent, null, empty or `-`.
    var value: (String) -> String?
    var fail: (String, String) -> InputError

    /// The connection of the record, or `nil` when aggregation left no address to judge it by.
    func flow() throws(InputError) -> LoggedFlow? {
        guard let sourceText = value("source_ip"), let destText = value("dest_ip") else { return nil }
        guard let source = IPAddress(sourceText) else {
            throw fail("source_ip", "source_ip '\(sourceText)' is not an IP address")
        }
        guard let dest = IPAddress(destText) else {
            throw fail("dest_ip", "dest_ip '\(destText)' is not an IP address")
        }
        guard source.version == dest.version else { throw fail("dest_ip", "source_ip and dest_ip IP versions differ") }
        let proto = try protocolNumber(version: source.version)
        let sourcePort = try number("source_port", max: 65535)
        let tuple = FiveTuple(
            source: source, sourcePort: UInt16(sourcePort ?? 0), destination: dest,
            destinationPort: UInt16(try number("dest_port", max: 65535) ?? 0), proto: proto)
        let start = try seconds("start_time")
        let end = try seconds("end_time")
        guard end >= start else { throw fail("end_time", "end_time is before start_time") }
        let reporter = value("reporter")
        guard reporter == "src" || reporter == "dst" else {
            throw fail("reporter", "reporter '\(reporter ?? "")' is not src or dst")
        }
        // The reporter counts what it sent (out) and received (in); the destination receives the
        // initiator's packets.
        func directed(_ name: String) throws(InputError) -> (fromInitiator: UInt64, fromResponder: UInt64)? {
            guard let i = try number("\(name)_in"), let o = try number("\(name)_out") else { return nil }
            return reporter == "src" ? (UInt64(o), UInt64(i)) : (UInt64(i), UInt64(o))
        }
        let packets = try directed("packets")
        let flows = try number("num_flows") ?? 1
        // Both ends' Felix may log the same flow: the reporter says whose counts these are.
        var aggregation = [reporter == "src" ? "reported by the source" : "reported by the destination"]
        if flows != 1 { aggregation.append("aggregated over \(flows) flows") }
        if sourcePort == nil { aggregation.append("source ports aggregated") }
        return LoggedFlow(
            tuple: tuple, direction: .logged, firstTimestamp: start, lastTimestamp: end, packets: packets,
            bytes: try directed("bytes"), replied: (packets?.fromResponder ?? 0) > 0, firstRecord: line,
            lastRecord: line, aggregation: aggregation.joined(separator: ", "),
            verdict: try verdict())
    }

    private func verdict() throws(InputError) -> LoggedVerdict? {
        guard let action = value("action") else { return nil }
        guard action == "allow" || action == "deny" else {
            throw fail("action", "action '\(action)' is not allow or deny")
        }
        return LoggedVerdict(
            reporter: "Calico", text: action, allowed: action == "allow", byPolicy: true, reason: value("policies"),
            record: line)
    }

    /// `proto`: a name (`tcp`, `udp`, `icmp`, `sctp`) or an IANA protocol number.
    private func protocolNumber(version: Int) throws(InputError) -> IPProtocol {
        guard let text = value("proto") else { throw fail("proto", "missing required field 'proto'") }
        if text.lowercased() == "icmp" && version == 6 { return .icmpv6 }
        if let p = IPProtocol(name: text.lowercased()) { return p }
        throw fail("proto", "proto '\(text)' is not a protocol name or number")
    }

    private func number(_ name: String, max: Int = Int.max) throws(InputError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), n >= 0, n <= max else {
            throw fail(name, "\(name) '\(text)' is not a number up to \(max)")
        }
        return n
    }

    private func seconds(_ name: String) throws(InputError) -> Int64 {
        guard let text = value(name) else { throw fail(name, "missing required field '\(name)'") }
        guard let ns = ZeekConn.nanoseconds(decimal: text) else {
            throw fail(name, "\(name) '\(text)' is not a UNIX time in seconds")
        }
        return ns
    }
}
