/// An IPv4 or IPv6 address. IPv4 sorts before IPv6.
public enum IPAddress: Hashable, Comparable, Sendable {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses either family; IPv6 is tried when the text holds a colon.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let a = IPv6Address(text) else { return nil }
            self = .v6(a)
        } else {
            guard let a = IPv4Address(text) else { return nil }
            self = .v4(a)
        }
    }

    /// The IP version, 4 or 6.
    public var version: Int {
        if case .v4 = self { return 4 }
        return 6
    }

    /// IPv4 before IPv6; within a family, numerically.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

extension IPAddress: CustomStringConvertible {
    /// Dotted-quad text for IPv4, RFC 5952 canonical text for IPv6.
    public var description: String {
        switch self {
        case .v4(let a): return a.description
        case .v6(let a): return a.description
        }
    }
}
