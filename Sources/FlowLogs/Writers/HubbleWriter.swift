import Capture
import InterlockCore

/// Writes connections as Hubble flows, one `GetFlowsResponse` a line as `hubble observe -o json`
/// prints them, so that Interlock's generated traffic can be read back as a Hubble log.
///
/// Each connection becomes its first event (the initiator's first packet, `is_reply` false) and,
/// when the responder sent anything, a reply event at the connection's last time; one that only the
/// initiator spoke in for a while gets a second initiator event at its last time. Every event is
/// `FORWARDED`: the traffic is what flowed. Protocols without an L4 header Hubble reports (not TCP,
/// UDP, SCTP, ICMP) are left out and counted.
public enum HubbleWriter {
    /// The JSON lines of `connections` and how many were left out.
    public static func lines(_ connections: [Connection]) -> (text: String, skipped: Int) {
        var events: [(time: Int64, order: Int, line: String)] = []
        var skipped = 0
        for c in connections {
            guard l4Key(c) != nil else {
                skipped += 1
                continue
            }
            let opening = c.tcp.flagsFromInitiator.contains(.syn)
            let first = event(c, at: c.firstTimestamp, reply: false, syn: opening, ack: !opening)
            events.append((c.firstTimestamp, events.count, first))
            if c.packetsFromResponder > 0 {
                let synAck = c.tcp.flagsFromResponder.contains(.syn)
                let answer = event(c, at: c.lastTimestamp, reply: true, syn: synAck, ack: true)
                events.append((c.lastTimestamp, events.count, answer))
            } else if c.lastTimestamp > c.firstTimestamp {
                let again = event(c, at: c.lastTimestamp, reply: false, syn: opening, ack: !opening)
                events.append((c.lastTimestamp, events.count, again))
            }
        }
        events.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        return (events.map { $0.line + "\n" }.joined(), skipped)
    }

    private static func l4Key(_ c: Connection) -> String? {
        switch c.proto {
        case .tcp: return "TCP"
        case .udp: return "UDP"
        case .sctp: return "SCTP"
        case .icmp: return "ICMPv4"
        case .icmpv6: return "ICMPv6"
        default: return nil
        }
    }

    private static func event(_ c: Connection, at time: Int64, reply: Bool, syn: Bool, ack: Bool) -> String {
        let (from, to) = reply ? (c.responderAddress, c.initiatorAddress) : (c.initiatorAddress, c.responderAddress)
        let (fromPort, toPort) = reply ? (c.responderPort, c.initiatorPort) : (c.initiatorPort, c.responderPort)
        let key = l4Key(c)!
        var l4: [(String, JSON)]
        if c.proto == .icmp || c.proto == .icmpv6 {
            l4 = [("type", .int(Int(c.initiatorPort))), ("code", .int(Int(c.responderPort)))]
        } else {
            l4 = [("source_port", .int(Int(fromPort))), ("destination_port", .int(Int(toPort)))]
        }
        var summary = c.proto.description
        if c.proto == .tcp {
            var flags: [(String, JSON)] = []
            if syn { flags.append(("SYN", .bool(true))) }
            if ack { flags.append(("ACK", .bool(true))) }
            l4.append(("flags", .object(flags)))
            summary = "TCP Flags: " + flags.map(\.0).joined(separator: ", ")
        }
        let stamp = Timestamp.rfc3339(time)
        let flow: JSON = .object([
            ("time", .string(stamp)), ("verdict", .string("FORWARDED")),
            (
                "IP",
                .object([
                    ("source", .string(from.description)), ("destination", .string(to.description)),
                    ("ipVersion", .string(c.version == 6 ? "IPv6" : "IPv4")),
                ])
            ),
            ("l4", .object([(key, .object(l4))])), ("Type", .string("L3_L4")),
            ("traffic_direction", .string(reply ? "INGRESS" : "EGRESS")), ("is_reply", .bool(reply)),
            ("Summary", .string(summary)),
        ])
        return JSON.object([("flow", flow), ("time", .string(stamp))]).serialized(pretty: false)
    }
}
