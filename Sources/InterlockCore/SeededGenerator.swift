/// A small, fast, deterministic random number generator (SplitMix64), so that generated clusters,
/// rule sets and captures are the same for the same seed on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next value of the sequence: the SplitMix64 output of the state, which then advances by the
    /// golden-ratio increment.
    public mutating func next() -> UInt64 {
        defer { state &+= HashMix.golden }
        return HashMix.splitMix64(state)
    }
}
