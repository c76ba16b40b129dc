/// A set of ICMP (or ICMPv6) messages by type and code: what a policy allows of one ICMP family.
///
/// A message is the key `type << 8 | code` (0...65535), so that a type is the 256 keys of its codes.
/// Invariant: `ranges` is sorted, and its ranges are disjoint and not adjacent (canonical form), so that
/// equal sets compare equal and print the same.
public struct ICMPTypeSet: Hashable, Sendable, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent ranges of message keys.
    public private(set) var ranges: [ClosedRange<UInt16>]

    /// No message.
    public static let empty = ICMPTypeSet(canonical: [])
    /// Every message: every type with every code.
    public static let all = ICMPTypeSet(canonical: [0...UInt16.max])

    private init(canonical: [ClosedRange<UInt16>]) { ranges = canonical }

    /// The union of `ranges` of message keys, in any order.
    public init(_ ranges: [ClosedRange<UInt16>]) {
        self = ranges.reduce(ICMPTypeSet.empty) { $0.union(ICMPTypeSet(canonical: [$1])) }
    }

    /// The messages of `type`: every code, or only `code`.
    public init(type: UInt8, code: UInt8? = nil) {
        let base = UInt16(type) << 8
        self.init(canonical: [code.map { base | UInt16($0)...base | UInt16($0) } ?? base...base | 255])
    }

    /// Whether the set holds no message.
    public var isEmpty: Bool { ranges.isEmpty }
    /// Whether the set holds every message.
    public var isAll: Bool { ranges == [0...UInt16.max] }

    /// Whether the message `type`/`code` is in the set.
    public func contains(type: UInt8, code: UInt8) -> Bool { contains(key: Int(type) << 8 | Int(code)) }

    private func contains(key: Int) -> Bool { ranges.contains { $0.contains(UInt16(key)) } }

    /// The messages of either set.
    public func union(_ other: ICMPTypeSet) -> ICMPTypeSet { merged(other) { $0 || $1 } }
    /// The messages of both sets.
    public func intersection(_ other: ICMPTypeSet) -> ICMPTypeSet { merged(other) { $0 && $1 } }
    /// The messages of this set that are not in `other`.
    public func subtracting(_ other: ICMPTypeSet) -> ICMPTypeSet { merged(other) { $0 && !$1 } }

    /// The keys whose membership in `self` and in `other` satisfies `keep`: a sweep over the bounds where
    /// either membership can change (each range's lower key and the key past its upper one).
    private func merged(_ other: ICMPTypeSet, keep: (Bool, Bool) -> Bool) -> ICMPTypeSet {
        var bounds: Set<Int> = [0]
        for r in ranges + other.ranges {
            bounds.insert(Int(r.lowerBound))
            bounds.insert(Int(r.upperBound) + 1)
        }
        let sorted = bounds.sorted()
        var out: [ClosedRange<UInt16>] = []
        for (k, lower) in sorted.enumerated() where lower <= Int(UInt16.max) {
            let upper = (k + 1 < sorted.count ? sorted[k + 1] : Int(UInt16.max) + 1) - 1
            guard keep(contains(key: lower), other.contains(key: lower)) else { continue }
            if let last = out.last, Int(last.upperBound) + 1 == lower {
                out[out.count - 1] = last.lowerBound...UInt16(upper)
            } else {
                out.append(UInt16(lower)...UInt16(upper))
            }
        }
        return ICMPTypeSet(canonical: out)
    }

    /// Ascending comma-separated types, a run of whole types as a range, and the messages of a type
    /// with only some codes as `type/code` or `type/code-code`: `0,8`, `3/4`, `0-7,9-255` (every type:
    /// `0-255`; empty: ``).
    public var description: String {
        var parts: [String] = []
        func codes(_ type: Int, _ lower: Int, _ upper: Int) {
            parts.append(lower == upper ? "\(type)/\(lower)" : "\(type)/\(lower)-\(upper)")
        }
        for r in ranges {
            let (lower, upper) = (Int(r.lowerBound), Int(r.upperBound))
            let (first, last) = (lower >> 8, upper >> 8)
            if first == last && (lower & 255 != 0 || upper & 255 != 255) {
                codes(first, lower & 255, upper & 255)
                continue
            }
            // Whole types from `whole` through `wholeLast`, with a partial type before or after them.
            let whole = lower & 255 == 0 ? first : first + 1
            let wholeLast = upper & 255 == 255 ? last : last - 1
            if whole > first { codes(first, lower & 255, 255) }
            if whole <= wholeLast { parts.append(whole == wholeLast ? "\(whole)" : "\(whole)-\(wholeLast)") }
            if wholeLast < last { codes(last, 0, upper & 255) }
        }
        return parts.joined(separator: ",")
    }
}
