import InterlockCore

/// Distinct port-atom sets ("profiles"), each stored once and numbered in order of first appearance.
///
/// Invariants: profile `p` is `words[p * wordCount ..< (p + 1) * wordCount]`; `slots` is an open
/// addressing table (linear probing, power-of-two size, at most half full) of profile ids + 1, 0 being
/// empty; no two profiles are equal.
struct ProfileStore: Sendable {
    let wordCount: Int
    private(set) var words: [UInt64] = []
    private var slots: [UInt32]
    private(set) var count = 0

    init(wordCount: Int) {
        self.wordCount = wordCount
        slots = Array(repeating: 0, count: 1024)
    }

    /// The id of the profile in `profile[0 ..< wordCount]`, added when new.
    mutating func intern(_ profile: UnsafePointer<UInt64>) -> UInt32 {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: ProfileStore.hash(profile, wordCount)) & mask
        while slots[i] != 0 {
            let id = Int(slots[i] - 1)
            if equal(id, profile) { return UInt32(id) }
            i = (i + 1) & mask
        }
        let id = count
        words.append(contentsOf: UnsafeBufferPointer(start: profile, count: wordCount))
        count += 1
        slots[i] = UInt32(id + 1)
        if count * 2 > slots.count { grow() }
        return UInt32(id)
    }

    /// The profile's words folded pairwise (`HashMix.fold`).
    private static func hash(_ p: UnsafePointer<UInt64>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0
        for j in 0..<count { h = HashMix.fold(h, p[j]) }
        return h
    }

    private func equal(_ id: Int, _ profile: UnsafePointer<UInt64>) -> Bool {
        words.withUnsafeBufferPointer { w in
            (0..<wordCount).allSatisfy { w[id * wordCount + $0] == profile[$0] }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        words.withUnsafeBufferPointer { w in
            for entry in old where entry != 0 {
                let id = Int(entry - 1)
                var i = Int(truncatingIfNeeded: ProfileStore.hash(w.baseAddress! + id * wordCount, wordCount)) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = entry
            }
        }
    }
}

extension ProfileStore {
    /// ANDs profile `p` into `out`.
    func and(_ p: UInt32, into out: inout [UInt64]) {
        for j in 0..<wordCount { out[j] &= words[Int(p) * wordCount + j] }
    }
}
