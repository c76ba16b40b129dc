import InterlockCore
import Manifests

extension ExternalSpace {
    /// The external address ranges of a connlist, as netpol-analyzer presents them: sources cut only
    /// where a NetworkPolicy ingress ipBlock starts or ends, destinations where a NetworkPolicy egress
    /// ipBlock or an admin egress `networks` CIDR does; both at every Calico CIDR (pod network). Each
    /// ipBlock counts as its effective set (cidr minus excepts) split into maximal contiguous ranges, so
    /// adjacent excepts add no cut. Every cut is
    /// where some peer starts or stops matching, and no peer changes inside a range: one address answers
    /// for the whole range, and no row merges ranges with different verdicts.
    ///
    /// With several policy sets (both sides of a diff) the cuts of all are made. Without `ipv6`, IPv6
    /// ranges are left out.
    public static func connlistRanges(_ sets: [PolicySet], on network: Network, ipv6: Bool = true)
        -> (sources: [AddressRange], destinations: [AddressRange])
    {
        var sources: [AddressRange] = []
        var destinations: [AddressRange] = []
        for policies in sets {
            for policy in policies.networkPolicies(on: network) {
                for (direction, rules) in [(Direction.ingress, policy.ingress), (.egress, policy.egress)] {
                    for rule in rules {
                        for case .ipBlock(let block) in (rule.peers ?? []).map(\.peer) {
                            let ranges = effectiveRanges(of: block)
                            if direction == .ingress { sources += ranges } else { destinations += ranges }
                        }
                    }
                }
            }
            for policy in policies.adminPolicies(on: network) {
                for rule in policy.egress {
                    for case .networks(let cidrs) in rule.peers.map(\.peer) { destinations += cidrs.map(range) }
                }
            }
            // Calico's nets, notNets and network sets cut both ways (their rules have both directions).
            if network == .pod {
                let calico = policies.calico.cidrs.map(range)
                sources += calico
                destinations += calico
            }
        }
        func keep(_ r: AddressRange) -> Bool { ipv6 || r.first.version == 4 }
        return (
            atoms(cutAtRanges: sources.filter(keep)).filter(keep),
            atoms(cutAtRanges: destinations.filter(keep)).filter(keep)
        )
    }

    /// The maximal contiguous ranges of `block`'s effective set: its CIDR minus its excepts.
    public static func effectiveRanges(of block: IPBlock) -> [AddressRange] {
        let whole = range(block.cidr)
        let holes = block.except.map(range).filter { $0.first.version == whole.first.version }.sorted()
        var out: [AddressRange] = []
        var start: IPAddress? = whole.first
        for hole in holes {
            guard let from = start, hole.last >= from, hole.first <= whole.last else { continue }
            if hole.first > from, let end = hole.first.predecessor { out.append(AddressRange(first: from, last: end)) }
            start = hole.last >= whole.last ? nil : hole.last.successor
        }
        if let from = start { out.append(AddressRange(first: from, last: whole.last)) }
        return out
    }

    /// The addresses of `cidr` as a range.
    static func range(_ cidr: CIDR) -> AddressRange {
        switch cidr {
        case .v4(let c): return AddressRange(first: .v4(c.first), last: .v4(c.last))
        case .v6(let c): return AddressRange(first: .v6(c.first), last: .v6(c.last))
        }
    }

    /// The space of each family present cut at the start of every range and after its end, in order
    /// (the whole IPv4 space when no range is given; IPv6 only when an IPv6 range is given).
    public static func atoms(cutAtRanges ranges: [AddressRange]) -> [AddressRange] {
        var v4: Set<IPAddress> = [.v4(IPv4Address(0))]
        var v6: Set<IPAddress> = []
        for r in ranges {
            if r.first.version == 4 {
                v4.insert(r.first)
                if let next = r.last.successor { v4.insert(next) }
            } else {
                v6.formUnion([.v6(IPv6Address(high: 0, low: 0)), r.first])
                if let next = r.last.successor { v6.insert(next) }
            }
        }
        var out: [AddressRange] = []
        for (points, top) in [
            (v4.sorted(), IPAddress.v4(IPv4Address(.max))), (v6.sorted(), .v6(IPv6Address(high: .max, low: .max))),
        ] {
            for k in points.indices {
                out.append(
                    AddressRange(first: points[k], last: k + 1 < points.count ? points[k + 1].predecessor! : top))
            }
        }
        return out
    }
}

extension IPAddress {
    /// The next address of the family, `nil` after the last.
    var successor: IPAddress? {
        switch self {
        case .v4(let a): return a.value == .max ? nil : .v4(IPv4Address(a.value + 1))
        case .v6(let a):
            if a.low < .max { return .v6(IPv6Address(high: a.high, low: a.low + 1)) }
            return a.high < .max ? .v6(IPv6Address(high: a.high + 1, low: 0)) : nil
        }
    }

    /// The previous address of the family, `nil` before the first.
    var predecessor: IPAddress? {
        switch self {
        case .v4(let a): return a.value == 0 ? nil : .v4(IPv4Address(a.value - 1))
        case .v6(let a):
            if a.low > 0 { return .v6(IPv6Address(high: a.high, low: a.low - 1)) }
            return a.high > 0 ? .v6(IPv6Address(high: a.high - 1, low: .max)) : nil
        }
    }
}
