/// An inclusive range of transport ports, `lower...upper`.
///
/// Invariant: `lower <= upper`.
public struct PortRange: Hashable, Comparable, Sendable {
    /// The first port of the range.
    public let lower: UInt16
    /// The last port of the range (inclusive).
    public let upper: UInt16

    /// Every port, 0 through 65535.
    public static let all = PortRange(0, 65535)
    /// The ports Kubernetes lets a policy name, 1 through 65535.
    public static let valid = PortRange(1, 65535)

    /// The range `lower...upper`; traps when `lower > upper`.
    public init(_ lower: UInt16, _ upper: UInt16) {
        precondition(lower <= upper, "PortRange lower bound above upper bound")
        self.lower = lower
        self.upper = upper
    }

    /// A single port.
    public init(_ port: UInt16) { self.init(port, port) }

    /// Parses `N` or `N-M`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let lo = UInt16(parts[0]) else { return nil }
        let hi = parts.count == 2 ? UInt16(parts[1]) : lo
        guard let hi, lo <= hi else { return nil }
        self.init(lo, hi)
    }

    /// Whether `port` is inside the range, bounds included.
    @inlinable public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }
    /// How many ports the range holds (at least 1).
    public var count: Int { Int(upper) - Int(lower) + 1 }

    /// Whether the two ranges share a port.
    public func overlaps(_ other: PortRange) -> Bool { lower <= other.upper && other.lower <= upper }

    /// By lower bound, then by upper bound.
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.lower, lhs.upper) < (rhs.lower, rhs.upper) }
}

extension PortRange: CustomStringConvertible {
    /// `N` for a single port, `N-M` otherwise.
    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}
