/// An IPv4 address, stored as a host-order 32-bit integer so that ordering and arithmetic are numeric.
public struct IPv4Address: Hashable, Comparable, Sendable {
    /// The address as a host-order integer (`10.0.0.1` is `0x0A00_0001`).
    public var value: UInt32

    /// Creates an address from its host-order integer value.
    @inlinable public init(_ value: UInt32) { self.value = value }

    /// Creates an address from its four octets, most significant first.
    @inlinable public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad notation (`192.168.0.1`); returns `nil` on anything else.
    /// Leading zeros are rejected, as modern resolvers do, because they are ambiguous (octal).
    public init?(_ text: some StringProtocol) {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var leadingZero = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 1 && leadingZero { return nil }
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if octet > 255 { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            default:
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        value = result << 8 | octet
    }

    /// Numeric order, which is also the order of the dotted-quad text read octet by octet.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    /// The four octets, most significant first.
    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)
        )
    }

    /// The lowest and highest IPv4 addresses.
    public static let zero = IPv4Address(0)
    /// 255.255.255.255.
    public static let broadcast = IPv4Address(UInt32.max)
}

extension IPv4Address: CustomStringConvertible, LosslessStringConvertible {
    /// Dotted-quad text, `10.0.0.1`.
    public var description: String {
        let (a, b, c, d) = octets
        return "\(a).\(b).\(c).\(d)"
    }

    /// Parses dotted-quad text as `init(_: some StringProtocol)` does (no leading zeros); `nil` on anything
    /// else.
    public init?(_ description: String) {
        self.init(description[...])
    }
}
