/// A small, fast, deterministic random number generator (SplitMix64), so that generated clusters,
/// rule sets and captures are the same for the same seed on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        defer { state &+= HashMix.golden }
        return HashMix.splitMix64(state)
    }
}
