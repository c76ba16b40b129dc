import InterlockCore

/// Later IP fragments that arrived before their datagram's first fragment (reordering, or a sender
/// that sends the last fragment first), held until the first fragment comes and they join its
/// connection, or until they are given up as orphans.
///
/// Bounded like a reassembly queue: at most `perDatagram` fragments of one datagram and
/// `capacity` in all (the oldest is given up to make room), each for at most the tracker's
/// fragment timeout of capture time. Holding, releasing and giving up each cost O(1) (amortized).
///
/// Invariants: `byDatagram` holds `count` fragments, each datagram's in arrival order; `queue` from
/// `head` lists every held fragment's datagram and sequence number in arrival order, among entries
/// of fragments already released (skipped when reached); `queue` is empty when `count` is 0.
struct HeldFragments {
    /// One held fragment: what counting it needs.
    struct Fragment {
        var sequence: Int
        var source: PacketAddress
        var timestamp: Int64
        var packetNumber: Int
        var fileIndex: Int
        var frameNumber: Int
        var bytes: UInt64
        /// Whether the fragment is a packet of its own (its outer headers) rather than the inner
        /// flow of a tunnelled packet already counted: only those move the read summary.
        var isPacket: Bool
    }

    /// A datagram: addresses and `FragmentMap.identity`.
    struct Datagram: Hashable {
        var source: PacketAddress
        var destination: PacketAddress
        var identity: UInt64

        init(_ n: NetworkLayer) {
            source = n.source
            destination = n.destination
            identity = FragmentMap.identity(n)
        }
    }

    static let capacity = 4096
    static let perDatagram = 64
    private var byDatagram: [Datagram: [Fragment]] = [:]
    private var queue: [(datagram: Datagram, sequence: Int, timestamp: Int64)] = []
    private var head = 0
    private var nextSequence = 0
    private var count = 0
    /// Packets that joined a connection, and packets given up, since `takeOutcomes`.
    private var joined = 0
    private var orphaned = 0
    /// The most fragments held at once so far.
    private(set) var peak = 0

    /// Whether anything is held.
    var isEmpty: Bool { count == 0 }

    /// Holds the later fragment `n` read as `record`, first giving up what has waited longer than
    /// `timeout` (ns) and making room within the bounds.
    mutating func hold(_ n: NetworkLayer, _ record: CaptureRecord, isPacket: Bool, timeout: Int64) {
        expire(now: record.timestamp, timeout: timeout)
        let datagram = Datagram(n)
        guard byDatagram[datagram, default: []].count < HeldFragments.perDatagram else {
            if isPacket { orphaned += 1 }
            return
        }
        if count >= HeldFragments.capacity { dropOldest() }
        let f = Fragment(
            sequence: nextSequence, source: n.source, timestamp: record.timestamp,
            packetNumber: record.packetNumber, fileIndex: record.fileIndex, frameNumber: record.frameNumber,
            bytes: UInt64(truncatingIfNeeded: record.originalLength), isPacket: isPacket)
        byDatagram[datagram, default: []].append(f)
        queue.append((datagram, nextSequence, record.timestamp))
        nextSequence += 1
        count += 1
        if count > peak { peak = count }
    }

    /// Takes out the held fragments of the datagram whose first fragment `n` arrived at `now`
    /// (those that waited longer than `timeout` are given up first); they count as joined.
    mutating func release(_ n: NetworkLayer, now: Int64, timeout: Int64) -> [Fragment] {
        expire(now: now, timeout: timeout)
        guard let out = byDatagram.removeValue(forKey: Datagram(n)) else { return [] }
        joined += out.count(where: \.isPacket)
        count -= out.count
        if count == 0 { clearQueue() }
        return out
    }

    /// Gives up every fragment still held (the end of the input).
    mutating func finish() {
        for f in byDatagram.values.joined() where f.isPacket { orphaned += 1 }
        byDatagram.removeAll()
        count = 0
        clearQueue()
    }

    /// The packets that joined a connection and those given up since the last call.
    mutating func takeOutcomes() -> (joined: Int, orphaned: Int) {
        defer { (joined, orphaned) = (0, 0) }
        return (joined, orphaned)
    }

    /// Whether `takeOutcomes` has anything to report.
    var hasOutcomes: Bool { joined != 0 || orphaned != 0 }

    /// Gives up the fragments held longer than `timeout` at `now`.
    private mutating func expire(now: Int64, timeout: Int64) {
        while count > 0 {
            skipReleased()
            guard head < queue.count, now &- queue[head].timestamp > timeout else { return }
            dropOldest()
        }
    }

    /// Advances `head` past queue entries whose fragments were released.
    private mutating func skipReleased() {
        while head < queue.count {
            let (datagram, sequence, _) = queue[head]
            if byDatagram[datagram]?.first?.sequence == sequence { return }
            head += 1
        }
    }

    /// Gives up the oldest fragment still held.
    private mutating func dropOldest() {
        skipReleased()
        guard head < queue.count, var list = byDatagram[queue[head].datagram] else { return }
        let datagram = queue[head].datagram
        head += 1
        let f = list.removeFirst()
        byDatagram[datagram] = list.isEmpty ? nil : list
        if f.isPacket { orphaned += 1 }
        count -= 1
        if count == 0 {
            clearQueue()
        } else if head >= HeldFragments.capacity {
            queue.removeFirst(head)
            head = 0
        }
    }

    private mutating func clearQueue() {
        queue.removeAll(keepingCapacity: true)
        head = 0
    }
}
