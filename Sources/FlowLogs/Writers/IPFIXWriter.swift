import Capture
import InterlockCore

/// Writes connections as IPFIX messages (RFC 7011), one after the other as a file of them: each
/// message a header, the two templates (256: IPv4, 257: IPv6) and data sets. A connection becomes a
/// record for the initiator's direction and, when the responder sent anything, one for the
/// responder's: sourceIPv4/IPv6Address, destination…, sourceTransportPort, destinationTransportPort,
/// protocolIdentifier, octetDeltaCount and packetDeltaCount (whole-frame bytes, as the capture counts
/// them), flowStartNanoseconds and flowEndNanoseconds (NTP timestamps), and icmpTypeCodeIPv4/IPv6.
public enum IPFIXWriter {
    /// Records per message, so that a message stays far below the 65535-byte limit.
    static let recordsPerMessage = 400

    static let v4: [(element: UInt16, length: UInt16)] = [
        (8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (156, 8), (157, 8), (32, 2),
    ]
    static let v6: [(element: UInt16, length: UInt16)] = [
        (27, 16), (28, 16), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (156, 8), (157, 8), (139, 2),
    ]

    /// The messages of `connections`, in order of first time.
    public static func messages(_ connections: [Connection]) -> [UInt8] {
        var records: [(version: UInt8, bytes: [UInt8])] = []
        for c in connections.sorted(by: { ($0.firstTimestamp, $0.id) < ($1.firstTimestamp, $1.id) }) {
            records.append((c.version, record(c, reverse: false)))
            if c.packetsFromResponder > 0 { records.append((c.version, record(c, reverse: true))) }
        }
        var out: [UInt8] = []
        var sequence: UInt32 = 0
        var start = 0
        repeat {
            let chunk = records[start..<min(records.count, start + recordsPerMessage)]
            var sets = templateSet()
            for version: UInt8 in [4, 6] {
                let data = chunk.filter { $0.version == version }.flatMap(\.bytes)
                if !data.isEmpty { sets += be16(version == 4 ? 256 : 257) + be16(UInt16(4 + data.count)) + data }
            }
            let export = UInt32(clamping: (connections.map(\.lastTimestamp).max() ?? 0) / 1_000_000_000)
            out += be16(10) + be16(UInt16(16 + sets.count)) + be32(export) + be32(sequence) + be32(1) + sets
            sequence &+= UInt32(chunk.count)
            start += recordsPerMessage
        } while start < records.count
        return out
    }

    private static func templateSet() -> [UInt8] {
        var body: [UInt8] = []
        for (id, fields) in [(UInt16(256), v4), (257, v6)] {
            body += be16(id) + be16(UInt16(fields.count))
            for f in fields { body += be16(f.element) + be16(f.length) }
        }
        return be16(2) + be16(UInt16(4 + body.count)) + body
    }

    private static func record(_ c: Connection, reverse: Bool) -> [UInt8] {
        let (s, d) = reverse ? (c.responder, c.initiator) : (c.initiator, c.responder)
        let icmp = c.proto == .icmp || c.proto == .icmpv6
        let (sp, dp) = icmp ? (0, 0) : reverse ? (c.responderPort, c.initiatorPort) : (c.initiatorPort, c.responderPort)
        var r: [UInt8] = []
        if c.version == 4 {
            r += be32(UInt32(truncatingIfNeeded: s.low)) + be32(UInt32(truncatingIfNeeded: d.low))
        } else {
            r += be64(s.high) + be64(s.low) + be64(d.high) + be64(d.low)
        }
        r += be16(sp) + be16(dp) + [c.proto.rawValue]
        r += be64(reverse ? c.bytesFromResponder : c.bytesFromInitiator)
        r += be64(reverse ? c.packetsFromResponder : c.packetsFromInitiator)
        r += be64(ntp(c.firstTimestamp)) + be64(ntp(c.lastTimestamp))
        r += be16(icmp ? c.initiatorPort << 8 | c.responderPort & 0xFF : 0)
        return r
    }

    /// Unix nanoseconds as an NTP timestamp (RFC 5905), the fraction rounded so that
    /// `IPFIXRecord.ntp` gives the same nanosecond back.
    static func ntp(_ ns: Int64) -> UInt64 {
        let seconds = UInt64(ns / 1_000_000_000 + 2_208_988_800)
        let fraction = (UInt64(ns % 1_000_000_000) << 32 + 500_000_000) / 1_000_000_000
        return seconds << 32 + fraction
    }

    private static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(truncatingIfNeeded: v)] }
    private static func be32(_ v: UInt32) -> [UInt8] { be16(UInt16(v >> 16)) + be16(UInt16(truncatingIfNeeded: v)) }
    private static func be64(_ v: UInt64) -> [UInt8] { be32(UInt32(v >> 32)) + be32(UInt32(truncatingIfNeeded: v)) }
}
