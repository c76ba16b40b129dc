import Foundation

/// How many cases the fuzz tests run. Under `make test` each loop runs its default, from a fixed
/// seed; `make fuzz` sets `INTERLOCK_FUZZ_CASES` to run every loop that many times instead (when
/// larger), from the same seeds.
public enum Fuzzing {
    /// `INTERLOCK_FUZZ_CASES` when set to a number larger than `defaultCount`, else `defaultCount`.
    public static func cases(_ defaultCount: Int) -> Int {
        let requested = ProcessInfo.processInfo.environment["INTERLOCK_FUZZ_CASES"].flatMap { Int($0) } ?? 0
        return max(defaultCount, requested)
    }

    /// One to four edits of `input`: a byte (drawn by `byte`) replaced, inserted or removed, or a slice
    /// of up to `maxSlice` bytes repeated.
    public static func mutate<G: RandomNumberGenerator>(
        _ input: [UInt8], maxSlice: Int, using rng: inout G, byte: (inout G) -> UInt8
    ) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...b.count, using: &rng)
            let byte = byte(&rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where at < b.count: b[at] = byte
            case 1: b.insert(byte, at: at)
            case 2 where at < b.count: b.remove(at: at)
            default:
                let end = min(b.count, at + Int.random(in: 1...maxSlice, using: &rng))
                b.insert(contentsOf: b[at..<end], at: at)
            }
        }
        return b
    }
}
