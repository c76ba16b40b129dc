import Capture
import InterlockCore

/// One connection as a flow-log reader hands it over, before it gets its id: oriented initiator →
/// responder, with the counts the log has (`nil` where it has none) and where it came from.
struct LoggedFlow {
    var tuple: FiveTuple
    var direction: DirectionEvidence
    var firstTimestamp: Int64
    var lastTimestamp: Int64
    /// Packets initiator → responder and back, when the log counts them.
    var packets: (fromInitiator: UInt64, fromResponder: UInt64)?
    /// Bytes each way, when the log counts them (what a byte is, by format: see DEVELOPERS.md).
    var bytes: (fromInitiator: UInt64, fromResponder: UInt64)?
    /// Whether the responder sent anything back, as far as the log shows.
    var replied: Bool
    var firstRecord: Int
    var lastRecord: Int
    var aggregation: String?
    var verdict: LoggedVerdict?

    /// The connection of this flow with id `id`, read from the input file at position `file`.
    func connection(id: Int, file: Int, format: FlowLogFormatName) -> Connection {
        let record = FlowLogRecord(
            format: format, firstRecord: firstRecord, lastRecord: lastRecord, packetsKnown: packets != nil,
            bytesKnown: bytes != nil, replied: replied, aggregation: aggregation, verdict: verdict)
        var c = Connection(
            id: id, tuple: tuple, direction: direction, firstTimestamp: firstTimestamp, lastTimestamp: lastTimestamp,
            file: file, record: record)
        if let packets {
            c.packetsFromInitiator = packets.fromInitiator
            c.packetsFromResponder = packets.fromResponder
        }
        if let bytes {
            c.bytesFromInitiator = bytes.fromInitiator
            c.bytesFromResponder = bytes.fromResponder
        }
        return c
    }
}

/// What a reader made of one file: its connections (in any order), the records it read and a
/// warning per kind of record it had to leave out.
struct FlowLogContents {
    var flows: [LoggedFlow] = []
    var records = 0
    var warnings: [String] = []
}
