import Capture
import Documents
import InterlockCore

/// Reads Hubble flows as JSON lines: what `hubble observe -o json` prints and what the Hubble
/// exporter writes (one `GetFlowsResponse` a line, `{"flow": {...}, "node_name": ..., "time": ...}`),
/// and bare `Flow` objects one a line.
///
/// Fields read (https://github.com/cilium/cilium/blob/main/api/v1/flow/README.md, message `Flow`):
/// `time`, `verdict`, `drop_reason_desc`, `IP` (`source`, `destination`), `l4` (`TCP`, `UDP`, `SCTP`
/// with `source_port`/`destination_port` and TCP `flags`; `ICMPv4`/`ICMPv6` with `type`/`code`),
/// `is_reply`, `traffic_direction`. A Hubble flow is one event (a packet the datapath reported, with
/// monitor aggregation leaving most out), not a connection: `HubbleConnections` joins the events
/// of each connection. Hubble counts neither packets nor bytes, so both stay unknown.
enum HubbleReader {
    static let format = FlowLogFormatName("hubble", text: true)

    /// Every connection of the Hubble events in `bytes`.
    ///
    /// - Throws: `InputError` at the line and column of the first line that is not JSON, or of a
    ///   field that does not hold what the Flow message defines.
    static func read(_ bytes: [UInt8], file: String, configuration: TrackerConfiguration) throws(InputError)
        -> FlowLogContents
    {
        var events: [HubbleEvent] = []
        var notFlows = 0
        var notIP = 0
        let documents = try JSONReader.documents(bytes, file: file)
        for document in documents {
            let root = document.cursor
            guard root.isMapping else { throw root.error("expected a Hubble flow object, found \(root.describe)") }
            let flow: Cursor
            if let wrapped = root.optional("flow") {
                flow = wrapped
            } else if root["IP"] != nil || root["verdict"] != nil || root["l4"] != nil {
                flow = root
            } else {
                // Agent events, debug events, lost-event notices: nothing about connections.
                notFlows += 1
                continue
            }
            guard let event = try HubbleEvent(flow, envelope: root) else {
                notIP += 1
                continue
            }
            events.append(event)
        }
        var contents = FlowLogContents()
        contents.records = documents.count
        contents.flows = HubbleConnections.join(events, configuration: configuration)
        if notFlows > 0 { contents.warnings.append("\(file): \(notFlows) Hubble events that are not flows skipped") }
        if notIP > 0 {
            contents.warnings.append("\(file): \(notIP) Hubble flows without IP and L4 headers skipped (L7 or non-IP)")
        }
        return contents
    }
}

/// One Hubble flow event, as `HubbleConnections` joins them.
struct HubbleEvent {
    var line: Int
    var time: Int64
    var tuple: FiveTuple
    /// `is_reply` when the event carries it.
    var isReply: Bool?
    var flags: TCPFlags
    var verdict: String
    var dropReason: String?

    /// The event of `flow`, or `nil` when it has no IP or no L4 header. `envelope` is the
    /// `GetFlowsResponse` around it (its `time` is used when the flow has none).
    init?(_ flow: Cursor, envelope: Cursor) throws(InputError) {
        guard flow.isMapping else { throw flow.error("expected a Hubble flow object, found \(flow.describe)") }
        guard let ip = flow.optional("IP"), let l4 = flow.optional("l4") else { return nil }
        line = flow.mark.line
        var timeField = flow.optional("time")
        if timeField == nil { timeField = try envelope.required("time") }
        guard let timeField else { return nil }
        guard let t = RFC3339.nanoseconds(try timeField.string()) else {
            throw timeField.error("expected an RFC 3339 time, found \(timeField.describe)")
        }
        time = t
        let source = try ip.required("source")
        let destination = try ip.required("destination")
        guard let s = IPAddress(try source.string()) else { throw source.error("expected an IP address") }
        guard let d = IPAddress(try destination.string()) else { throw destination.error("expected an IP address") }
        guard s.version == d.version else { throw destination.error("source and destination IP versions differ") }
        let (proto, ports) = try HubbleEvent.transport(l4)
        tuple = FiveTuple(source: s, sourcePort: ports.0, destination: d, destinationPort: ports.1, proto: proto)
        isReply = try flow.optional("is_reply")?.bool()
        flags = TCPFlags()
        if let f = l4.optional("TCP")?.optional("flags") {
            for (name, flag) in [("SYN", TCPFlags.syn), ("ACK", .ack), ("FIN", .fin), ("RST", .rst)]
            where try f.optional(name)?.bool() == true {
                flags.insert(flag)
            }
        }
        verdict = try flow.optional("verdict")?.string() ?? "VERDICT_UNKNOWN"
        dropReason = try flow.optional("drop_reason_desc")?.string()
    }

    /// The protocol and ports (ICMP: type and code) of an `l4` object.
    private static func transport(_ l4: Cursor) throws(InputError) -> (IPProtocol, (UInt16, UInt16)) {
        for (key, proto) in [("TCP", IPProtocol.tcp), ("UDP", .udp), ("SCTP", .sctp)] {
            if let t = l4.optional(key) {
                return (proto, (try port(t, "source_port"), try port(t, "destination_port")))
            }
        }
        for (key, proto) in [("ICMPv4", IPProtocol.icmp), ("ICMPv6", .icmpv6)] {
            if let t = l4.optional(key) {
                return (proto, (try port(t, "type", max: 255), try port(t, "code", max: 255)))
            }
        }
        throw l4.error("expected one of TCP, UDP, SCTP, ICMPv4, ICMPv6 in l4")
    }

    /// A port (or ICMP type/code): absent is 0, as protobuf's JSON mapping omits zero values.
    private static func port(_ c: Cursor, _ key: String, max: Int = 65535) throws(InputError) -> UInt16 {
        guard let v = c.optional(key) else { return 0 }
        let n = try v.int()
        guard (0...max).contains(n) else { throw v.error("\(key) \(n) is out of range 0-\(max)") }
        return UInt16(n)
    }
}
