/// The hash functions of Interlock, in one place: which one a table or a route uses is a choice of
/// speed and of stability, and the constants must not drift between copies.
///
/// - `fold` for the flat open-addressing tables on per-packet and per-flow paths (the capture
///   tracker's connection table, the analyzer's memos, fragments, compiled-engine profiles): two
///   64-bit words folded into 64 well-mixed bits by one full-width multiply, its halves xored. Far
///   cheaper than a `Hasher` round; keys of more words fold them in pairs.
/// - `fibonacci` for tables keyed by one small integer (an IPv4 address): a multiply by 2^64/φ whose
///   high bits index the table.
/// - `splitMix64` for values that must be the same on every machine and every run (ECMP hashes,
///   generated identifiers, `SeededGenerator`): the SplitMix64 finalizer, bijective, full avalanche.
/// - `FNV1a` for stable hashes of names and texts (per-switch ECMP seeds, SARIF fingerprints).
public enum HashMix {
    /// 2^64 / φ, odd: the SplitMix64 increment and the Fibonacci-hashing multiplier.
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Two words into one well-mixed word (one full-width multiply).
    @inlinable @inline(__always)
    public static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let m = (x ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: y ^ 0xE703_7ED1_A0B4_28DB)
        return m.high ^ m.low
    }

    /// Fibonacci hashing: `x` times 2^64/φ; take the high bits.
    @inlinable @inline(__always)
    public static func fibonacci(_ x: UInt64) -> UInt64 { x &* golden }

    /// The SplitMix64 output function of state `x` (the state is advanced by `golden` first).
    @inlinable
    public static func splitMix64(_ x: UInt64) -> UInt64 {
        var z = x &+ golden
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64-bit FNV-1a over bytes: stable across runs, machines and Swift versions (unlike `Hasher`).
    public struct FNV1a: Sendable {
        /// The running hash, starting at the FNV-1a offset basis.
        public var value: UInt64 = 0xCBF2_9CE4_8422_2325

        /// A hash of nothing yet (the offset basis).
        public init() {}

        /// Hashes the UTF-8 bytes of `text`.
        public init(_ text: String) { add(text) }

        /// Mixes in one byte.
        public mutating func add(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }

        /// Mixes in the UTF-8 bytes of `text`.
        public mutating func add(_ text: String) {
            for b in text.utf8 { add(b) }
        }
    }
}
