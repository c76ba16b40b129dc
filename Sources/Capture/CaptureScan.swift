import InterlockCore

/// The per-packet loop: read, filter, decode, track. Decoded packets live in a small ring allocated
/// once (`OwnedBuffer`s), so the loop does not allocate.
///
/// Tracking is pipelined: a packet is decoded and its flow-table index slot prefetched `lookahead`
/// packets before it is tracked, and its entry prefetched halfway, so the table's cache misses
/// overlap instead of stalling one by one. Packets are still tracked one at a time in stream order,
/// so the result does not depend on the lookahead.
public enum CaptureScan {
    /// How often (in packets) `progress` is called.
    public static let progressInterval = 1 << 20
    /// Packets in flight in `count` (a power of two: ring positions wrap with a mask).
    static let lookahead = 16

    /// Reads every record of `reader`, counts it in `summary`, tracks decoded packets in `tracker`,
    /// and hands each record with its attribution (nil when not attributed: filtered, undecodable)
    /// to `visit`, in stream order, while the record's bytes are still valid.
    public static func run(
        reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
        progress: ((ReadSummary) -> Void)? = nil,
        visit: (borrowing CaptureRecord, PacketAttribution?) -> Void
    ) {
        _ = scan(
            reader: reader, tracker: tracker, summary: &summary, lookahead: 1, share: ScanShare(), progress: progress,
            visit: visit)
    }

    /// The same counting and tracking as `run` without visiting records, pipelined for speed.
    public static func count(
        reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
        progress: ((ReadSummary) -> Void)? = nil
    ) {
        _ = count(reader: reader, tracker: tracker, summary: &summary, share: ScanShare(), progress: progress)
    }

    /// `count` for one worker of a split scan: tracks only the packets `share` gives it. Returns
    /// whether the timestamps never went backwards (known only to the worker that counts every
    /// record; the others return true).
    static func count(
        reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary, share: ScanShare,
        progress: ((ReadSummary) -> Void)?
    ) -> Bool {
        scan(
            reader: reader, tracker: tracker, summary: &summary, lookahead: lookahead, share: share,
            progress: progress
        ) { _, _ in }
    }

    /// The loop. Ring invariant: the `pending` slots ending just before `next` (mod `lookahead`)
    /// hold decoded packets not yet tracked, oldest first; with `lookahead == 1` a packet is tracked
    /// right after it is read, so `visit` sees its bytes. Returns whether the timestamps never went
    /// backwards (true when `share` does not count every record).
    @inline(__always)
    private static func scan(
        reader: CaptureReader, tracker: ConnectionTracker, summary: inout ReadSummary,
        lookahead: Int, share: ScanShare, progress: ((ReadSummary) -> Void)?,
        visit: (borrowing CaptureRecord, PacketAttribution?) -> Void
    ) -> Bool {
        let decoder = PacketDecoder()
        let ring = OwnedBuffer(repeating: DecodedPacket(), count: lookahead)
        let records = OwnedBuffer<CaptureRecord?>(repeating: nil, count: lookahead)
        let hashes = OwnedBuffer<UInt64?>(repeating: nil, count: lookahead)
        // Packets are decoded and tracked in place, through a pointer into the ring: the ring must
        // live until the loop is done.
        let packets = ring.baseAddress
        defer { withExtendedLifetime(ring) {} }
        let half = lookahead / 2
        let mask = lookahead - 1
        var pending = 0
        var next = 0
        var untilProgress = progressInterval
        var reading = true
        // The time range read so far, kept out of `summary`'s optionals in the loop.
        var earliest = Int64.max
        var latest = Int64.min
        var monotonic = true
        let counting = share.countsEveryRecord
        defer { summary.noteTimes(earliest, latest) }
        while reading || pending > 0 {
            if reading, let record = reader.next() {
                if counting {
                    if record.timestamp < latest { monotonic = false }
                    countRead(record, in: &summary, earliest: &earliest, latest: &latest)
                    untilProgress &-= 1
                    if untilProgress == 0 {
                        untilProgress = progressInterval
                        if let progress {
                            summary.noteTimes(earliest, latest)
                            progress(summary)
                        }
                    }
                }
                if record.isBadRecord {
                    if counting { summary.countUndecodable(.badRecord) }
                    visit(record, nil)
                    continue
                } else if !record.matchesFilter {
                    if counting { summary.filtered &+= 1 }
                    visit(record, nil)
                    continue
                }
                let route = share.route(record.bytes, linkType: record.linkType)
                if route == .other {
                    // Another worker's packet, known from its addresses: it decodes and counts it.
                    continue
                } else if !decoder.decodeCommon(record.bytes, linkType: record.linkType, into: &packets[next]),
                    case .undecodable(let reason) = decoder.decode(
                        record.bytes, linkType: record.linkType,
                        into: &packets[next])
                {
                    if route == .mine || counting { summary.countUndecodable(reason) }
                    visit(record, nil)
                    continue
                } else if route == .unknown && !share.tracks(packets + next) {
                    // Another worker's packet (`visit` is only given when one thread tracks them all).
                    continue
                }
                if lookahead > 1 {
                    hashes[next] = tracker.prefetchSlot(packets + next)
                    // The packet half a ring older has its slot cached by now: fetch its entry.
                    if pending >= half, let h = hashes[(next &- half) & mask] {
                        tracker.prefetchEntry(hash: h)
                    }
                }
                records[next] = record
                next = (next + 1) & mask
                pending += 1
                if pending < lookahead { continue }
            } else {
                reading = false
                if pending == 0 { break }
            }
            // Track the oldest pending packet.
            let slot = (next &- pending) & mask
            pending -= 1
            let record = records[slot]!
            if let a = tracker.track(packets + slot, record, outerHash: hashes[slot]) {
                countDecoded(packets[slot], in: &summary)
                visit(record, a)
            } else {
                // A later fragment held for its first fragment: counted once its fate is known.
                visit(record, nil)
            }
            if tracker.hasFragmentOutcomes { countFragmentOutcomes(tracker, in: &summary) }
        }
        tracker.finishFragments()
        countFragmentOutcomes(tracker, in: &summary)
        return monotonic
    }

    /// Counts held fragments that joined a connection as decoded, those given up as orphans.
    static func countFragmentOutcomes(_ tracker: ConnectionTracker, in summary: inout ReadSummary) {
        let (joined, orphaned) = tracker.takeFragmentOutcomes()
        summary.decoded &+= joined
        for _ in 0..<orphaned { summary.countUndecodable(.orphanFragment) }
    }

    /// Counts a record read in `summary` and widens the time range read so far.
    @inline(__always)
    static func countRead(
        _ record: borrowing CaptureRecord, in summary: inout ReadSummary,
        earliest: inout Int64, latest: inout Int64
    ) {
        summary.packetsRead &+= 1
        summary.bytesRead &+= UInt64(truncatingIfNeeded: record.originalLength)
        if record.timestamp < earliest { earliest = record.timestamp }
        if record.timestamp > latest { latest = record.timestamp }
    }

    /// Counts a tracked packet in `summary`: decoded, tunnelled, RoCEv2 and which kind.
    @inline(__always)
    static func countDecoded(_ packet: borrowing DecodedPacket, in summary: inout ReadSummary) {
        summary.decoded &+= 1
        if packet.tunnel != .none { summary.tunnelled &+= 1 }
        if packet.innermost.transport.truncated {
            summary.truncated &+= 1
        } else if packet.outer.transport.truncated {
            summary.truncated &+= 1
        }
        if packet.isRoCE {
            summary.rocePackets &+= 1
            if packet.roce.isCNP {
                summary.roceCNPs &+= 1
            } else if packet.roce.isNAK {
                summary.roceNAKs &+= 1
            } else if packet.roce.isAcknowledge {
                summary.roceAcks &+= 1
            }
        }
    }
}
