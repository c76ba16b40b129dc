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
    public static func atoms(cutAt cidrs: [CIDR]) -> [AddressRange] { atoms(cutAtRanges: cidrs.map(range)) }
}
