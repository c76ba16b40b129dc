/// An IPv6 address, stored as two host-order 64-bit halves so that ordering is numeric.
public struct IPv6Address: Hashable, Comparable, Sendable {
    /// The most significant 64 bits.
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    /// An address from its two halves, most significant first.
    @inlinable public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an address from 16 network-order bytes; `nil` unless exactly 16 bytes are given.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        high = h
        low = l
    }

    /// Parses RFC 4291 text: eight groups, `::` compression, and an embedded dotted-quad tail
    /// (`::ffff:10.0.0.1`). Zone indices (`%eth0`) are not accepted.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if allowV4Tail && i == fields.count - 1 && f.contains(".") {
                    guard let v4 = IPv4Address(f) else { return nil }
                    out.append(UInt16(v4.value >> 16))
                    out.append(UInt16(truncatingIfNeeded: v4.value))
                    continue
                }
                guard (1...4).contains(f.utf8.count), let g = UInt16(f, radix: 16) else { return nil }
                out.append(g)
            }
            return out
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowV4Tail: false),
                let tail = groups(halves[1], allowV4Tail: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let g = groups(halves[0], allowV4Tail: true), g.count == 8 else { return nil }
            all = g
        }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(all[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(all[i]) }
        high = h
        low = l
    }

    /// Numeric order: the high half, then the low half.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
    }
}

extension IPv6Address: CustomStringConvertible {
    /// RFC 5952 canonical text: lowercase, leading zeros dropped, the longest run of two or more
    /// zero groups (the first on a tie) compressed to `::`.
    public var description: String {
        let g = groups
        var bestStart = -1
        var bestLen = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && g[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLen {
                    bestStart = runStart
                    bestLen = i - runStart
                }
                runStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLen
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(g[i], radix: 16)
            i += 1
        }
        return out
    }
}
