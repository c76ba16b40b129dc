/// What a scan read, with every packet accounted for:
/// `packetsRead == decoded + filtered + undecodable.values.sum()`, always.
public struct ReadSummary: Sendable, Equatable {
    /// Every record read, including filtered and undecodable ones.
    public var packetsRead = 0
    /// Packets that passed the filter and were attributed to a connection.
    public var decoded = 0
    /// Packets the `--filter` expression rejected.
    public var filtered = 0
    /// Counts by reason, indexed by `UndecodableReason.rawValue`.
    private var undecodableCounts = [Int](repeating: 0, count: UndecodableReason.allCases.count)
    /// Wire bytes of all packets read.
    public var bytesRead: UInt64 = 0
    /// Decoded packets that came out of a tunnel (`TunnelKind`).
    public var tunnelled = 0
    /// Decoded packets whose transport header the snapshot length cut after the ports.
    public var truncated = 0
    /// RoCEv2 packets, and among them CNPs, acknowledges (positive) and NAKs.
    public var rocePackets = 0
    /// Of those, congestion notification packets.
    public var roceCNPs = 0
    /// Of those, positive acknowledges.
    public var roceAcks = 0
    /// Of those, negative acknowledges.
    public var roceNAKs = 0
    /// Records read from flow logs (each a connection, an event or an aggregate of connections, by
    /// format); they are not packets and count in none of the packet figures.
    public var flowLogRecords = 0
    /// Earliest and latest timestamp read (ns), `nil` before the first packet.
    public var firstTimestamp: Int64? = nil
    /// The latest timestamp read (ns), `nil` before the first packet.
    public var lastTimestamp: Int64? = nil

    /// Nothing read yet.
    public init() {}

    @inline(__always) mutating func countUndecodable(_ reason: UndecodableReason) {
        undecodableCounts[Int(reason.rawValue)] += 1
    }

    /// Undecodable packets by reason (only reasons that occurred).
    public var undecodable: [UndecodableReason: Int] {
        var out: [UndecodableReason: Int] = [:]
        for r in UndecodableReason.allCases where undecodableCounts[Int(r.rawValue)] > 0 {
            out[r] = undecodableCounts[Int(r.rawValue)]
        }
        return out
    }

    /// Widens the time range to `earliest...latest` (no change when `earliest > latest`: nothing read).
    public mutating func noteTimes(_ earliest: Int64, _ latest: Int64) {
        guard earliest <= latest else { return }
        firstTimestamp = min(firstTimestamp ?? earliest, earliest)
        lastTimestamp = max(lastTimestamp ?? latest, latest)
    }

    /// Adds the counts of `other`, a summary of other packets of the same stream, and widens the
    /// time range to cover both.
    mutating func add(_ other: ReadSummary) {
        let counts: [WritableKeyPath<ReadSummary, Int>] = [
            \.packetsRead, \.decoded, \.filtered, \.flowLogRecords, \.tunnelled, \.truncated, \.rocePackets, \.roceCNPs,
            \.roceAcks,
            \.roceNAKs,
        ]
        for count in counts { self[keyPath: count] += other[keyPath: count] }
        for r in undecodableCounts.indices { undecodableCounts[r] += other.undecodableCounts[r] }
        bytesRead &+= other.bytesRead
        if let first = other.firstTimestamp, let last = other.lastTimestamp { noteTimes(first, last) }
    }

    /// Undecodable packets over all reasons.
    public var undecodableTotal: Int { undecodableCounts.reduce(0, +) }
}
