import InterlockCore
import Manifests

/// Where the address of an endpoint the manifests do not place will fall: a pod of a workload given
/// only by its template (or a pod without `status.podIPs`), a host-network pod without an address.
///
/// An address peer (ipBlock, admin `networks`) matches such an endpoint only when it covers the whole
/// space; when it covers part of it, whether it matches "depends on the pod's IP, which the manifests do
/// not fix", and it is taken as not matching (see DEVELOPERS.md, Policy).
public struct AddressSpace: Hashable, Sendable {
    /// The ranges the address will be taken from, all of one family.
    public var ranges: [CIDR]

    /// How much of the space some CIDRs, minus some excepts, cover.
    public enum Coverage: Sendable {
        /// Every address of the space: the peer matches whatever address the endpoint gets.
        case all
        /// No address of the space: the peer matches no address the endpoint can get.
        case none
        /// Some addresses: whether the peer matches depends on the address.
        case some
    }

    /// The whole address family of `v6` (`::/0`) or IPv4 (`0.0.0.0/0`).
    public static func wholeFamily(v6: Bool) -> AddressSpace {
        AddressSpace(ranges: [v6 ? CIDR("::/0")! : CIDR("0.0.0.0/0")!])
    }

    /// Where an unplaced pod's address will fall on `inventory`'s pod network. Its family is IPv4 unless
    /// the cluster is IPv6-only (every address and pod CIDR the manifests give is IPv6, and there is one);
    /// its ranges are the nodes' pod CIDRs of that family (`spec.podCIDRs`), or the whole family when no
    /// node gives one.
    public static func unplacedPods(of inventory: Inventory) -> (pods: AddressSpace, family: AddressSpace) {
        let nodeAddresses = inventory.nodes.flatMap(\.addresses)
        let podCIDRs = inventory.nodes.flatMap(\.podCIDRs)
        let v4 =
            nodeAddresses.contains { if case .v4 = $0 { true } else { false } }
            || podCIDRs.contains { if case .v4 = $0 { true } else { false } }
            || inventory.pods.contains { $0.ips.contains { if case .v4 = $0 { true } else { false } } }
        let any = !nodeAddresses.isEmpty || !podCIDRs.isEmpty || inventory.pods.contains { !$0.ips.isEmpty }
        let v6 = any && !v4
        let family = wholeFamily(v6: v6)
        let ranges = podCIDRs.filter { if case .v6 = $0 { v6 } else { !v6 } }
        return (ranges.isEmpty ? family : AddressSpace(ranges: ranges), family)
    }

    /// How much of the space `cidrs` minus `except` cover. Addresses no pod can have (`neverAssigned`)
    /// count for nothing: an except inside them removes no pod address, and a CIDR inside them covers none.
    public func coverage(by cidrs: [CIDR], except: [CIDR] = []) -> Coverage {
        // CIDRs nest or are disjoint: a CIDR and a range overlap in the smaller of the two.
        func overlap(_ a: CIDR, _ b: CIDR) -> CIDR { a.contains(b) ? b : a }
        let removed = except + Self.neverAssigned
        if ranges.allSatisfy({ r in
            Self.covers(cidrs, r)
                && !except.contains { $0.overlaps(r) && !Self.covers(Self.neverAssigned, overlap($0, r)) }
        }) {
            return .all
        }
        let overlaps = ranges.flatMap { r in cidrs.filter { $0.overlaps(r) }.map { overlap($0, r) } }
        return overlaps.allSatisfy { Self.covers(removed, $0) } ? .none : .some
    }

    /// Blocks of the IANA special-purpose registries that are never a host's unicast address, so never a
    /// pod's: "this network" 0.0.0.0/8, loopback 127.0.0.0/8 and ::1, link-local 169.254.0.0/16 (the
    /// cloud metadata service) and fe80::/10, multicast 224.0.0.0/4 and ff00::/8, reserved 240.0.0.0/4
    /// (with the limited broadcast), the unspecified ::. Documentation and benchmarking ranges are left
    /// out: test clusters do give pods such addresses.
    static let neverAssigned: [CIDR] = [
        "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fe80::/10",
        "ff00::/8",
    ].compactMap { CIDR($0) }

    /// Whether the union of `cidrs` holds every address of `range`.
    static func covers(_ cidrs: [CIDR], _ range: CIDR) -> Bool {
        if cidrs.contains(where: { $0.contains(range) }) { return true }
        let inside = cidrs.filter { $0.overlaps(range) }
        guard !inside.isEmpty, let (low, high) = halves(range) else { return false }
        return covers(inside, low) && covers(inside, high)
    }

    /// The two prefixes one bit longer that make up `cidr`, or `nil` for a single address.
    static func halves(_ cidr: CIDR) -> (CIDR, CIDR)? {
        switch cidr {
        case .v4(let c):
            guard let low = c.subnet(0, prefixLength: c.prefixLength + 1),
                let high = c.subnet(1, prefixLength: c.prefixLength + 1)
            else { return nil }
            return (.v4(low), .v4(high))
        case .v6(let c):
            let p = c.prefixLength
            guard p < 128 else { return nil }
            var top = c.network
            if p < 64 { top.high |= UInt64(1) << UInt64(63 - p) } else { top.low |= UInt64(1) << UInt64(127 - p) }
            return (.v6(IPv6CIDR(c.network, prefixLength: p + 1)), .v6(IPv6CIDR(top, prefixLength: p + 1)))
        }
    }
}
