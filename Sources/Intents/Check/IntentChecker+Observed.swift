import Fabric
import Findings
import InterlockCore
import Manifests
import Policy

extension IntentChecker {
    /// Judges observed traffic against the `deny` and `allowOnly` rules: one finding per rule, view,
    /// endpoint pair, protocol and port, with the evidence of every flow merged. Flows with no port
    /// (ICMP, GRE) and flows between addresses no view knows are left to the capture analysis.
    public func observedFindings(_ flows: [ObservedFlow]) -> [Finding] {
        struct Key: Hashable { var rule: Int, space: Int, source: Int, destination: Int, proto: UInt8, port: UInt16 }
        var merged: [Key: Evidence] = [:]
        var order: [Key] = []
        for flow in flows {
            guard let port = flow.port, flow.proto.hasPorts, let k = space(for: flow) else { continue }
            let space = spaces[k]
            guard let a = space.member(at: flow.source), let b = space.member(at: flow.destination), a != b else {
                continue
            }
            let zs = space.members[a].zones
            let zd = space.members[b].zones
            for (r, rule) in rules.enumerated()
            where rule.applies(on: space.view) && rule.traffic.contains(flow.proto, port) {
                guard breaks(rule, source: zs, destination: zd, proto: flow.proto, port: port) else { continue }
                let key = Key(rule: r, space: k, source: a, destination: b, proto: flow.proto.rawValue, port: port)
                if var e = merged[key] {
                    e.merge(flow.evidence)
                    merged[key] = e
                } else {
                    merged[key] = flow.evidence
                    order.append(key)
                }
            }
        }
        return order.map { key in
            let rule = rules[key.rule]
            let space = spaces[key.space]
            let s = space.members[key.source]
            let d = space.members[key.destination]
            let proto = IPProtocol(rawValue: key.proto)
            let e = merged[key]!
            let verb = e.packets > 0 ? "observed" : "simulated"
            return Finding(
                kind: .intentViolation, severity: rule.severity,
                title: "\(rule.id): \(verb) \(s.shortName) → \(d.shortName) on \(proto)/\(key.port)",
                source: FindingEndpoint(name: s.name, address: s.address?.description),
                destination: FindingEndpoint(name: d.name, address: d.address?.description, port: key.port),
                proto: proto.description, network: space.view.name,
                reasons: [
                    FindingReason(
                        side: .intent,
                        text:
                            "\(rule.id) (\(rule.kind.rawValue)): \(rule.description.isEmpty ? summary(rule) : rule.description)",
                        location: rule.location)
                ],
                evidence: e, ruleID: rule.id, location: rule.location)
        }
    }

    /// Whether traffic between members of these zones on (proto, port) breaks `rule`.
    private func breaks(
        _ rule: IntentRule, source zs: ZoneSet, destination zd: ZoneSet, proto: IPProtocol, port: UInt16
    ) -> Bool {
        switch rule.kind {
        case .deny where !rule.between.isEmpty:
            let zones = catalog.indices(rule.between)
            return zones.contains { i in
                zs.contains(i) && !zd.contains(i) && zones.contains { j in j != i && zd.contains(j) && !zs.contains(j) }
            }
        case .deny:
            let from = catalog.indices(rule.from)
            return (from.isEmpty || zs.contains(anyOf: from)) && zd.contains(anyOf: catalog.indices(rule.to))
        case .allowOnly:
            guard zd.contains(anyOf: catalog.indices(rule.to)) else { return false }
            let from = catalog.indices(rule.from)
            if !from.isEmpty && !zs.contains(anyOf: from) { return true }
            return rule.ports.map { !$0.contains(proto, port) } ?? false
        case .require:
            return false
        }
    }

    /// The view a flow belongs to: the one it names, else the plane of a fabric address, else the
    /// pod network when the inventory owns an address there, else a secondary network that owns one.
    private func space(for flow: ObservedFlow) -> Int? {
        if let view = flow.view { return spaces.firstIndex { $0.view == view } }
        if let fabric = inputs.fabric {
            for address in [flow.source, flow.destination] {
                if case .v4(let a) = address, let e = fabric.endpoint(at: a),
                    let k = spaces.firstIndex(where: { $0.view == .plane(e.plane) })
                {
                    return k
                }
            }
        }
        if let inventory = inputs.inventory {
            for network in [Network.pod] + inventory.networks.map({ .attachment($0.id) }) {
                if [flow.source, flow.destination].contains(where: { inventory.owner(of: $0, on: network) != nil }) {
                    return spaces.firstIndex { $0.view == .kubernetes(network) }
                }
            }
            return spaces.firstIndex { $0.view == .kubernetes(.pod) }
        }
        return nil
    }
}

extension Evidence {
    /// Adds another flow's evidence: counts add up, the first and last packets and times widen.
    mutating func merge(_ other: Evidence) {
        packets += other.packets
        bytes += other.bytes
        flows += other.flows
        firstPacket = [firstPacket, other.firstPacket].compactMap { $0 }.min()
        lastPacket = [lastPacket, other.lastPacket].compactMap { $0 }.max()
        firstTimestamp = [firstTimestamp, other.firstTimestamp].compactMap { $0 }.min()
        lastTimestamp = [lastTimestamp, other.lastTimestamp].compactMap { $0 }.max()
        if source != other.source, let o = other.source {
            source = source.map { $0.contains(o) ? $0 : "\($0), \(o)" } ?? o
        }
    }
}
