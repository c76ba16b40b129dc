import InterlockCore

/// What a flow log said about a connection beyond its five-tuple: where the record is, which of its
/// counters the log carries, whether it stands for more than one connection, and the verdict the
/// CNI itself logged. A connection read from a packet capture has none (`Connection.flowLog` is `nil`).
///
/// A class, so that a `Connection` pays one reference for it.
public final class FlowLogRecord: Sendable {
    /// The log format, as `--input-format` names it (`hubble`, `zeek`).
    public let format: FlowLogFormatName
    /// The line (text formats) or record number (binary formats), 1-based, of the first record
    /// behind the connection.
    public let firstRecord: Int
    /// The line or record number of the last record behind it.
    public let lastRecord: Int
    /// Whether the log counts packets; when not, the connection's packet counters are 0 and
    /// reports print `unknown`.
    public let packetsKnown: Bool
    /// Whether the log counts bytes (see `packetsKnown`).
    public let bytesKnown: Bool
    /// What the counts stand for when they are not one connection's packets: `"3 Hubble events"`,
    /// `"aggregated over 4 flows"`, `"sampled 1 in 100"`; `nil` for one connection's exact counts.
    public let aggregation: String?
    /// The verdict the CNI logged for the connection, when the log carries one.
    public let verdict: LoggedVerdict?
    /// Whether the log shows the responder sending anything back (a reply event, packets from it).
    public let replied: Bool

    /// A record; see the properties.
    public init(
        format: FlowLogFormatName, firstRecord: Int, lastRecord: Int, packetsKnown: Bool, bytesKnown: Bool,
        replied: Bool, aggregation: String? = nil, verdict: LoggedVerdict? = nil
    ) {
        self.replied = replied
        self.format = format
        self.firstRecord = firstRecord
        self.lastRecord = lastRecord
        self.packetsKnown = packetsKnown
        self.bytesKnown = bytesKnown
        self.aggregation = aggregation
        self.verdict = verdict
    }

    /// `line 12`, `lines 12-40`, or `record 3` for binary formats.
    public var evidence: String {
        let unit = format.isText ? "line" : "record"
        return firstRecord == lastRecord ? "\(unit) \(firstRecord)" : "\(unit)s \(firstRecord)-\(lastRecord)"
    }
}

/// A flow-log format by the name `--input-format` takes.
public struct FlowLogFormatName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The name (`hubble`).
    public let rawValue: String
    /// Whether records are lines of text (evidence in lines) rather than binary records.
    public let isText: Bool
    /// A format by name; text unless said otherwise.
    public init(rawValue: String) { self.init(rawValue, text: true) }

    /// A format by name, text or binary.
    public init(_ name: String, text: Bool) {
        rawValue = name
        isText = text
    }

    /// The name.
    public var description: String { rawValue }
}

/// The verdict a CNI logged for a connection (Hubble's `verdict`, Calico's `action`).
public struct LoggedVerdict: Sendable, Equatable {
    /// Who logged it: `Hubble`, `Calico`.
    public var reporter: String
    /// The verdict as the log spells it: `FORWARDED`, `DROPPED`, `allow`, `deny`.
    public var text: String
    /// Whether the CNI let the connection through.
    public var allowed: Bool
    /// Whether a denial was the CNI's policy (as opposed to another drop reason: those say nothing
    /// about the policies, so they are not compared with them).
    public var byPolicy: Bool
    /// The log's reason for a denial (`POLICY_DENIED`), when it gives one.
    public var reason: String?
    /// The line or record of the log that carries the verdict.
    public var record: Int

    /// A verdict; see the properties.
    public init(reporter: String, text: String, allowed: Bool, byPolicy: Bool, reason: String?, record: Int) {
        self.reporter = reporter
        self.text = text
        self.allowed = allowed
        self.byPolicy = byPolicy
        self.reason = reason
        self.record = record
    }

    /// `Hubble says DROPPED (POLICY_DENIED)`.
    public var said: String { "\(reporter) says \(text)" + (reason.map { " (\($0))" } ?? "") }
}

extension CaptureFileInfo {
    /// A flow-log file as the reports list it: its format's name, no link type or snapshot length.
    public init(flowLog path: String, format: FlowLogFormatName) {
        self.init(
            path: path, linkType: .null, snapshotLength: 0, format: format.rawValue, mapped: false,
            flowLogFormat: format)
    }
}

extension Connection {
    /// A connection read from a flow log: `record` says what the log carried; counters the log
    /// lacks stay 0 with `record.packetsKnown`/`bytesKnown` false. The packet numbers and the frame
    /// number are the record's lines (or record numbers) and `file` the log's position among the inputs.
    public init(
        id: Int, tuple: FiveTuple, direction: DirectionEvidence, firstTimestamp: Int64, lastTimestamp: Int64,
        file: Int, record: FlowLogRecord
    ) {
        self.init(
            id: id, version: tuple.source.version == 6 ? 6 : 4, proto: tuple.proto,
            initiator: PacketAddress(tuple.source), responder: PacketAddress(tuple.destination),
            initiatorPort: tuple.sourcePort, responderPort: tuple.destinationPort, vlan: 0, innerVLAN: 0,
            tunnel: .none, tunnelID: 0, outerConnection: nil, direction: direction, firstTimestamp: firstTimestamp,
            lastTimestamp: lastTimestamp, firstPacket: record.firstRecord, lastPacket: record.lastRecord,
            firstFile: file, firstFrame: record.firstRecord, flowLog: record)
    }
}
