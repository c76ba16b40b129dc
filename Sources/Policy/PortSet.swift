import InterlockCore

/// A set of transport ports within 1...65535, the ports a policy can name.
///
/// Invariant: `ranges` is sorted, and its ranges are disjoint and not adjacent (canonical form),
/// so that equal sets compare equal and print the same.
public struct PortSet: Hashable, Sendable, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent ranges.
    public private(set) var ranges: [PortRange]

    /// No port.
    public static let empty = PortSet(canonical: [])
    /// Every port a policy can name, 1-65535.
    public static let all = PortSet(canonical: [PortRange.valid])

    private init(canonical: [PortRange]) { ranges = canonical }

    /// The union of `ranges` (clipped to 1...65535).
    public init(_ ranges: [PortRange]) {
        let clipped = ranges.compactMap { r -> PortRange? in
            let lo = max(r.lower, 1)
            return lo <= r.upper ? PortRange(lo, r.upper) : nil
        }.sorted()
        var out: [PortRange] = []
        for r in clipped {
            if let last = out.last, Int(r.lower) <= Int(last.upper) + 1 {
                out[out.count - 1] = PortRange(last.lower, max(last.upper, r.upper))
            } else {
                out.append(r)
            }
        }
        self.ranges = out
    }

    /// The set holding one port.
    public init(port: UInt16) { self.init([PortRange(port)]) }

    /// Whether the set holds no port.
    public var isEmpty: Bool { ranges.isEmpty }
    /// Whether the set holds every port, 1-65535.
    public var isAll: Bool { ranges == [PortRange.valid] }
    /// The number of ports in the set.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `port` is in the set (a binary search over the ranges).
    public func contains(_ port: UInt16) -> Bool {
        var lo = 0
        var hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upper < port { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(port)
    }

    /// The ports of either set.
    public func union(_ other: PortSet) -> PortSet { PortSet(ranges + other.ranges) }

    /// The ports of this set that are not in `other`.
    public func subtracting(_ other: PortSet) -> PortSet {
        var out: [PortRange] = []
        var j = 0
        for r in ranges {
            var lower = Int(r.lower)
            let upper = Int(r.upper)
            while j < other.ranges.count, Int(other.ranges[j].upper) < lower { j += 1 }
            var k = j
            while lower <= upper, k < other.ranges.count, Int(other.ranges[k].lower) <= upper {
                let cut = other.ranges[k]
                if Int(cut.lower) > lower { out.append(PortRange(UInt16(lower), cut.lower - 1)) }
                lower = max(lower, Int(cut.upper) + 1)
                k += 1
            }
            if lower <= upper { out.append(PortRange(UInt16(lower), UInt16(upper))) }
        }
        return PortSet(canonical: out)
    }

    /// The ports of both sets.
    public func intersection(_ other: PortSet) -> PortSet { subtracting(PortSet.all.subtracting(other)) }

    /// Ascending comma-separated ports and ranges: `53`, `1-8079,8081-65535`.
    public var description: String { ranges.map(\.description).joined(separator: ",") }
}

/// The connections allowed between two endpoints: a port set for each protocol NetworkPolicy can
/// name (SCTP, TCP, UDP).
public struct ConnectionSet: Hashable, Sendable, CustomStringConvertible {
    /// The SCTP ports.
    public var sctp: PortSet
    /// The TCP ports.
    public var tcp: PortSet
    /// The UDP ports.
    public var udp: PortSet

    /// A set of the given ports per protocol; protocols left out get none.
    public init(sctp: PortSet = .empty, tcp: PortSet = .empty, udp: PortSet = .empty) {
        self.sctp = sctp
        self.tcp = tcp
        self.udp = udp
    }

    /// No connection at all.
    public static let none = ConnectionSet()
    /// Every port of every protocol.
    public static let all = ConnectionSet(sctp: .all, tcp: .all, udp: .all)

    /// The port set of `proto` (empty for protocols without ports).
    public subscript(proto: IPProtocol) -> PortSet {
        get {
            switch proto {
            case .tcp: return tcp
            case .udp: return udp
            case .sctp: return sctp
            default: return .empty
            }
        }
        set {
            switch proto {
            case .tcp: tcp = newValue
            case .udp: udp = newValue
            case .sctp: sctp = newValue
            default: break
            }
        }
    }

    /// Whether no port of any protocol is allowed.
    public var isEmpty: Bool { sctp.isEmpty && tcp.isEmpty && udp.isEmpty }
    /// Whether every port of every protocol is allowed.
    public var isAll: Bool { sctp.isAll && tcp.isAll && udp.isAll }

    /// The netpol-analyzer CONNS form: `All Connections`, `No Connections`, or the protocols in the
    /// order SCTP, TCP, UDP as `PROTO ports`, joined by `,` (`TCP 1-8079,8081-65535,UDP 53`).
    public var description: String {
        if isAll { return "All Connections" }
        if isEmpty { return "No Connections" }
        return IPProtocol.policyProtocols.compactMap { p in
            self[p].isEmpty ? nil : "\(p) \(self[p])"
        }.joined(separator: ",")
    }
}
