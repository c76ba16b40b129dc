import InterlockCore

/// Address space outside the inventory, cut at every CIDR boundary the policies of a network name:
/// inside an atom every ipBlock and `networks` peer matches all addresses or none.
///
/// Invariants: `v4Starts` and `v6Starts` are strictly increasing and start at the family's lowest
/// address; atom `k` of IPv4 covers `v4Starts[k] ..< v4Starts[k+1]`; IPv6 atoms are numbered after the
/// IPv4 ones.
struct ExternalAtoms: Sendable {
    let v4Starts: [UInt32]
    let v6Starts: [IPv6Address]

    init(cidrs: some Sequence<CIDR>) {
        var v4: Set<UInt32> = [0]
        var v6: Set<IPv6Address> = [IPv6Address(high: 0, low: 0)]
        for cidr in cidrs {
            switch cidr {
            case .v4(let c):
                v4.insert(c.first.value)
                if c.last.value < UInt32.max { v4.insert(c.last.value + 1) }
            case .v6(let c):
                v6.insert(c.first)
                let last = c.last
                if last.low < UInt64.max {
                    v6.insert(IPv6Address(high: last.high, low: last.low + 1))
                } else if last.high < UInt64.max {
                    v6.insert(IPv6Address(high: last.high + 1, low: 0))
                }
            }
        }
        v4Starts = v4.sorted()
        v6Starts = v6.sorted()
    }

    var count: Int { v4Starts.count + v6Starts.count }

    /// The atom holding `ip`.
    func atom(of ip: IPAddress) -> Int {
        switch ip {
        case .v4(let a): return ExternalAtoms.lastIndex(v4Starts, notAbove: a.value)
        case .v6(let a): return v4Starts.count + ExternalAtoms.lastIndex(v6Starts, notAbove: a)
        }
    }

    /// The first address of atom `k`: the address that stands for the atom.
    func firstAddress(of k: Int) -> IPAddress {
        k < v4Starts.count ? .v4(IPv4Address(v4Starts[k])) : .v6(v6Starts[k - v4Starts.count])
    }

    /// The last index `i` with `starts[i] <= value` (`starts[0]` is the minimum, so one exists).
    static func lastIndex<T: Comparable>(_ starts: [T], notAbove value: T) -> Int {
        var low = 0
        var count = starts.count
        while count > 1 {
            let half = count / 2
            if starts[low + half] <= value { low += half }
            count -= half
        }
        return low
    }
}
