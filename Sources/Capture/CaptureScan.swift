/// The per-packet loop: read, filter, decode, track. Decoded-packet values live in a small ring
/// allocated once, so the loop does not allocate.
///
/// Tracking is pipelined: a packet is decoded and its flow-table slot prefetched `lookahead`
/// packets before it is tracked, so the table's cache misses overlap instead of stalling one by one.
/// Packets are still tracked one at a time in stream order, so the result does not depend on the
/// lookahead.
public enum CaptureScan {
    /// How often (in packets) `progress` is called.
    public static let progressInterval = 1 << 20
    /// Packets in flight in `count`.
    static let lookahead = 32

    /// Reads every record of `reader`, counts it in `summary`, tracks decoded packets in `tracker`,
    /// and hands each record with its attribution (nil when not attributed: filtered, undecodable)
    /// to `visit`, in stream order, while the record's bytes are still valid.
    public static func run(reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
                           progress: ((ReadSummary) -> Void)? = nil,
                           visit: (borrowing CaptureRecord, PacketAttribution?) -> Void)
    {
        scan(reader: reader, tracker: tracker, summary: &summary, lookahead: 1, progress: progress, visit: visit)
    }

    /// The same counting and tracking as `run` without visiting records, pipelined for speed.
    public static func count(reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
                             progress: ((ReadSummary) -> Void)? = nil)
    {
        scan(reader: reader, tracker: tracker, summary: &summary, lookahead: lookahead, progress: progress) { _, _ in }
    }

    /// The loop. Ring invariant: entries `tail..<head` (mod `lookahead`) hold decoded packets not yet
    /// tracked, in stream order; with `lookahead == 1` a packet is tracked right after it is read,
    /// so `visit` sees its bytes.
    @inline(__always)
    private static func scan(reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
                             lookahead: Int, progress: ((ReadSummary) -> Void)?,
                             visit: (borrowing CaptureRecord, PacketAttribution?) -> Void)
    {
        let decoder = PacketDecoder()
        var packets = [DecodedPacket](repeating: DecodedPacket(), count: lookahead)
        var records = [CaptureRecord?](repeating: nil, count: lookahead)
        var pending = 0, next = 0
        var untilProgress = progressInterval
        packets.withUnsafeMutableBufferPointer { ring in
            func trackOldest(_ summary: inout ReadSummary) {
                let slot = (next - pending + lookahead) % lookahead
                pending -= 1
                let record = records[slot]!
                if let a = tracker.track(ring[slot], record) {
                    summary.decoded &+= 1
                    let packet = ring[slot]
                    if packet.tunnel != .none { summary.tunnelled &+= 1 }
                    if packet.isRoCE {
                        summary.rocePackets &+= 1
                        if packet.roce.isCNP { summary.roceCNPs &+= 1 }
                        else if packet.roce.isNAK { summary.roceNAKs &+= 1 }
                        else if packet.roce.isAcknowledge { summary.roceAcks &+= 1 }
                    }
                    visit(record, a)
                } else {
                    summary.countUndecodable(.orphanFragment)
                    visit(record, nil)
                }
            }
            while let record = reader.next() {
                summary.packetsRead &+= 1
                summary.bytesRead &+= UInt64(truncatingIfNeeded: record.originalLength)
                if summary.firstTimestamp == nil || record.timestamp < summary.firstTimestamp! {
                    summary.firstTimestamp = record.timestamp
                }
                if summary.lastTimestamp == nil || record.timestamp > summary.lastTimestamp! {
                    summary.lastTimestamp = record.timestamp
                }
                if record.isBadRecord {
                    summary.countUndecodable(.badRecord)
                    visit(record, nil)
                } else if !record.matchesFilter {
                    summary.filtered &+= 1
                    visit(record, nil)
                } else if let reason = decoder.decode(record.bytes, linkType: record.linkType, into: &ring[next]) {
                    summary.countUndecodable(reason)
                    visit(record, nil)
                } else {
                    if lookahead > 1 { tracker.prefetch(ring[next]) }
                    records[next] = record
                    next = (next + 1) % lookahead
                    pending += 1
                    if pending == lookahead { trackOldest(&summary) }
                }
                untilProgress &-= 1
                if untilProgress == 0 {
                    untilProgress = progressInterval
                    progress?(summary)
                }
            }
            while pending > 0 { trackOldest(&summary) }
        }
    }
}
