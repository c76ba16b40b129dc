import InterlockCore

/// Which packets one worker of a split scan tracks: those whose outer address pair hashes to it.
///
/// Every worker walks every record, but decodes only the packets that may be its own: the outer
/// addresses of the common frames (Ethernet, at most one 802.1Q tag, IPv4 or IPv6) are read
/// straight from the bytes (`route`), so another worker's packet is skipped before it is decoded;
/// other frames are decoded by every worker and routed by their decoded outer addresses. Worker 0
/// also counts every record read and the bad, filtered and not routed undecodable ones; a packet
/// routed from its bytes is counted (decoded or undecodable) by its own worker only, so the
/// workers' summaries add up to one thread's.
struct ScanShare {
    /// This worker, `0..<workers`.
    var worker = 0
    /// How many workers split the packets (1: one thread tracks them all).
    var workers = 1

    /// Whose packet a record is, as far as its bytes tell before decoding.
    enum Route: Equatable {
        /// This worker's: it decodes it and counts it, decodable or not.
        case mine
        /// Another worker's: skipped.
        case other
        /// Not known before decoding: every worker decodes it; worker 0 counts it if undecodable.
        case unknown
    }

    /// Whether this worker counts the records read and those not tracked.
    @inline(__always) var countsEveryRecord: Bool { worker == 0 }

    /// Whether this worker tracks `packet`: by the sum of the hashes of its outer source and
    /// destination addresses (symmetric: both directions of a connection go to one worker).
    @inline(__always)
    func tracks(_ packet: UnsafePointer<DecodedPacket>) -> Bool {
        guard workers > 1 else { return true }
        let n = packet.outer.pointee.network
        return owner(n.source, n.destination) == worker
    }

    /// The worker of the outer address pair `s`, `d` (in either order).
    @inline(__always)
    func owner(_ s: PacketAddress, _ d: PacketAddress) -> Int {
        let h = HashMix.fold(s.high, s.low) &+ HashMix.fold(d.high, d.low)
        return Int((h >> 32) % UInt64(workers))
    }

    /// The route of a record's `bytes` before decoding: for an Ethernet frame (untagged or with one
    /// 802.1Q tag) whose ethertype is IPv4 or IPv6 and whose IP header's version matches, the
    /// decoder's outer addresses are the ones at their fixed offsets, so the owner is known; every
    /// other frame is `unknown`. With one worker every record is `mine`.
    @inline(__always)
    func route(_ b: PacketBytes, linkType: LinkType) -> Route {
        guard workers > 1 else { return .mine }
        guard linkType == .ethernet, b.count >= 54, let p = b.base else { return .unknown }
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            UInt16(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        }
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            UInt32(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        }
        @inline(__always) func u64(_ o: Int) -> UInt64 {
            UInt64(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt64.self))
        }
        var o = 14
        var etherType = u16(12)
        if etherType == EtherType.vlan {
            etherType = u16(16)
            o = 18
        }
        let version = p.load(fromByteOffset: o, as: UInt8.self) >> 4
        let s: PacketAddress
        let d: PacketAddress
        if etherType == EtherType.ipv4 && version == 4 {
            s = PacketAddress(high: 0, low: UInt64(u32(o + 12)))
            d = PacketAddress(high: 0, low: UInt64(u32(o + 16)))
        } else if etherType == EtherType.ipv6 && version == 6 && b.count >= o + 40 {
            s = PacketAddress(high: u64(o + 8), low: u64(o + 16))
            d = PacketAddress(high: u64(o + 24), low: u64(o + 32))
        } else {
            return .unknown
        }
        return owner(s, d) == worker ? .mine : .other
    }
}
