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
/// name (SCTP, TCP, UDP), and the ICMP and ICMPv6 messages.
///
/// ICMP is tracked only where a policy in force names it (a Calico or Cilium rule about ICMP): a set
/// that tracks none keeps netpol-analyzer's model, whose connections are SCTP, TCP and UDP, and where
/// `All Connections` includes ICMP: its messages are every one when every port is allowed, else none.
/// Equality and hashing compare the messages so implied.
public struct ConnectionSet: Hashable, Sendable, CustomStringConvertible {
    /// The SCTP ports.
    public var sctp: PortSet
    /// The TCP ports.
    public var tcp: PortSet
    /// The UDP ports.
    public var udp: PortSet
    /// The tracked ICMP and ICMPv6 messages; `nil` when implied by the ports.
    private var tracked: (icmp: ICMPTypeSet, icmpv6: ICMPTypeSet)?

    /// A set of the given ports per protocol; protocols left out get none. With `icmp` or `icmpv6`, the
    /// set tracks ICMP (a family left out gets no message).
    public init(
        sctp: PortSet = .empty, tcp: PortSet = .empty, udp: PortSet = .empty, icmp: ICMPTypeSet? = nil,
        icmpv6: ICMPTypeSet? = nil
    ) {
        self.sctp = sctp
        self.tcp = tcp
        self.udp = udp
        if icmp != nil || icmpv6 != nil { tracked = (icmp ?? .empty, icmpv6 ?? .empty) }
    }

    /// No connection at all.
    public static let none = ConnectionSet()
    /// Every port of every protocol, and every ICMP and ICMPv6 message.
    public static let all = ConnectionSet(sctp: .all, tcp: .all, udp: .all)

    /// Whether the set tracks ICMP messages rather than implying them from its ports.
    public var tracksICMP: Bool { tracked != nil }
    /// The ICMP (IPv4) messages allowed.
    public var icmp: ICMPTypeSet { tracked?.icmp ?? impliedICMP }
    /// The ICMPv6 messages allowed.
    public var icmpv6: ICMPTypeSet { tracked?.icmpv6 ?? impliedICMP }
    /// What a set that does not track ICMP allows of it: everything with every port, else nothing.
    private var impliedICMP: ICMPTypeSet { sctp.isAll && tcp.isAll && udp.isAll ? .all : .empty }

    /// The set with these ICMP and ICMPv6 messages, tracked.
    public func tracking(icmp: ICMPTypeSet, icmpv6: ICMPTypeSet) -> ConnectionSet {
        var out = self
        out.tracked = (icmp, icmpv6)
        return out
    }

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

    /// Whether no port of any protocol and no ICMP message is allowed.
    public var isEmpty: Bool { sctp.isEmpty && tcp.isEmpty && udp.isEmpty && icmp.isEmpty && icmpv6.isEmpty }
    /// Whether every port of every protocol and every ICMP message is allowed.
    public var isAll: Bool { sctp.isAll && tcp.isAll && udp.isAll && icmp.isAll && icmpv6.isAll }

    /// The union, protocol by protocol; it tracks ICMP when either set does.
    public func union(_ other: ConnectionSet) -> ConnectionSet { combined(other, { $0.union($1) }, { $0.union($1) }) }

    /// The intersection, protocol by protocol (without allocating when either side is all or none, the
    /// common case of rules about all traffic); it tracks ICMP when either set does.
    public func intersecting(_ other: ConnectionSet) -> ConnectionSet {
        if other.isAll || isEmpty { return self }
        if isAll || other.isEmpty { return other }
        return combined(other, { $0.intersection($1) }, { $0.intersection($1) })
    }

    /// What is in `self` and not in `other`, protocol by protocol; it tracks ICMP when either set does.
    public func subtracting(_ other: ConnectionSet) -> ConnectionSet {
        if other.isEmpty || isEmpty { return self }
        if other.isAll { return .none }
        return combined(other, { $0.subtracting($1) }, { $0.subtracting($1) })
    }

    private func combined(
        _ other: ConnectionSet, _ ports: (PortSet, PortSet) -> PortSet,
        _ messages: (ICMPTypeSet, ICMPTypeSet) -> ICMPTypeSet
    ) -> ConnectionSet {
        let out = ConnectionSet(sctp: ports(sctp, other.sctp), tcp: ports(tcp, other.tcp), udp: ports(udp, other.udp))
        guard tracksICMP || other.tracksICMP else { return out }
        return out.tracking(icmp: messages(icmp, other.icmp), icmpv6: messages(icmpv6, other.icmpv6))
    }

    /// Equal when the ports and the ICMP messages (tracked or implied) are.
    public static func == (lhs: ConnectionSet, rhs: ConnectionSet) -> Bool {
        lhs.sctp == rhs.sctp && lhs.tcp == rhs.tcp && lhs.udp == rhs.udp && lhs.icmp == rhs.icmp
            && lhs.icmpv6 == rhs.icmpv6
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sctp)
        hasher.combine(tcp)
        hasher.combine(udp)
        hasher.combine(icmp)
        hasher.combine(icmpv6)
    }

    /// The netpol-analyzer CONNS form: `All Connections`, `No Connections`, or the protocols in the
    /// order SCTP, TCP, UDP as `PROTO ports`, then ICMP and ICMPv6 as `ICMP types` (`ICMPTypeSet`; a
    /// bare `ICMP` for every message), joined by `,` (`TCP 1-8079,8081-65535,UDP 53,ICMP 0,8`).
    public var description: String {
        if isAll { return "All Connections" }
        if isEmpty { return "No Connections" }
        let ports = IPProtocol.policyProtocols.compactMap { p in
            self[p].isEmpty ? nil : "\(p) \(self[p])"
        }
        let messages = [(IPProtocol.icmp, icmp), (.icmpv6, icmpv6)].compactMap { p, set in
            set.isEmpty ? nil : set.isAll ? "\(p)" : "\(p) \(set)"
        }
        return (ports + messages).joined(separator: ",")
    }
}
