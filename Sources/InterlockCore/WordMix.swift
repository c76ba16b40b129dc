/// The hash of the flat open-addressing tables on per-packet and per-flow paths (the capture
/// tracker's flow table, the capture analyzer's memos): two 64-bit words folded into 64 well-mixed
/// bits by one full-width multiply, its halves xored. Far cheaper than a `Hasher` round; keys made
/// of more words fold them in pairs.
public enum WordMix {
    @inlinable @inline(__always)
    public static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let m = (x ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: y ^ 0xE703_7ED1_A0B4_28DB)
        return m.high ^ m.low
    }
}
