/// An IPv4 prefix such as `10.0.0.0/8`.
///
/// Invariant: `network` has no bits set below the prefix (`network.value & ~mask == 0`).
public struct IPv4CIDR: Hashable, Comparable, Sendable {
    /// The first address of the prefix.
    public let network: IPv4Address
    /// The prefix length, 0...32.
    public let prefixLength: Int

    /// Creates a prefix, clearing any host bits of `address`.
    public init(_ address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength), "IPv4 prefix length out of range")
        self.prefixLength = prefixLength
        self.network = IPv4Address(address.value & IPv4CIDR.mask(prefixLength))
    }

    /// Parses `A.B.C.D/N`, or a bare address as a /32. Host bits below the prefix are cleared
    /// unless `strict` is set, in which case such text is rejected.
    public init?(_ text: some StringProtocol, strict: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(parts[0]) else { return nil }
        var length = 32
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...32).contains(n), parts[1].first != "+" else { return nil }
            length = n
        }
        if strict && address.value & ~IPv4CIDR.mask(length) != 0 { return nil }
        self.init(address, prefixLength: length)
    }

    /// The netmask for a prefix length (`/24` is `0xFFFF_FF00`).
    @inlinable public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    /// The first and last address covered.
    public var range: ClosedRange<IPv4Address> { first...last }
    /// The lowest address of the prefix (its network address).
    public var first: IPv4Address { network }
    /// The highest address of the prefix (every host bit set).
    public var last: IPv4Address { IPv4Address(network.value | ~IPv4CIDR.mask(prefixLength)) }
    /// The number of addresses covered (2^(32-prefix)).
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// Whether `address` lies inside the prefix.
    @inlinable public func contains(_ address: IPv4Address) -> Bool {
        address.value & IPv4CIDR.mask(prefixLength) == network.value
    }

    /// Whether every address of `other` is inside this prefix.
    public func contains(_ other: IPv4CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    /// Whether the two prefixes share any address; for prefixes this means one contains the other.
    public func overlaps(_ other: IPv4CIDR) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// The `index`-th address of the prefix, or `nil` past its end.
    public func address(at index: UInt64) -> IPv4Address? {
        guard index < size else { return nil }
        return IPv4Address(network.value &+ UInt32(index))
    }

    /// Splits into `2^(newLength-prefixLength)` equal sub-prefixes and returns the `index`-th one.
    public func subnet(_ index: UInt64, prefixLength newLength: Int) -> IPv4CIDR? {
        guard newLength >= prefixLength, newLength <= 32,
            index < UInt64(1) << UInt64(newLength - prefixLength)
        else { return nil }
        let offset = newLength == 32 ? UInt32(index) : UInt32(index) << UInt32(32 - newLength)
        return IPv4CIDR(IPv4Address(network.value | offset), prefixLength: newLength)
    }

    /// Orders by network address, then by prefix length (shorter first).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }
}

extension IPv4CIDR: CustomStringConvertible {
    /// `A.B.C.D/N`.
    public var description: String { "\(network)/\(prefixLength)" }
}

/// An IPv6 prefix such as `fd00::/8`.
///
/// Invariant: `network` has no bits set below the prefix.
public struct IPv6CIDR: Hashable, Comparable, Sendable {
    /// The first address of the prefix.
    public let network: IPv6Address
    /// The prefix length, 0...128.
    public let prefixLength: Int

    /// Creates a prefix, clearing any host bits of `address`.
    public init(_ address: IPv6Address, prefixLength: Int) {
        precondition((0...128).contains(prefixLength), "IPv6 prefix length out of range")
        self.prefixLength = prefixLength
        let (mh, ml) = IPv6CIDR.mask(prefixLength)
        network = IPv6Address(high: address.high & mh, low: address.low & ml)
    }

    /// Parses `ADDR/N` or a bare address as a /128; `strict` rejects host bits below the prefix.
    public init?(_ text: some StringProtocol, strict: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv6Address(parts[0]) else { return nil }
        var length = 128
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...128).contains(n), parts[1].first != "+" else { return nil }
            length = n
        }
        let (mh, ml) = IPv6CIDR.mask(length)
        if strict && (address.high & ~mh != 0 || address.low & ~ml != 0) { return nil }
        self.init(address, prefixLength: length)
    }

    /// The netmask as (high, low) halves.
    public static func mask(_ prefixLength: Int) -> (UInt64, UInt64) {
        switch prefixLength {
        case 0: return (0, 0)
        case 1...64: return (UInt64.max << UInt64(64 - prefixLength), 0)
        case 128: return (UInt64.max, UInt64.max)
        default: return (UInt64.max, UInt64.max << UInt64(128 - prefixLength))
        }
    }

    /// The lowest address of the prefix (its network address).
    public var first: IPv6Address { network }
    /// The highest address of the prefix (every host bit set).
    public var last: IPv6Address {
        let (mh, ml) = IPv6CIDR.mask(prefixLength)
        return IPv6Address(high: network.high | ~mh, low: network.low | ~ml)
    }

    /// Whether `address` lies inside the prefix.
    public func contains(_ address: IPv6Address) -> Bool {
        let (mh, ml) = IPv6CIDR.mask(prefixLength)
        return address.high & mh == network.high && address.low & ml == network.low
    }

    /// Whether every address of `other` is inside this prefix.
    public func contains(_ other: IPv6CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    /// Whether the two prefixes share any address; for prefixes this means one contains the other.
    public func overlaps(_ other: IPv6CIDR) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// Orders by network address, then by prefix length (shorter first).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }
}

extension IPv6CIDR: CustomStringConvertible {
    /// The address as RFC 5952 text, then `/` and the prefix length.
    public var description: String { "\(network)/\(prefixLength)" }
}

/// An IPv4 or IPv6 prefix.
public enum CIDR: Hashable, Comparable, Sendable {
    /// An IPv4 prefix.
    case v4(IPv4CIDR)
    /// An IPv6 prefix.
    case v6(IPv6CIDR)

    /// Parses either family (IPv6 when the text holds a colon).
    public init?(_ text: some StringProtocol, strict: Bool = false) {
        if text.contains(":") {
            guard let c = IPv6CIDR(text, strict: strict) else { return nil }
            self = .v6(c)
        } else {
            guard let c = IPv4CIDR(text, strict: strict) else { return nil }
            self = .v4(c)
        }
    }

    /// The prefix length of either family (0...32 or 0...128).
    public var prefixLength: Int {
        switch self {
        case .v4(let c): return c.prefixLength
        case .v6(let c): return c.prefixLength
        }
    }

    /// Whether `address` lies inside the prefix; an address of the other family never does.
    public func contains(_ address: IPAddress) -> Bool {
        switch (self, address) {
        case (.v4(let c), .v4(let a)): return c.contains(a)
        case (.v6(let c), .v6(let a)): return c.contains(a)
        default: return false
        }
    }

    /// Whether every address of `other` is inside this prefix (false across families).
    public func contains(_ other: CIDR) -> Bool {
        switch (self, other) {
        case (.v4(let a), .v4(let b)): return a.contains(b)
        case (.v6(let a), .v6(let b)): return a.contains(b)
        default: return false
        }
    }

    /// Whether the two prefixes share any address (false across families).
    public func overlaps(_ other: CIDR) -> Bool {
        switch (self, other) {
        case (.v4(let a), .v4(let b)): return a.overlaps(b)
        case (.v6(let a), .v6(let b)): return a.overlaps(b)
        default: return false
        }
    }

    /// IPv4 prefixes before IPv6 ones; within a family, by network address, then prefix length.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

extension CIDR: CustomStringConvertible {
    /// The prefix as written in CIDR notation, `10.0.0.0/8` or `fd00::/8`.
    public var description: String {
        switch self {
        case .v4(let c): return c.description
        case .v6(let c): return c.description
        }
    }
}
