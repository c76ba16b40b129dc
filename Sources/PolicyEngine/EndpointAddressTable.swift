import InterlockCore

/// Endpoint ids by address: a flat open-addressing table for IPv4 (the hot path of verdict
/// lookups), a dictionary for the rarer IPv6.
///
/// Invariants: `slots.count` is a power of two at least twice the number of IPv4 entries; a slot
/// holds an address in its low 32 bits and its endpoint id in its high 32 bits, so that a probe
/// reads one 8-byte word; a slot is empty when its id is negative (`AddressSlot.empty`); an address
/// is found by linear probing from `AddressSlot.home(of:mask:)`.
struct EndpointAddressTable: Sendable {
    private var slots: [UInt64]
    private var v6: [IPv6Address: Int32] = [:]

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: AddressSlot.empty, count: size)
    }

    /// The IPv4 slots, for `VerdictIndex` to copy (the same hashing and probing).
    var ipv4Slots: [UInt64] { slots }

    /// Records `ip` as endpoint `id` unless the address is already taken (the first claim wins).
    mutating func insert(_ ip: IPAddress, _ id: Int) {
        switch ip {
        case .v4(let a):
            let mask = slots.count - 1
            var i = AddressSlot.home(of: a.value, mask: mask)
            while AddressSlot.id(slots[i]) >= 0 {
                if AddressSlot.address(slots[i]) == a.value { return }
                i = (i + 1) & mask
            }
            slots[i] = AddressSlot.make(a.value, Int32(id))
        case .v6(let a):
            if v6[a] == nil { v6[a] = Int32(id) }
        }
    }

    /// The endpoint id of an IPv4 address, or -1.
    @inline(__always) func lookup(_ a: UInt32) -> Int32 {
        slots.withUnsafeBufferPointer { AddressSlot.find(a, in: $0) }
    }

    func lookup(_ ip: IPAddress) -> Int32 {
        switch ip {
        case .v4(let a): return lookup(a.value)
        case .v6(let a): return v6[a] ?? -1
        }
    }
}

/// The 8-byte slot of `EndpointAddressTable`'s IPv4 index: address in the low half, endpoint id in the high.
enum AddressSlot {
    static let empty = UInt64.max

    @inline(__always) static func make(_ address: UInt32, _ id: Int32) -> UInt64 {
        UInt64(address) | UInt64(UInt32(bitPattern: id)) << 32
    }

    @inline(__always) static func address(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
    @inline(__always) static func id(_ slot: UInt64) -> Int32 { Int32(truncatingIfNeeded: slot >> 32) }

    /// The first slot probed for `address` in a table of `mask + 1` slots.
    @inline(__always) static func home(of address: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: HashMix.fibonacci(UInt64(address)) >> 32) & mask
    }

    /// The id stored for `address` in `slots` (a power-of-two count), or -1.
    @inline(__always) static func find(_ address: UInt32, in slots: UnsafeBufferPointer<UInt64>) -> Int32 {
        find(address, in: slots, from: home(of: address, mask: slots.count - 1))
    }

    /// `find(address, in: slots)` probing from `home`, the address's home slot (computed earlier,
    /// for instance to prefetch it).
    @inline(__always) static func find(_ address: UInt32, in slots: UnsafeBufferPointer<UInt64>, from home: Int)
        -> Int32
    {
        let mask = slots.count - 1
        var i = home
        while true {
            let slot = slots[i]
            if id(slot) < 0 || Self.address(slot) == address { return id(slot) }
            i = (i + 1) & mask
        }
    }
}
