import CCapturePrefetch
import Foundation

/// The flow table's key: one connection's identity, independent of packet direction.
///
/// Invariant: the endpoints are in canonical order, `(a, portA) <= (b, portB)`, so both directions
/// of a connection build the same key. `ports` is `portA << 16 | portB`; `tunnel` is
/// `kind << 24 | id`; `queuePair` is 0, or `1 << 24 | destination QP` for RoCEv2.
struct FlowKey: Equatable {
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
    init(_ layers: PacketLayers, sourcePort: UInt16, destinationPort: UInt16, tunnel: UInt32, queuePair: UInt32,
         sourceIsA: inout Bool)
    {
        let s = layers.network.source, d = layers.network.destination
        sourceIsA = s < d || (s == d && sourcePort <= destinationPort)
        if sourceIsA {
            a = s; b = d
            ports = UInt32(sourcePort) << 16 | UInt32(destinationPort)
        } else {
            a = d; b = s
            ports = UInt32(destinationPort) << 16 | UInt32(sourcePort)
        }
        proto = layers.network.proto.rawValue
        version = layers.network.version
        vlan = layers.vlan
        innerVLAN = layers.innerVLAN
        self.tunnel = tunnel
        self.queuePair = queuePair
    }

    /// 64 well-mixed bits (multiply-fold over the key's words).
    @inline(__always) var hash: UInt64 {
        @inline(__always) func mix(_ x: UInt64, _ y: UInt64) -> UInt64 {
            let m = (x ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: y ^ 0xE703_7ED1_A0B4_28DB)
            return m.high ^ m.low
        }
        let w1 = UInt64(ports) << 32 | UInt64(proto) << 24 | UInt64(version) << 16 | UInt64(vlan)
        let w2 = UInt64(innerVLAN) << 48 ^ UInt64(tunnel) << 24 ^ UInt64(queuePair)
        return mix(mix(a.high ^ w2, a.low) ^ mix(b.high, b.low), w1)
    }
}

/// An open-addressing hash table from `FlowKey` to a connection index, with linear probing over flat,
/// preallocated storage. Each slot is one 64-byte cache line holding the key and its metadata, so a
/// lookup is one hash and, almost always, one cache miss.
///
/// Invariants: `capacity` is a power of two; `count <= capacity / 2` after every insert (the table
/// doubles before exceeding it); `slots[i].meta == 0` marks an empty slot, else it holds the key's
/// hash tag in the high 32 bits and `value + 1` in the low 32, and `slots[i].key` is that key.
/// Entries are never removed: a key whose connection ended is re-pointed at its successor.
final class FlowTable {
    struct Slot {
        var key: FlowKey
        var meta: UInt64
    }

    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(expected: Int) {
        var c = 16
        while c < expected * 2 { c <<= 1 }
        capacity = c
        slots = FlowTable.allocate(c)
    }

    deinit { free(slots) }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Slot> {
        HugePages.allocate(Slot.self, count: capacity)
    }

    /// The connection index stored for `key`, or `nil`; `slot` is where it is or would go.
    @inline(__always)
    func find(_ key: FlowKey, hash: UInt64, slot: inout Int) -> Int? {
        let tag = hash >> 32
        let mask = capacity - 1
        let slots = self.slots
        var i = Int(truncatingIfNeeded: tag) & mask
        while true {
            let m = slots[i].meta
            if m == 0 { slot = i; return nil }
            if m >> 32 == tag && slots[i].key == key { slot = i; return Int(truncatingIfNeeded: m & 0xFFFF_FFFF) - 1 }
            i = (i + 1) & mask
        }
    }

    /// Asks the CPU to start loading the slot where `hash` probes first.
    @inline(__always)
    func prefetch(hash: UInt64) {
        interlock_prefetch(slots + (Int(truncatingIfNeeded: hash >> 32) & (capacity - 1)))
    }

    /// Points an existing slot (from `find`) at a new connection index.
    @inline(__always)
    func update(slot: Int, value: Int) {
        slots[slot].meta = slots[slot].meta & 0xFFFF_FFFF_0000_0000 | UInt64(value + 1)
    }

    /// Stores `key` in the empty `slot` found by `find`; may grow the table (slots found before are
    /// then stale).
    @inline(__always)
    func insert(_ key: FlowKey, hash: UInt64, slot: Int, value: Int) {
        slots[slot] = Slot(key: key, meta: (hash >> 32) << 32 | UInt64(value + 1))
        count += 1
        if count * 2 > capacity { grow() }
    }

    private func grow() {
        let old = slots, oldCapacity = capacity
        capacity *= 2
        slots = FlowTable.allocate(capacity)
        let mask = capacity - 1
        for i in 0..<oldCapacity where old[i].meta != 0 {
            var j = Int(truncatingIfNeeded: old[i].meta >> 32) & mask
            while slots[j].meta != 0 { j = (j + 1) & mask }
            slots[j] = old[i]
        }
        free(old)
    }

    /// Bytes held by the table.
    var memoryFootprint: Int { capacity * MemoryLayout<Slot>.stride }
}
