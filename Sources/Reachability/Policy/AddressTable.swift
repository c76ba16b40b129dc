import InterlockCore

/// Endpoint ids by address: a flat open-addressing table for IPv4 (the hot path of verdict
/// lookups), a dictionary for the rarer IPv6.
///
/// Invariants: `keys.count == values.count` is a power of two at least twice the number of IPv4
/// entries; a slot is empty when its value is -1; an address is found by linear probing from
/// `slot(of:)`.
struct AddressTable: Sendable {
    private var keys: [UInt32]
    private var values: [Int32]
    private var v6: [IPv6Address: Int32] = [:]

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
    }

    /// The IPv4 slots, for `VerdictIndex` to copy (the same hashing and probing).
    var ipv4Slots: (keys: [UInt32], values: [Int32]) { (keys, values) }

    @inline(__always) private func slot(of key: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (keys.count - 1)
    }

    /// Records `ip` as endpoint `id` unless the address is already taken (the first claim wins).
    mutating func insert(_ ip: IPAddress, _ id: Int) {
        switch ip {
        case .v4(let a):
            var i = slot(of: a.value)
            while values[i] >= 0 {
                if keys[i] == a.value { return }
                i = (i + 1) & (keys.count - 1)
            }
            keys[i] = a.value
            values[i] = Int32(id)
        case .v6(let a):
            if v6[a] == nil { v6[a] = Int32(id) }
        }
    }

    /// The endpoint id of an IPv4 address, or -1.
    @inline(__always) func lookup(_ a: UInt32) -> Int32 {
        var i = slot(of: a)
        while values[i] >= 0 {
            if keys[i] == a { return values[i] }
            i = (i + 1) & (keys.count - 1)
        }
        return -1
    }

    func lookup(_ ip: IPAddress) -> Int32 {
        switch ip {
        case .v4(let a): return lookup(a.value)
        case .v6(let a): return v6[a] ?? -1
        }
    }
}
