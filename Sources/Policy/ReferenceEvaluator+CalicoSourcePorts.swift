import InterlockCore
import Manifests

/// Where Calico rules cut the source-port space: the numeric `ports`/`notPorts` of rule sources, and
/// whether one names a port (resolved on the source pod).
struct CalicoSourcePortCuts: Sendable {
    /// The first port of every run of source ports the rules treat alike (1 always).
    var numbers: Set<UInt16> = [1]
    /// Whether a rule source names a port.
    var named = false
}

extension CalicoPolicies {
    /// The source-port cuts of the rules; `nil` when no rule's `source` has `ports` or `notPorts`.
    var sourcePortCuts: CalicoSourcePortCuts? {
        var out = CalicoSourcePortCuts()
        var any = false
        for policy in policies {
            for rule in policy.ingress + policy.egress {
                for p in (rule.source.ports ?? []) + rule.source.notPorts {
                    any = true
                    switch p {
                    case .range(let r):
                        out.numbers.insert(r.lower)
                        if r.upper < 65535 { out.numbers.insert(r.upper + 1) }
                    case .named: out.named = true
                    }
                }
            }
        }
        return any ? out : nil
    }
}

extension ReferenceEvaluator {
    /// The source ports a question without one is judged at, or `nil` when it needs none (the question
    /// has a source port, its protocol has no ports, or no Calico rule looks at source ports). Calico
    /// matches a rule's source `ports` against the packet's source port
    /// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule); a question
    /// that does not know it is allowed only if it is allowed at every source port, so these are the
    /// first port of every run of source ports the rules treat alike.
    func calicoSourcePortProbes(_ q: Query) -> [UInt16]? {
        guard q.sourcePort == nil, q.proto.hasPorts, let cuts = calicoSourceCuts else { return nil }
        var points = cuts.numbers
        if cuts.named, case .pod(let i) = q.source {
            for p in inventory.pods[i].ports where p.proto == q.proto {
                points.insert(p.port)
                if p.port < 65535 { points.insert(p.port + 1) }
            }
        }
        return points.sorted()
    }

    /// One Calico side of a question without a source port, judged at every probe: allowed when every
    /// probe is; otherwise the steps of the first probe denied, after a step naming its source port when
    /// another probe is allowed (the source port decides).
    func calicoSideAnySourcePort(
        _ probes: [UInt16], _ direction: Direction, pod: Pod, peer: PeerFacts, _ q: Query, _ destination: Pod?,
        _ trace: inout Trace
    ) -> Bool {
        func judged(_ port: UInt16, _ steps: inout Trace) -> Bool {
            var probe = q
            probe.sourcePort = port
            return calicoSide(direction, pod: pod, peer: peer, probe, destination, &steps)
        }
        var allowedSteps: [Step]?
        for (k, port) in probes.enumerated() {
            var steps = Trace(enabled: trace.enabled)
            guard judged(port, &steps) else {
                var off = Trace(enabled: false)
                if trace.enabled && (allowedSteps != nil || probes[(k + 1)...].contains { judged($0, &off) }) {
                    trace.add(
                        Step(
                            tier: .calico, action: .selects,
                            detail: "source port unknown: a rule looks at source ports; denied at source port \(port)"))
                }
                for step in steps.steps { trace.add(step) }
                return false
            }
            if allowedSteps == nil { allowedSteps = steps.steps }
        }
        for step in allowedSteps ?? [] { trace.add(step) }
        return true
    }
}
