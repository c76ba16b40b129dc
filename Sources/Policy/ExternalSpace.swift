import InterlockCore

/// An inclusive range of addresses of one family.
public struct AddressRange: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first address of the range.
    public var first: IPAddress
    /// The last address of the range (inclusive), of the same family as `first`.
    public var last: IPAddress

    /// The range `first...last`.
    public init(first: IPAddress, last: IPAddress) {
        self.first = first
        self.last = last
    }

    /// `A.B.C.D-E.F.G.H`.
    public var description: String { "\(first)-\(last)" }

    /// By first address, then last.
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.first, lhs.last) < (rhs.first, rhs.last) }
}

/// Address space outside the cluster, cut into atoms at CIDR boundaries: every address of an atom
/// is inside or outside each given CIDR alike, so one address answers for the whole atom.
public enum ExternalSpace {
    /// The IPv4 space cut at the first address of every CIDR and at the address after its last, in
    /// order (the whole space when there are no IPv4 CIDRs); then, if any IPv6 CIDR is given, the
    /// IPv6 space cut the same way.
    public static func atoms(cutAt cidrs: [CIDR]) -> [AddressRange] {
        var v4: Set<UInt64> = [0]
        var v6: Set<V6> = []
        for cidr in cidrs {
            switch cidr {
            case .v4(let c):
                v4.insert(UInt64(c.first.value))
                v4.insert(UInt64(c.last.value) + 1)
            case .v6(let c):
                v6.insert(V6(c.first))
                if let next = V6(c.last).successor { v6.insert(next) }
            }
        }
        let points4 = v4.filter { $0 <= UInt64(UInt32.max) }.sorted()
        var out = points4.indices.map { k in
            AddressRange(
                first: .v4(IPv4Address(UInt32(points4[k]))),
                last: .v4(IPv4Address(k + 1 < points4.count ? UInt32(points4[k + 1] - 1) : UInt32.max)))
        }
        guard !v6.isEmpty else { return out }
        v6.insert(V6(high: 0, low: 0))
        let points6 = v6.sorted()
        for k in points6.indices {
            let last = k + 1 < points6.count ? points6[k + 1].predecessor : V6(high: .max, low: .max)
            out.append(AddressRange(first: .v6(points6[k].address), last: .v6(last.address)))
        }
        return out
    }

    /// An IPv6 address as a 128-bit number.
    private struct V6: Hashable, Comparable {
        var high: UInt64
        var low: UInt64
        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }
        init(_ a: IPv6Address) {
            high = a.high
            low = a.low
        }
        var address: IPv6Address { IPv6Address(high: high, low: low) }
        var successor: V6? {
            if low < .max { return V6(high: high, low: low + 1) }
            return high < .max ? V6(high: high + 1, low: 0) : nil
        }
        var predecessor: V6 { low > 0 ? V6(high: high, low: low - 1) : V6(high: high - 1, low: .max) }
        static func < (a: V6, b: V6) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }
}
