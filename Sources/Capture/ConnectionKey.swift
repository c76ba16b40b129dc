import CPrefetch
import InterlockCore

/// The flow table's key: one connection's identity, independent of packet direction.
///
/// Invariant: the endpoints are in canonical order, `(a, portA) <= (b, portB)`, so both directions
/// of a connection build the same key. `ports` is `portA << 16 | portB`; `tunnel` is
/// `kind << 24 | id`; `queuePair` is 0, or `1 << 24 | destination QP` for RoCEv2.
struct ConnectionKey: Equatable {
    var a: PacketAddress
    var b: PacketAddress
    var ports: UInt32
    var proto: UInt8
    var version: UInt8
    var vlan: UInt16
    var innerVLAN: UInt16
    var tunnel: UInt32
    var queuePair: UInt32

    /// Builds the key of `layers` and says whether the packet's source is endpoint `a`.
    @inline(__always)
    init(
        _ layers: UnsafePointer<PacketLayers>, sourcePort: UInt16, destinationPort: UInt16, tunnel: UInt32,
        queuePair: UInt32, sourceIsA: inout Bool
    ) {
        let s = layers.pointee.network.source
        let d = layers.pointee.network.destination
        sourceIsA = s < d || (s == d && sourcePort <= destinationPort)
        if sourceIsA {
            a = s
            b = d
            ports = UInt32(sourcePort) << 16 | UInt32(destinationPort)
        } else {
            a = d
            b = s
            ports = UInt32(destinationPort) << 16 | UInt32(sourcePort)
        }
        proto = layers.pointee.network.proto.rawValue
        version = layers.pointee.network.version
        vlan = layers.pointee.vlan
        innerVLAN = layers.pointee.innerVLAN
        self.tunnel = tunnel
        self.queuePair = queuePair
    }

    /// 64 well-mixed bits (`HashMix` over the key's words).
    @inline(__always) var hash: UInt64 {
        let w1 = UInt64(ports) << 32 | UInt64(proto) << 24 | UInt64(version) << 16 | UInt64(vlan)
        let w2 = UInt64(innerVLAN) << 48 ^ UInt64(tunnel) << 24 ^ UInt64(queuePair)
        return HashMix.fold(HashMix.fold(a.high ^ w2, a.low) ^ HashMix.fold(b.high, b.low), w1)
    }
}

/// One key's entry: the key and the counters of its current connection, in two adjacent cache
/// lines, so that counting a packet touches one place. When a key's connection ends (timeout, TCP
/// close and new SYN) the counters are flushed to that connection's record and restart.
struct FlowEntry {
    var key: ConnectionKey
    /// The key's current connection.
    var connection: Int32
    /// Whether the initiator is endpoint `a` of the key (a packet whose source is `a` goes
    /// initiator → responder).
    var initiatorIsA: Bool
    var tcp: TCPState
    var packetsFromInitiator: UInt64
    var packetsFromResponder: UInt64
    var bytesFromInitiator: UInt64
    var bytesFromResponder: UInt64
    var lastTimestamp: Int64
    var lastPacket: Int
    /// Pads the entry to two cache lines (128 bytes), so that no entry straddles a third.
    var padding: (UInt64, UInt64) = (0, 0)
}

/// An open-addressing hash table from `ConnectionKey` to a `FlowEntry`: a compact index (8 bytes a slot,
/// linear probing) over entries stored densely in order of first packet.
///
/// Invariants: `capacity` is a power of two, `index.count`, and at least twice `count`; `index[i] == 0`
/// marks an empty slot, else it holds the key's hash tag in the high 32 bits and `entry + 1` in the
/// low 32; `entries[0..<count]` are the entries (the rest zeroed room) and each is referenced by
/// exactly one slot. Entries are never removed. Both buffers are on huge pages; the index of 64k keys
/// fits in L2.
final class ConnectionTable {
    @exclusivity(unchecked) private var index: OwnedBuffer<UInt64>
    @exclusivity(unchecked) private var entries: OwnedBuffer<FlowEntry>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(expected: Int) {
        var c = 16
        while c < expected * 2 { c <<= 1 }
        capacity = c
        index = OwnedBuffer(zeroed: c, hugePages: true)
        entries = OwnedBuffer(zeroed: c / 2, hugePages: true)
    }

    /// Entry `e` (below `count`) in place; the pointer is valid until the next `insert`.
    @inline(__always)
    func entry(_ e: Int) -> UnsafeMutablePointer<FlowEntry> {
        assert(e >= 0 && e < count, "entry out of range")
        return entries.baseAddress + e
    }

    /// The entry holding `key`, or `nil`; `slot` is where the key is or would go.
    @inline(__always)
    func find(_ key: ConnectionKey, hash: UInt64, slot: inout Int) -> Int? {
        let tag = hash >> 32
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: tag) & mask
        while true {
            let m = index[i]
            if m == 0 {
                slot = i
                return nil
            }
            if m >> 32 == tag {
                let e = Int(truncatingIfNeeded: m & 0xFFFF_FFFF) - 1
                if entries[e].key == key {
                    slot = i
                    return e
                }
            }
            i = (i + 1) & mask
        }
    }

    /// Starts loading the index slot `hash` probes first (stage one of the scan's prefetch).
    @inline(__always)
    func prefetchSlot(hash: UInt64) {
        interlock_prefetch(index.baseAddress + (Int(truncatingIfNeeded: hash >> 32) & (capacity - 1)))
    }

    /// Starts loading the entry `hash` most likely names (the first of its probe sequence whose
    /// slot holds its tag, among the first `prefetchProbes`), so that `find` a few packets later
    /// hits the cache (stage two, once the slot is cached).
    @inline(__always)
    func prefetchEntry(hash: UInt64) {
        let tag = hash >> 32
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: tag) & mask
        for _ in 0..<ConnectionTable.prefetchProbes {
            let m = index[i]
            if m == 0 { return }
            if m >> 32 == tag {
                let entry = UnsafeRawPointer(entries.baseAddress + (Int(truncatingIfNeeded: m & 0xFFFF_FFFF) - 1))
                interlock_prefetch(entry)
                interlock_prefetch(entry + 64)
                return
            }
            i = (i + 1) & mask
        }
    }

    /// How far `prefetchEntry` follows a probe sequence: at half load, linear probing rarely goes
    /// further, and these slots share the first one's cache line or the next.
    static let prefetchProbes = 4

    /// Adds `entry` in the empty `slot` found by `find`; returns its position. May grow (slots
    /// found before are then stale).
    @inline(__always)
    func insert(_ entry: FlowEntry, hash: UInt64, slot: Int) -> Int {
        if count == entries.count { growEntries() }
        let e = count
        entries[e] = entry
        index[slot] = (hash >> 32) << 32 | UInt64(e + 1)
        count += 1
        if count * 2 > capacity { growIndex() }
        return e
    }

    private func growEntries() {
        let bigger = OwnedBuffer<FlowEntry>(zeroed: entries.count * 2, hugePages: true)
        bigger.baseAddress.update(from: entries.baseAddress, count: count)
        entries = bigger
    }

    private func growIndex() {
        let old = index
        capacity *= 2
        index = OwnedBuffer(zeroed: capacity, hugePages: true)
        let mask = capacity - 1
        for i in 0..<old.count where old[i] != 0 {
            var j = Int(truncatingIfNeeded: old[i] >> 32) & mask
            while index[j] != 0 { j = (j + 1) & mask }
            index[j] = old[i]
        }
    }

    /// Bytes held by the table.
    var memoryFootprint: Int { capacity * 8 + entries.count * MemoryLayout<FlowEntry>.stride }
}
