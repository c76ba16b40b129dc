import InterlockCore

/// An IPv4 or IPv6 address in the flat form the decoder and the flow table use: two 64-bit halves,
/// IPv4 in the low 32 bits with the high half zero. The family travels beside it (`NetworkLayer.version`).
public struct PacketAddress: Hashable, Comparable, Sendable, BitwiseCopyable {
    /// The upper 64 bits of an IPv6 address; 0 for IPv4.
    public var high: UInt64
    /// The lower 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits.
    public var low: UInt64

    /// An address from its two halves.
    @inlinable public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The flat form of `address`.
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

    /// By high half, then low half (IPv4 addresses sort by value).
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    /// The all-zero address (`0.0.0.0` or `::`).
    public static let zero = PacketAddress(high: 0, low: 0)
}
