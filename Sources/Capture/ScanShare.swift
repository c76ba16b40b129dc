import InterlockCore

/// Which packets one worker of a split scan tracks: those whose outer address pair hashes to it.
///
/// Every worker reads and decodes every record; worker 0 also counts every record read (and the
/// bad, filtered and undecodable ones), the others only the packets they track, so the workers'
/// summaries add up to one thread's.
struct ScanShare {
    /// This worker, `0..<workers`.
    var worker = 0
    /// How many workers split the packets (1: one thread tracks them all).
    var workers = 1

    /// Whether this worker counts the records read and those not tracked.
    @inline(__always) var countsEveryRecord: Bool { worker == 0 }

    /// Whether this worker tracks `packet`: by the sum of the hashes of its outer source and
    /// destination addresses (symmetric: both directions of a connection go to one worker).
    @inline(__always)
    func tracks(_ packet: UnsafePointer<DecodedPacket>) -> Bool {
        guard workers > 1 else { return true }
        let n = packet.outer.pointee.network
        let h = HashMix.fold(n.source.high, n.source.low) &+ HashMix.fold(n.destination.high, n.destination.low)
        return Int((h >> 32) % UInt64(workers)) == worker
    }
}
