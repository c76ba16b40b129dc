import InterlockCore
import Manifests

extension PolicySet {
    /// Every rule of the Cilium policies, in policy order.
    public var ciliumRules: [CiliumRule] { ciliumPolicies.flatMap(\.rules) }

    /// The CIDRs a Cilium peer stands for (a `cidrGroupRef` through its CiliumCIDRGroup, none when there is no
    /// such group; a `cidrGroupSelector` through every group its selector matches), each with the peer's `except`.
    public func blocks(of peer: CiliumPeer) -> [IPBlock] {
        switch peer {
        case .cidr(let block): return [block]
        case .cidrGroup(let name, let except):
            return (ciliumCIDRGroups[name]?.cidrs ?? []).map { IPBlock(cidr: $0, except: except) }
        case .cidrGroupSelector(let selector, let except):
            return ciliumCIDRGroups.values.filter { selector.matches($0.labels) }.sorted { $0.name < $1.name }
                .flatMap(\.cidrs).map { IPBlock(cidr: $0, except: except) }
        default: return []
        }
    }

    /// One warning per Cilium rule entry with L7 rules, `serverNames`, a `listener` or `toFQDNs`: what they allow
    /// is allowed at L4, subject to a rule Interlock does not evaluate (results that list connections cannot say
    /// so row by row).
    public var ciliumL7Warnings: [String] {
        ciliumRules.flatMap { $0.ingress + $0.egress }.compactMap { entry in
            let l7 = Set((entry.toPorts ?? []).flatMap(\.l7)).sorted()
            let fqdn = entry.peers.contains { if case .fqdn = $0.peer { true } else { false } }
            guard !l7.isEmpty || fqdn else { return nil }
            let sections = l7.map { ["serverNames", "listener"].contains($0) ? $0 : "rules.\($0)" }
            let what = (sections + (fqdn ? ["toFQDNs"] : [])).joined(separator: ", ")
            return "\(entry.ref.location): \(entry.ref) has \(what): what it allows is \(VerdictReport.subjectToL7)"
        }
    }

    /// Every CIDR (and `except`) of the Cilium rules' CIDR peers.
    var ciliumCIDRs: Set<CIDR> {
        var out: Set<CIDR> = []
        for rule in ciliumRules {
            for entry in rule.ingress + rule.ingressDeny + rule.egress + rule.egressDeny {
                for (peer, _) in entry.peers {
                    for block in blocks(of: peer) {
                        out.insert(block.cidr)
                        out.formUnion(block.except)
                    }
                }
            }
        }
        return out
    }

    /// The numeric port ranges of the Cilium rules' `toPorts` for `proto` (an ANY port counts for each).
    func ciliumPortRanges(_ proto: IPProtocol) -> [PortRange] {
        var out: [PortRange] = []
        for rule in ciliumRules {
            for entry in rule.ingress + rule.ingressDeny + rule.egress + rule.egressDeny {
                for portRule in entry.toPorts ?? [] {
                    for p in portRule.ports where p.proto == nil || p.proto == proto {
                        guard case .number(let n) = p.port else { continue }
                        out.append(PortRange(UInt16(n), p.endPort ?? UInt16(n)))
                    }
                }
            }
        }
        return out
    }
}
