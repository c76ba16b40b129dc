import Capture
import InterlockCore

/// Joins Hubble flow events into connections, as the connection tracker joins packets: events of
/// one five-tuple (either way) belong to one connection until it idles out (the tracker's
/// timeouts) or, for TCP, a new SYN follows a FIN or RST.
///
/// Orientation: an event with `is_reply` false goes initiator → responder, one with `is_reply`
/// true the other way (`logged`); without `is_reply`, a SYN without ACK opens the connection
/// (`syn`), a SYN-ACK answers it (`synAck`), and otherwise the first event's sender is the
/// initiator (`firstPacket`; `inferred` for TCP, with the lower port taken as the server's).
///
/// The CNI's verdict for a connection is the strongest its events carry: DROPPED over AUDIT (a
/// policy in audit mode would have dropped it) over FORWARDED; other verdicts (TRACED, TRANSLATED)
/// say nothing about policy. Drops for reasons other than policy (POLICY_DENIED, POLICY_DENY,
/// AUTH_REQUIRED) are kept but not compared with the policies.
enum HubbleConnections {
    /// Cilium's drop reasons that are its policy's decision (`flow.DropReason`).
    static let policyDropReasons: Set<String> = ["POLICY_DENIED", "POLICY_DENY", "AUTH_REQUIRED"]

    private struct Open {
        var flow: LoggedFlow
        var closing: Bool
        var events: Int
    }

    static func join(_ events: [HubbleEvent], configuration: TrackerConfiguration) -> [LoggedFlow] {
        var done: [LoggedFlow] = []
        var open: [FiveTuple: Open] = [:]
        for e in events.sorted(by: { ($0.time, $0.line) < ($1.time, $1.line) }) {
            let key = canonical(e.tuple)
            if var current = open[key] {
                if startsAnew(e, after: current, configuration: configuration) {
                    done.append(finished(current))
                    open[key] = start(e)
                    continue
                }
                current.flow.lastTimestamp = e.time
                current.flow.lastRecord = max(current.flow.lastRecord, e.line)
                current.flow.firstRecord = min(current.flow.firstRecord, e.line)
                current.flow.verdict = stronger(current.flow.verdict, verdict(e))
                current.flow.replied = current.flow.replied || e.tuple.source == current.flow.tuple.destination
                current.closing = current.closing || !e.flags.isDisjoint(with: [.fin, .rst])
                current.events += 1
                open[key] = current
            } else {
                open[key] = start(e)
            }
        }
        return done + open.values.map(finished)
    }

    private static func start(_ e: HubbleEvent) -> Open {
        var tuple = e.tuple
        var direction = DirectionEvidence.firstPacket
        if let reply = e.isReply {
            direction = .logged
            if reply { tuple = tuple.reversed }
        } else if e.tuple.proto == .tcp && e.flags.contains(.syn) {
            direction = e.flags.contains(.ack) ? .synAck : .syn
            if e.flags.contains(.ack) { tuple = tuple.reversed }
        } else if e.tuple.proto == .tcp {
            direction = .inferred
            if tuple.sourcePort < tuple.destinationPort { tuple = tuple.reversed }
        }
        let flow = LoggedFlow(
            tuple: tuple, direction: direction, firstTimestamp: e.time, lastTimestamp: e.time, packets: nil, bytes: nil,
            replied: e.tuple.source == tuple.destination, firstRecord: e.line, lastRecord: e.line, aggregation: nil,
            verdict: verdict(e))
        return Open(flow: flow, closing: !e.flags.isDisjoint(with: [.fin, .rst]), events: 1)
    }

    private static func finished(_ o: Open) -> LoggedFlow {
        var flow = o.flow
        flow.aggregation = o.events == 1 ? "1 Hubble event" : "\(o.events) Hubble events"
        return flow
    }

    private static func startsAnew(_ e: HubbleEvent, after o: Open, configuration: TrackerConfiguration) -> Bool {
        let idle: Duration? =
            switch e.tuple.proto {
            case .tcp: configuration.tcpIdleTimeout
            case .udp: configuration.udpIdleTimeout
            default: configuration.otherIdleTimeout
            }
        if let idle, e.time - o.flow.lastTimestamp > idle.wholeNanoseconds { return true }
        let opening = e.flags.contains(.syn) && !e.flags.contains(.ack) && e.isReply != true
        return e.tuple.proto == .tcp && o.closing && opening
    }

    /// The tuple with its endpoints in a fixed order, the same for both directions. ICMP "ports"
    /// are the type and code, which differ between a request and its reply (8 and 0 for an echo):
    /// ICMP events join by addresses alone, and the connection keeps its first event's type and code.
    private static func canonical(_ t: FiveTuple) -> FiveTuple {
        var t = t
        if t.proto == .icmp || t.proto == .icmpv6 {
            t.sourcePort = 0
            t.destinationPort = 0
        }
        let forward = (PacketAddress(t.source), t.sourcePort) <= (PacketAddress(t.destination), t.destinationPort)
        return forward ? t : t.reversed
    }

    private static func verdict(_ e: HubbleEvent) -> LoggedVerdict? {
        switch e.verdict {
        case "FORWARDED":
            return LoggedVerdict(
                reporter: "Hubble", text: e.verdict, allowed: true, byPolicy: true, reason: nil, record: e.line)
        case "DROPPED":
            return LoggedVerdict(
                reporter: "Hubble", text: e.verdict, allowed: false,
                byPolicy: e.dropReason.map(policyDropReasons.contains) ?? false, reason: e.dropReason,
                record: e.line)
        case "AUDIT":
            return LoggedVerdict(
                reporter: "Hubble", text: e.verdict, allowed: false, byPolicy: true, reason: e.dropReason,
                record: e.line)
        default:
            return nil
        }
    }

    /// DROPPED over AUDIT over FORWARDED; the earlier of equals.
    private static func stronger(_ a: LoggedVerdict?, _ b: LoggedVerdict?) -> LoggedVerdict? {
        func rank(_ v: LoggedVerdict?) -> Int {
            guard let v else { return 0 }
            return v.allowed ? 1 : v.text == "AUDIT" ? 2 : 3
        }
        return rank(b) > rank(a) ? b : a
    }
}
