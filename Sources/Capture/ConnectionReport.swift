import InterlockCore

/// Renders `CaptureFlows` as the `capture flows` command prints it: an aligned table, JSON
/// (`connections` and `summary`), or CSV.
public enum ConnectionReport {
    /// The JSON object: `connections` (by id) and `summary`, whose `packetsRead` equals `decoded` +
    /// `filtered` + the sum of `undecodable`.
    public static func json(_ flows: CaptureFlows) -> JSON {
        .object([
            ("connections", .array(flows.connections.map(json))),
            ("summary", json(flows.summary, files: flows.files, warnings: flows.warnings)),
        ])
    }

    /// One connection as a JSON object: endpoints, VLANs, tunnel, direction, counters, times, packet
    /// numbers, TCP state, RoCE details and Community ID.
    public static func json(_ c: Connection) -> JSON {
        var fields: [(String, JSON)] = [
            ("id", .int(c.id)),
            ("protocol", .string(c.proto.description)),
            ("initiator", .string(c.initiatorAddress.description)),
            ("initiatorPort", .int(Int(c.initiatorPort))),
            ("responder", .string(c.responderAddress.description)),
            ("responderPort", .int(Int(c.responderPort))),
            ("vlan", c.vlan == 0 ? .null : .int(Int(c.vlan))),
        ]
        if c.innerVLAN != 0 { fields.append(("innerVlan", .int(Int(c.innerVLAN)))) }
        if c.tunnel != .none {
            fields.append(
                (
                    "tunnel",
                    .object([
                        ("kind", .string(c.tunnel.description)), ("id", .int(Int(c.tunnelID))),
                        ("outerConnection", c.outerConnection.map { .int($0) } ?? .null),
                    ])
                ))
        }
        fields += [
            ("direction", .string(c.direction.description)),
            ("directionInferred", .bool(c.direction == .inferred)),
            (
                "packets",
                counts(c.packetsFromInitiator, c.packetsFromResponder, known: c.flowLog?.packetsKnown ?? true)
            ),
            ("bytes", counts(c.bytesFromInitiator, c.bytesFromResponder, known: c.flowLog?.bytesKnown ?? true)),
            ("firstTimestamp", .string(Timestamp.rfc3339(c.firstTimestamp))),
            ("lastTimestamp", .string(Timestamp.rfc3339(c.lastTimestamp))),
            ("durationNs", .int(Int(c.lastTimestamp - c.firstTimestamp))),
            ("firstPacket", .int(c.firstPacket)),
            ("lastPacket", .int(c.lastPacket)),
            // Where Wireshark shows the first packet: the input file (by position) and its frame number.
            ("firstFrame", .object([("file", .int(c.firstFile)), ("frame", .int(c.firstFrame))])),
        ]
        if c.laterFragments > 0 { fields.append(("laterFragments", .int(Int(c.laterFragments)))) }
        if c.truncatedPackets > 0 { fields.append(("truncatedPackets", .int(Int(c.truncatedPackets)))) }
        if c.proto == .tcp && c.flowLog == nil { fields.append(("tcpState", .string(c.tcp.summary))) }
        if let r = c.roce { fields.append(("roce", json(r))) }
        if let log = c.flowLog { fields.append(("flowLog", json(log))) }
        fields.append(("communityId", .string(c.communityID)))
        return .object(fields)
    }

    /// Directional counters, or the string `unknown` for each when the log does not count them.
    static func counts(_ fromInitiator: UInt64, _ fromResponder: UInt64, known: Bool) -> JSON {
        .object([
            ("fromInitiator", CountField.json(Int(fromInitiator), known: known)),
            ("fromResponder", CountField.json(Int(fromResponder), known: known)),
        ])
    }

    /// A flow-log record: format, lines or records, what its counts stand for, the CNI's verdict.
    static func json(_ log: FlowLogRecord) -> JSON {
        var fields: [(String, JSON)] = [
            ("format", .string(log.format.rawValue)), ("evidence", .string(log.evidence)),
            ("aggregation", log.aggregation.map { .string($0) } ?? .null),
        ]
        if let v = log.verdict {
            fields.append(
                (
                    "verdict",
                    .object([
                        ("reporter", .string(v.reporter)), ("text", .string(v.text)), ("allowed", .bool(v.allowed)),
                        ("reason", v.reason.map { .string($0) } ?? .null), ("record", .int(v.record)),
                    ])
                ))
        }
        return .object(fields)
    }

    /// The RoCE details of a connection as a JSON object.
    static func json(_ r: RoCEFlow) -> JSON {
        .object([
            ("destinationQP", .int(Int(r.destinationQP))), ("partitionKey", .string(hex(r.partitionKey))),
            ("requests", .int(Int(r.requests))), ("responses", .int(Int(r.responses))),
            ("naks", .int(Int(r.naks))), ("cnps", .int(Int(r.cnps))),
            (
                "psnRange",
                r.lowestPSN <= r.highestPSN ? .array([.int(Int(r.lowestPSN)), .int(Int(r.highestPSN))]) : .null
            ),
            ("pairedWith", r.pairedWith.map { .int($0) } ?? .null),
        ])
    }

    /// The read summary as a JSON object: packet accounting, undecodable counts by reason, RoCE counts,
    /// time range, the files and the warnings.
    public static func json(_ s: ReadSummary, files: [CaptureFileInfo], warnings: [String]) -> JSON {
        var fields: [(String, JSON)] = [
            ("packetsRead", .int(s.packetsRead)),
            ("decoded", .int(s.decoded)),
            ("filtered", .int(s.filtered)),
            ("undecodable", .object(s.undecodable.sorted { $0.key < $1.key }.map { ($0.key.name, .int($0.value)) })),
            ("bytesRead", .int(Int(s.bytesRead))),
            ("tunnelled", .int(s.tunnelled)),
        ]
        if s.truncated > 0 { fields.append(("truncated", .int(s.truncated))) }
        if s.flowLogRecords > 0 { fields.append(("flowLogRecords", .int(s.flowLogRecords))) }
        fields += [
            (
                "roce",
                .object([
                    ("packets", .int(s.rocePackets)), ("acks", .int(s.roceAcks)),
                    ("naks", .int(s.roceNAKs)), ("cnps", .int(s.roceCNPs)),
                ])
            ),
            ("firstTimestamp", s.firstTimestamp.map { .string(Timestamp.rfc3339($0)) } ?? .null),
            ("lastTimestamp", s.lastTimestamp.map { .string(Timestamp.rfc3339($0)) } ?? .null),
            (
                "files",
                .array(
                    files.map { f in
                        f.flowLogFormat != nil
                            ? .object([("path", .string(f.path)), ("format", .string(f.format))])
                            : .object([
                                ("path", .string(f.path)), ("format", .string(f.format)),
                                ("linkType", .string(f.linkType.description)),
                                ("snapshotLength", .int(f.snapshotLength)),
                            ])
                    })
            ),
            ("warnings", .array(warnings.map { .string($0) })),
        ]
        return .object(fields)
    }

    static let csvHeader = [
        "id", "protocol", "initiator", "initiator_port", "responder", "responder_port", "vlan",
        "inner_vlan", "tunnel", "tunnel_id", "direction", "packets_from_initiator",
        "bytes_from_initiator", "packets_from_responder", "bytes_from_responder",
        "first_timestamp", "last_timestamp", "first_packet", "last_packet", "tcp_state",
        "roce_dest_qp", "community_id",
    ]

    /// One header line and one line per connection.
    public static func csv(_ flows: CaptureFlows) -> String {
        let out = ByteWriter()
        csv(flows, to: out)
        return out.text
    }

    /// Writes `csv(flows)` to `out`, record by record, with no field built as a `String` but the
    /// addresses and the Community ID.
    public static func csv(_ flows: CaptureFlows, to out: ByteWriter) {
        out.csvRow(csvHeader)
        for c in flows.connections {
            out.write(c.id)
            out.csvNextField(c.proto.description)
            out.csvNextField(c.initiatorAddress.description)
            out.csvInt(Int(c.initiatorPort))
            out.csvNextField(c.responderAddress.description)
            out.csvInt(Int(c.responderPort))
            out.csvInt(c.vlan == 0 ? nil : Int(c.vlan))
            out.csvInt(c.innerVLAN == 0 ? nil : Int(c.innerVLAN))
            out.csvNextField(c.tunnel == .none ? "" : c.tunnel.description)
            out.csvInt(c.tunnel == .none ? nil : Int(c.tunnelID))
            out.csvNextField(c.direction.description)
            let packets = c.flowLog?.packetsKnown ?? true
            let bytes = c.flowLog?.bytesKnown ?? true
            out.csvCount(c.packetsFromInitiator, known: packets)
            out.csvCount(c.bytesFromInitiator, known: bytes)
            out.csvCount(c.packetsFromResponder, known: packets)
            out.csvCount(c.bytesFromResponder, known: bytes)
            out.write(byte: UInt8(ascii: ","))
            Timestamp.write(rfc3339: c.firstTimestamp, to: out)
            out.write(byte: UInt8(ascii: ","))
            Timestamp.write(rfc3339: c.lastTimestamp, to: out)
            out.csvInt(c.firstPacket)
            out.csvInt(c.lastPacket)
            out.csvNextField(c.proto == .tcp && c.flowLog == nil ? c.tcp.summary : "")
            out.csvInt(c.roce.map { Int($0.destinationQP) })
            out.csvNextField(c.communityID)
            out.write(byte: UInt8(ascii: "\n"))
            out.recordEnd()
        }
    }

    /// Writes the JSON of `json(flows)`, pretty and newline-terminated, to `out`: each connection
    /// straight to bytes, record by record (the `JSON` value is built only for the summary).
    public static func json(_ flows: CaptureFlows, to out: ByteWriter) {
        out.objectStart()
        out.key("connections")
        out.arrayStart()
        for c in flows.connections {
            out.element()
            write(json: c, to: out)
            out.recordEnd()
        }
        out.arrayEnd()
        out.key("summary")
        out.json(json(flows.summary, files: flows.files, warnings: flows.warnings))
        out.objectEnd()
        out.write(byte: UInt8(ascii: "\n"))
    }

    /// The connection table and the read summary, for people.
    public static func text(_ flows: CaptureFlows) -> String {
        let out = ByteWriter()
        text(flows, to: out)
        return out.text
    }

    /// Writes `text(flows)` to `out`, the table a line at a time.
    public static func text(_ flows: CaptureFlows, to out: ByteWriter) {
        var table = TextTable(
            headers: [
                "#", "proto", "initiator", "responder", "vlan", "pkts →", "bytes →", "pkts ←", "bytes ←",
                "start", "duration", "state",
            ],
            alignments: [.right, .left, .left, .left, .right, .right, .right, .right, .right, .left, .right, .left])
        let origin = flows.summary.firstTimestamp ?? 0
        for c in flows.connections {
            var state = c.proto == .tcp && c.flowLog == nil ? c.tcp.summary : ""
            if c.direction == .inferred { state += state.isEmpty ? "inferred" : ", inferred" }
            if let r = c.roce {
                state =
                    "qp \(r.destinationQP)" + (r.cnps > 0 ? ", \(r.cnps) cnp" : "")
                    + (r.pairedWith.map { ", pair #\($0)" } ?? "")
            }
            if c.tunnel != .none { state += (state.isEmpty ? "" : ", ") + "\(c.tunnel) \(c.tunnelID)" }
            if c.truncatedPackets > 0 { state += (state.isEmpty ? "" : ", ") + "\(c.truncatedPackets) truncated" }
            if let log = c.flowLog { state += (state.isEmpty ? "" : ", ") + flowLogState(log) }
            let packets = c.flowLog?.packetsKnown ?? true
            let bytes = c.flowLog?.bytesKnown ?? true
            let size = { (v: UInt64) in Units.formatBytes(Double(v)) }
            table.append([
                String(c.id), c.proto.description, endpoint(c.initiatorAddress, c.initiatorPort, c.proto),
                endpoint(c.responderAddress, c.responderPort, c.proto),
                c.vlan == 0 ? "-" : (c.innerVLAN == 0 ? String(c.vlan) : "\(c.vlan).\(c.innerVLAN)"),
                CountField.text(c.packetsFromInitiator, known: packets),
                CountField.text(c.bytesFromInitiator, known: bytes, format: size),
                CountField.text(c.packetsFromResponder, known: packets),
                CountField.text(c.bytesFromResponder, known: bytes, format: size),
                "+" + Units.formatDuration(seconds: Double(c.firstTimestamp - origin) / 1e9),
                Units.formatDuration(seconds: Double(c.lastTimestamp - c.firstTimestamp) / 1e9), state,
            ])
        }
        let s = flows.summary
        table.write(to: out)
        var summary = "\n\(flows.connections.count) connections; "
        if flows.files.contains(where: { $0.flowLogFormat != nil }) {
            summary += "\(s.flowLogRecords) flow-log records read\n"
        }
        if flows.files.contains(where: { $0.flowLogFormat == nil }) {
            summary +=
                "\(s.packetsRead) packets read: \(s.decoded) decoded, \(s.filtered) filtered, "
                + "\(s.undecodableTotal) undecodable"
            let reasons = s.undecodable.sorted { $0.key < $1.key }.map { "\($0.key.name) \($0.value)" }
            summary += reasons.isEmpty ? "\n" : " (\(reasons.joined(separator: ", ")))\n"
        }
        if s.rocePackets > 0 {
            summary += "RoCEv2: \(s.rocePackets) packets, \(s.roceAcks) ACKs, \(s.roceNAKs) NAKs, \(s.roceCNPs) CNPs\n"
        }
        if s.tunnelled > 0 { summary += "tunnelled: \(s.tunnelled) packets decapsulated\n" }
        if s.truncated > 0 {
            summary += "truncated: \(s.truncated) packets cut by the snapshot length, counted by their ports\n"
        }
        out.write(summary)
    }

    /// The state column's note for a flow-log connection: its lines, what its counts stand for, the CNI's verdict.
    static func flowLogState(_ log: FlowLogRecord) -> String {
        var parts = ["\(log.format) \(log.evidence)"]
        if let a = log.aggregation { parts.append(a) }
        if let v = log.verdict { parts.append(v.said) }
        return parts.joined(separator: ", ")
    }

    static func endpoint(_ a: IPAddress, _ port: UInt16, _ proto: IPProtocol) -> String {
        let host = a.version == 6 ? "[\(a)]" : a.description
        if proto.hasPorts { return "\(host):\(port)" }
        return host
    }

    static func hex(_ v: UInt16) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - s.count) + s
    }
}
