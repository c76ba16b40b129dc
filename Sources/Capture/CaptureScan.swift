/// The per-packet loop: read, filter, decode, track. One decoded-packet value is reused for every
/// packet, so the loop does not allocate.
public enum CaptureScan {
    /// How often (in packets) `progress` is called.
    public static let progressInterval = 1 << 20

    /// Reads every record of `reader`, counts it in `summary`, tracks decoded packets in `tracker`,
    /// and hands each record with its attribution (nil when not attributed: filtered, undecodable)
    /// to `visit`, in stream order.
    @inline(__always)
    public static func run(reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
                           progress: ((ReadSummary) -> Void)? = nil,
                           visit: (borrowing CaptureRecord, PacketAttribution?) -> Void)
    {
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        var untilProgress = progressInterval
        while let record = reader.next() {
            summary.packetsRead &+= 1
            summary.bytesRead &+= UInt64(truncatingIfNeeded: record.originalLength)
            if summary.firstTimestamp == nil || record.timestamp < summary.firstTimestamp! {
                summary.firstTimestamp = record.timestamp
            }
            if summary.lastTimestamp == nil || record.timestamp > summary.lastTimestamp! {
                summary.lastTimestamp = record.timestamp
            }
            var attribution: PacketAttribution? = nil
            if record.isBadRecord {
                summary.countUndecodable(.badRecord)
            } else if !record.matchesFilter {
                summary.filtered &+= 1
            } else if let reason = decoder.decode(record.bytes, linkType: record.linkType, into: &packet) {
                summary.countUndecodable(reason)
            } else if let a = tracker.track(packet, record) {
                attribution = a
                summary.decoded &+= 1
                if packet.tunnel != .none { summary.tunnelled &+= 1 }
                if packet.isRoCE {
                    summary.rocePackets &+= 1
                    if packet.roce.isCNP { summary.roceCNPs &+= 1 }
                    else if packet.roce.isNAK { summary.roceNAKs &+= 1 }
                    else if packet.roce.isAcknowledge { summary.roceAcks &+= 1 }
                }
            } else {
                summary.countUndecodable(.orphanFragment)
            }
            visit(record, attribution)
            untilProgress &-= 1
            if untilProgress == 0 {
                untilProgress = progressInterval
                progress?(summary)
            }
        }
    }
}
