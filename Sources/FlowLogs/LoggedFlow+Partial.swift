import Capture
import InterlockCore

/// What the flags byte of a `LoggedFlow` in a partial result says is present.
private enum Present {
    static let packets: UInt8 = 1
    static let bytes: UInt8 = 2
    static let replied: UInt8 = 4
    static let aggregation: UInt8 = 8
    static let verdict: UInt8 = 16
}

/// A `LoggedFlow` in a flow-log section of a partial result (layout in DEVELOPERS.md, "Sharding and
/// merging"): every field, so that the merge numbers and reports it exactly as one process does.
extension BinaryWriter {
    /// Appends `flow`: the five-tuple (`u8` IP version, source as two `u64` halves, `u16` port,
    /// destination likewise, `u8` protocol), `u8` direction evidence, `i64` first and last times, a
    /// flags byte (`Present`), the packets and bytes each way (`u64`s) when known, `u64` first and
    /// last record, the aggregation label when present, and the verdict when present.
    mutating func loggedFlow(_ flow: LoggedFlow) {
        let t = flow.tuple
        u8(t.source.version == 6 ? 6 : 4)
        for (address, port) in [(t.source, t.sourcePort), (t.destination, t.destinationPort)] {
            let a = PacketAddress(address)
            u64(a.high)
            u64(a.low)
            u16(port)
        }
        u8(t.proto.rawValue)
        u8(flow.direction.rawValue)
        i64(flow.firstTimestamp)
        i64(flow.lastTimestamp)
        var present: UInt8 = flow.replied ? Present.replied : 0
        if flow.packets != nil { present |= Present.packets }
        if flow.bytes != nil { present |= Present.bytes }
        if flow.aggregation != nil { present |= Present.aggregation }
        if flow.verdict != nil { present |= Present.verdict }
        u8(present)
        for pair in [flow.packets, flow.bytes].compactMap({ $0 }) {
            u64(pair.fromInitiator)
            u64(pair.fromResponder)
        }
        u64(UInt64(flow.firstRecord))
        u64(UInt64(flow.lastRecord))
        if let aggregation = flow.aggregation { string(aggregation) }
        if let v = flow.verdict { verdict(v) }
    }

    /// The verdict: reporter and text, a byte of allowed (1), by policy (2) and reason given (4),
    /// the reason when given, `u64` record.
    private mutating func verdict(_ v: LoggedVerdict) {
        string(v.reporter)
        string(v.text)
        u8((v.allowed ? 1 : 0) | (v.byPolicy ? 2 : 0) | (v.reason != nil ? 4 : 0))
        if let reason = v.reason { string(reason) }
        u64(UInt64(v.record))
    }
}

extension BinaryReader {
    /// Reads a flow `BinaryWriter.loggedFlow` wrote.
    mutating func loggedFlow() throws -> LoggedFlow {
        let version = try u8()
        guard version == 4 || version == 6 else { throw malformed("IP version \(version)") }
        var ends: [(IPAddress, UInt16)] = []
        for _ in 0..<2 {
            let a = PacketAddress(high: try u64(), low: try u64())
            ends.append((a.ipAddress(version: version), try u16()))
        }
        let tuple = FiveTuple(
            source: ends[0].0, sourcePort: ends[0].1, destination: ends[1].0, destinationPort: ends[1].1,
            proto: IPProtocol(rawValue: try u8()))
        guard let direction = DirectionEvidence(rawValue: try u8()) else { throw malformed("direction evidence") }
        let first = try i64()
        let last = try i64()
        let present = try u8()
        func pair(_ flag: UInt8) throws -> (fromInitiator: UInt64, fromResponder: UInt64)? {
            present & flag != 0 ? (try u64(), try u64()) : nil
        }
        let packets = try pair(Present.packets)
        let bytes = try pair(Present.bytes)
        let firstRecord = Int(try u64())
        let lastRecord = Int(try u64())
        return LoggedFlow(
            tuple: tuple, direction: direction, firstTimestamp: first, lastTimestamp: last, packets: packets,
            bytes: bytes, replied: present & Present.replied != 0, firstRecord: firstRecord, lastRecord: lastRecord,
            aggregation: present & Present.aggregation != 0 ? try string() : nil,
            verdict: present & Present.verdict != 0 ? try verdict() : nil)
    }

    private mutating func verdict() throws -> LoggedVerdict {
        let reporter = try string()
        let text = try string()
        let bits = try u8()
        return LoggedVerdict(
            reporter: reporter, text: text, allowed: bits & 1 != 0, byPolicy: bits & 2 != 0,
            reason: bits & 4 != 0 ? try string() : nil, record: Int(try u64()))
    }
}
