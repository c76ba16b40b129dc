import InterlockCore
import Manifests

extension PolicySet {
    /// Every rule of the Cilium policies, in policy order.
    public var ciliumRules: [CiliumRule] { ciliumPolicies.flatMap(\.rules) }

    /// The CIDRs a Cilium peer stands for (a `cidrGroupRef` through its CiliumCIDRGroup, none when there is no
    /// such group), each with the peer's `except`.
    public func blocks(of peer: CiliumPeer) -> [IPBlock] {
        switch peer {
        case .cidr(let block): return [block]
        case .cidrGroup(let name, let except):
            return (ciliumCIDRGroups[name]?.cidrs ?? []).map { IPBlock(cidr: $0, except: except) }
        default: return []
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
