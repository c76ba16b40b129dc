import InterlockCore

/// Later IP fragments that arrived before their datagram's first fragment (reordering, or a sender
/// that sends the last fragment first), held until the first fragment comes and they join its
/// connection, or until they are given up as orphans.
///
/// Bounded like a reassembly queue: at most `perDatagram` fragments of one datagram and
/// `capacity` in all (the oldest is given up to make room), each for at most the tracker's
/// fragment timeout of capture time. Invariant: `held` is in arrival order from `head`; the slots
/// before `head` are spent.
struct HeldFragments {
    /// One held fragment: its datagram's identity and what counting it needs.
    struct Fragment {
        var source: PacketAddress
        var destination: PacketAddress
        var identity: UInt64
        var timestamp: Int64
        var packetNumber: Int
        var fileIndex: Int
        var frameNumber: Int
        var bytes: UInt64
        /// Whether the fragment is a packet of its own (its outer headers) rather than the inner
        /// flow of a tunnelled packet already counted: only those move the read summary.
        var isPacket: Bool
    }

    static let capacity = 4096
    static let perDatagram = 64
    private var held: [Fragment] = []
    private var head = 0
    /// Packets that joined a connection, and packets given up, since `takeOutcomes`.
    private var joined = 0
    private var orphaned = 0

    /// Whether anything is held.
    var isEmpty: Bool { head == held.count }

    /// Holds the later fragment `n` read as `record`, first giving up what has waited longer than
    /// `timeout` (ns) and making room within the bounds.
    mutating func hold(_ n: NetworkLayer, _ record: CaptureRecord, isPacket: Bool, timeout: Int64) {
        let identity = FragmentMap.identity(n)
        expire(now: record.timestamp, timeout: timeout)
        var same = 0
        for i in head..<held.count
        where held[i].identity == identity && held[i].source == n.source && held[i].destination == n.destination {
            same += 1
        }
        guard same < HeldFragments.perDatagram else {
            if isPacket { orphaned += 1 }
            return
        }
        if held.count - head >= HeldFragments.capacity { drop(1) }
        held.append(
            Fragment(
                source: n.source, destination: n.destination, identity: identity, timestamp: record.timestamp,
                packetNumber: record.packetNumber, fileIndex: record.fileIndex, frameNumber: record.frameNumber,
                bytes: UInt64(truncatingIfNeeded: record.originalLength), isPacket: isPacket))
    }

    /// Takes out the held fragments of the datagram whose first fragment `n` arrived at `now`
    /// (those that waited longer than `timeout` are given up first); they count as joined.
    mutating func release(_ n: NetworkLayer, now: Int64, timeout: Int64) -> [Fragment] {
        expire(now: now, timeout: timeout)
        let identity = FragmentMap.identity(n)
        var out: [Fragment] = []
        var kept: [Fragment] = []
        for f in held[head...] {
            if f.identity == identity && f.source == n.source && f.destination == n.destination {
                out.append(f)
                if f.isPacket { joined += 1 }
            } else {
                kept.append(f)
            }
        }
        if !out.isEmpty {
            held = kept
            head = 0
        }
        return out
    }

    /// Gives up every fragment still held (the end of the input).
    mutating func finish() { drop(held.count - head) }

    /// The packets that joined a connection and those given up since the last call.
    mutating func takeOutcomes() -> (joined: Int, orphaned: Int) {
        defer { (joined, orphaned) = (0, 0) }
        return (joined, orphaned)
    }

    /// Whether `takeOutcomes` has anything to report.
    var hasOutcomes: Bool { joined != 0 || orphaned != 0 }

    private mutating func expire(now: Int64, timeout: Int64) {
        var n = 0
        while head + n < held.count && now &- held[head + n].timestamp > timeout { n += 1 }
        drop(n)
    }

    /// Gives up the `n` oldest fragments.
    private mutating func drop(_ n: Int) {
        guard n > 0 else { return }
        for f in held[head..<(head + n)] where f.isPacket { orphaned += 1 }
        head += n
        if head == held.count {
            held.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= HeldFragments.capacity {
            held.removeFirst(head)
            head = 0
        }
    }
}
