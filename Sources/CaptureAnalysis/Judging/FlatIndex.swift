import InterlockCore

/// A key that supplies its own 64 well-mixed bits (`HashMix`, no `Hasher` round per lookup).
protocol FlatHashable: Equatable {
    var mixed: UInt64 { get }
}

/// An insert-only index from keys to their positions in order of first insertion: a flat
/// open-addressing table for the analyzer's per-flow memos, where `Dictionary`'s hashing showed in
/// profiles.
///
/// Invariants: `slots.count` is a power of two, at least twice `keys.count`; a slot holds 0 (empty)
/// or `p + 1` for `keys[p]`; each key is in exactly one slot, on its probe sequence.
struct FlatIndex<Key: FlatHashable> {
    private var slots = [Int32](repeating: 0, count: 64)
    /// The keys by position.
    private(set) var keys: [Key] = []

    /// The position of `key`, or `nil`.
    func position(of key: Key) -> Int? {
        let (slot, found) = find(key)
        return found ? Int(slots[slot]) - 1 : nil
    }

    /// The position of `key`, inserted at the end when new; `inserted` says which.
    mutating func insert(_ key: Key) -> (position: Int, inserted: Bool) {
        let (slot, found) = find(key)
        if found { return (Int(slots[slot]) - 1, false) }
        keys.append(key)
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return (keys.count - 1, true)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: Key) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: key.mixed) & mask
        while slots[i] != 0 {
            if keys[Int(slots[i]) - 1] == key { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (p, key) in keys.enumerated() {
            var i = Int(truncatingIfNeeded: key.mixed) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(p + 1)
        }
    }
}

extension IPAddress {
    /// The address as two words (an IPv4 address in the low one, tagged so it differs from the
    /// IPv6 address with the same low bits), for `FlatHashable` keys.
    var words: (UInt64, UInt64) {
        switch self {
        case .v4(let a): return (1 << 63, UInt64(a.value))
        case .v6(let a): return (a.high, a.low)
        }
    }
}
