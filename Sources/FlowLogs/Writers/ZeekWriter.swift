import Capture
import InterlockCore

/// Writes connections as a Zeek conn.log in TSV, with the header lines Zeek writes and its
/// documented field list and types (see `ZeekTSVReader`), so that Interlock's generated traffic
/// can be read back as a Zeek log.
///
/// What a connection record does not hold is written unset (`-`): the service, payload bytes
/// (`orig_bytes`), the history, and the IP-level byte counts (`orig_ip_bytes`: the records count
/// whole frames, whose link and tunnel headers vary). `conn_state` is derived from the tracker's TCP
/// state (SF closed, RSTO reset, S0 a SYN unanswered, S1 established, OTH mid-stream; SF or S0 for
/// the other protocols by whether the responder answered). Protocols other than TCP, UDP and ICMP
/// (Zeek's `unknown_transport`) are left out and counted.
public enum ZeekWriter {
    static let fields: [(name: String, type: String)] = [
        ("ts", "time"), ("uid", "string"), ("id.orig_h", "addr"), ("id.orig_p", "port"), ("id.resp_h", "addr"),
        ("id.resp_p", "port"), ("proto", "enum"), ("service", "string"), ("duration", "interval"),
        ("orig_bytes", "count"), ("resp_bytes", "count"), ("conn_state", "string"), ("local_orig", "bool"),
        ("local_resp", "bool"), ("missed_bytes", "count"), ("history", "string"), ("orig_pkts", "count"),
        ("orig_ip_bytes", "count"), ("resp_pkts", "count"), ("resp_ip_bytes", "count"),
        ("tunnel_parents", "set[string]"),
    ]

    /// The conn.log of `connections` (`opened` stamps the `#open` and `#close` lines) and how many
    /// were left out.
    public static func log(_ connections: [Connection]) -> (text: String, skipped: Int) {
        let opened = connections.map(\.firstTimestamp).min() ?? 0
        let closed = connections.map(\.lastTimestamp).max() ?? 0
        var out = [
            "#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", "#path\tconn",
            "#open\t\(stamp(opened))", "#fields\t" + fields.map(\.name).joined(separator: "\t"),
            "#types\t" + fields.map(\.type).joined(separator: "\t"),
        ]
        var skipped = 0
        for c in connections.sorted(by: { ($0.firstTimestamp, $0.id) < ($1.firstTimestamp, $1.id) }) {
            guard let proto = protoName(c.proto) else {
                skipped += 1
                continue
            }
            let values = [
                seconds(c.firstTimestamp), "C\(c.communityID.dropFirst(2).prefix(17))", c.initiatorAddress.description,
                String(c.initiatorPort), c.responderAddress.description, String(c.responderPort), proto, "-",
                seconds(c.lastTimestamp - c.firstTimestamp), "-", "-", state(c), "-", "-", "0", "-",
                String(c.packetsFromInitiator), "-", String(c.packetsFromResponder), "-", "(empty)",
            ]
            out.append(values.joined(separator: "\t"))
        }
        out.append("#close\t\(stamp(closed))")
        return (out.joined(separator: "\n") + "\n", skipped)
    }

    private static func protoName(_ p: IPProtocol) -> String? {
        switch p {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .icmp, .icmpv6: return "icmp"
        default: return nil
        }
    }

    private static func state(_ c: Connection) -> String {
        guard c.proto == .tcp else { return c.packetsFromResponder > 0 ? "SF" : "S0" }
        switch c.tcp.summary {
        case "closed": return "SF"
        case "reset": return "RSTO"
        case "handshake": return c.packetsFromResponder > 0 ? "S1" : "S0"
        case "established", "closing": return "S1"
        default: return "OTH"
        }
    }

    /// Seconds with six decimals, as Zeek writes `time` and `interval` values.
    static func seconds(_ ns: Int64) -> String {
        let micro = (ns + 500) / 1000
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `#open`/`#close` stamps: `2026-03-02-10-00-00`.
    private static func stamp(_ ns: Int64) -> String {
        String(Timestamp.rfc3339(ns).prefix(19).map { $0 == "T" || $0 == ":" ? "-" : $0 })
    }
}
