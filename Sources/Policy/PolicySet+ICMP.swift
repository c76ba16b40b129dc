import InterlockCore

extension PolicySet {
    /// The message keys (`ICMPTypeSet`) where a verdict about ICMP or ICMPv6 can change under `cni`: 0, and
    /// the first key of each type (or type and code) a rule names and the key past its last; `nil` when no
    /// rule of the dialect `cni` enforces names ICMP or ICMPv6 (as a protocol, a type or a code), so that
    /// connection sets keep netpol-analyzer's model (`ConnectionSet`). Staged Calico policies count, so
    /// that a preview and the enforced set are alike.
    public func icmpCuts(_ cni: CNI) -> [Int]? {
        var names = false
        var cuts: Set<Int> = [0]
        func cut(_ set: ICMPTypeSet) {
            names = true
            for r in set.ranges {
                cuts.insert(Int(r.lowerBound))
                cuts.insert(Int(r.upperBound) + 1)
            }
        }
        let icmp: Set<IPProtocol> = [.icmp, .icmpv6]
        switch cni {
        case .generic:
            return nil
        case .calico:
            for rule in calico.policies.flatMap({ $0.ingress + $0.egress }) {
                if let p = rule.proto ?? rule.notProto, icmp.contains(p) { names = true }
                for m in [rule.icmp, rule.notICMP].compactMap({ $0 }) { cut(ICMPTypeSet(type: m.type, code: m.code)) }
            }
        case .cilium:
            for entry in ciliumRules.flatMap({ $0.ingress + $0.ingressDeny + $0.egress + $0.egressDeny }) {
                for m in entry.icmps ?? [] { cut(ICMPTypeSet(type: m.type)) }
                let ports = (entry.toPorts ?? []).flatMap(\.ports)
                if ports.contains(where: { $0.proto.map(icmp.contains) ?? false }) { names = true }
            }
        }
        return names ? cuts.filter { $0 <= Int(UInt16.max) }.sorted() : nil
    }
}
