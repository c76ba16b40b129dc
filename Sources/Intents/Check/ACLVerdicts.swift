import FabricACL
import InterlockCore
import Policy

/// What a fabric ACL lets through between two addresses.
///
/// Switch ACLs are stateless and first-match; a connection is judged by its opening packet, and a
/// (protocol, destination port) counts as permitted when some source port gets it through (the
/// source port of a real connection is the client's choice).
extension ACL {
    /// The rules whose prefixes hold both addresses, in order.
    private func relevant(_ src: IPv4Address, _ dst: IPv4Address) -> [(Int, ACLRule)] {
        rules.enumerated().filter { $0.element.source.contains(src) && $0.element.destination.contains(dst) }
    }

    /// The (protocol, destination port) pairs permitted from `src` to `dst`.
    func permitted(from src: IPv4Address, to dst: IPv4Address) -> ConnectionSet {
        let candidates = relevant(src, dst)
        var out = ConnectionSet.none
        for proto in IPProtocol.policyProtocols {
            let rs = candidates.filter { $0.1.matches(proto: proto.rawValue) }
            var permitted: [PortRange] = []
            let sports = Self.atoms(rs.map(\.1.sourcePorts), from: 0)
            for atom in Self.atoms(rs.map(\.1.destinationPorts), from: 1)
            where sports.contains(where: { decide(rs, proto, sport: $0.lower, dport: atom.lower).action == .permit }) {
                permitted.append(atom)
            }
            out[proto] = PortSet(permitted)
        }
        return out
    }

    /// The rule (index) that decides a connection, or `nil` for the default action: the first source
    /// port that gets through when one does, else the lowest.
    func decision(from src: IPv4Address, to dst: IPv4Address, proto: IPProtocol, port: UInt16) -> (
        rule: Int?, action: ACLRule.Action
    ) {
        let rs = relevant(src, dst).filter { $0.1.matches(proto: proto.rawValue) }
        let sports = Self.atoms(rs.map(\.1.sourcePorts), from: 0)
        let outcomes = sports.map { decide(rs, proto, sport: $0.lower, dport: port) }
        return outcomes.first { $0.action == .permit } ?? outcomes.first ?? (nil, defaultAction)
    }

    private func decide(_ rs: [(Int, ACLRule)], _ proto: IPProtocol, sport: UInt16, dport: UInt16) -> (
        rule: Int?, action: ACLRule.Action
    ) {
        for (i, r) in rs where r.sourcePorts.contains(sport) && r.destinationPorts.contains(dport) {
            return (i, r.action)
        }
        return (nil, defaultAction)
    }

    /// The port intervals between every bound of `ranges`, covering `from`...65535.
    private static func atoms(_ ranges: [PortRange], from lowest: UInt16) -> [PortRange] {
        var cuts: Set<Int> = [Int(lowest)]
        for r in ranges {
            if r.lower > lowest { cuts.insert(Int(r.lower)) }
            if r.upper < 65535 { cuts.insert(Int(r.upper) + 1) }
        }
        let sorted = cuts.sorted()
        return sorted.indices.map { k in
            PortRange(UInt16(sorted[k]), UInt16(k + 1 < sorted.count ? sorted[k + 1] - 1 : 65535))
        }
    }

    /// `FabricACL NAME rule 'nfs' (#2)`.
    func describeRule(_ index: Int?) -> String {
        guard let index else { return "FabricACL \(name) default action \(defaultAction.rawValue)" }
        let remark = rules[index].remark.map { " '\($0)'" } ?? ""
        return "FabricACL \(name) rule \(index)\(remark)"
    }
}
