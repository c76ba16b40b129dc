import InterlockCore

/// An IPv4 or IPv6 address in the flat form the decoder and the flow table use: two 64-bit halves,
/// IPv4 in the low 32 bits with the high half zero. The family travels beside it (`NetworkLayer.version`).
public struct PacketAddress: Hashable, Comparable, Sendable, BitwiseCopyable {
    public var high: UInt64
    public var low: UInt64

    @inlinable public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    @inlinable public init(_ address: IPAddress) {
        switch address {
        case .v4(let a): self.init(high: 0, low: UInt64(a.value))
        case .v6(let a): self.init(high: a.high, low: a.low)
        }
    }

    /// The address as the shared vocabulary type, given its IP version.
    @inlinable public func ipAddress(version: UInt8) -> IPAddress {
        version == 6 ? .v6(IPv6Address(high: high, low: low)) : .v4(IPv4Address(UInt32(truncatingIfNeeded: low)))
    }

    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    public static let zero = PacketAddress(high: 0, low: 0)
}
