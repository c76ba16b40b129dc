import InterlockCore

/// Remembers which flow-table entry the first fragment of each recent IP datagram went to, so that the
/// later fragments (which carry no ports) are attributed to it.
///
/// A direct-mapped cache of fixed size: one slot per hash of (version, addresses, protocol,
/// identification); a newer datagram overwrites an older one in its slot. Memory is bounded and no
/// packet allocates. Invariant: `entry[i] < 0` marks an empty slot.
struct FragmentMap {
    static let slots = 1 << 14
    private var sources: [PacketAddress]
    private var destinations: [PacketAddress]
    private var identities: [UInt64]
    private var entry: [Int32]

    init() {
        sources = Array(repeating: .zero, count: FragmentMap.slots)
        destinations = Array(repeating: .zero, count: FragmentMap.slots)
        identities = Array(repeating: 0, count: FragmentMap.slots)
        entry = Array(repeating: -1, count: FragmentMap.slots)
    }

    /// The datagram's identification, protocol and IP version in one word.
    @inline(__always)
    static func identity(_ n: NetworkLayer) -> UInt64 {
        UInt64(n.fragmentID) << 16 | UInt64(n.proto.rawValue) << 8 | UInt64(n.version)
    }

    @inline(__always)
    private static func slot(_ n: NetworkLayer) -> Int {
        let h = HashMix.fold(
            n.source.low ^ HashMix.fibonacci(n.destination.low) ^ n.source.high ^ n.destination.high,
            identity(n))
        return Int(truncatingIfNeeded: h >> 40) & (slots - 1)
    }

    /// Records that the datagram of first fragment `n` belongs to flow entry `index`.
    mutating func insert(_ n: NetworkLayer, entry index: Int) {
        let s = FragmentMap.slot(n)
        sources[s] = n.source
        destinations[s] = n.destination
        identities[s] = FragmentMap.identity(n)
        entry[s] = Int32(truncatingIfNeeded: index)
    }

    /// The flow entry of later fragment `n`'s first fragment, if it was seen and not overwritten.
    func lookup(_ n: NetworkLayer) -> Int? {
        let s = FragmentMap.slot(n)
        guard entry[s] >= 0, sources[s] == n.source, destinations[s] == n.destination,
            identities[s] == FragmentMap.identity(n)
        else { return nil }
        return Int(entry[s])
    }
}
