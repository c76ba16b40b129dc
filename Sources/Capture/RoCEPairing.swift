/// Pairs the two one-way RoCEv2 flows of a reliable queue-pair connection: the requester's stream
/// to the responder's QP, and the responder's acknowledges and read responses to the requester's
/// QP. Their UDP source ports differ, so they are separate flows; an acknowledge carries the PSN of
/// the request it acknowledges (IBA vol. 1 9.7.5.1), so a response flow pairs with the request flow
/// in the opposite direction (same VLAN and tunnel) whose PSN range holds its PSNs.
enum RoCEPairing {
    static func pair(_ connections: inout [Connection]) {
        struct Endpoints: Hashable {
            var from: PacketAddress, to: PacketAddress, vlan: UInt16, tunnel: UInt32
        }
        var requestFlows: [Endpoints: [Int]] = [:]
        for c in connections {
            guard let r = c.roce, r.requests > 0 else { continue }
            let key = Endpoints(from: c.initiator, to: c.responder, vlan: c.vlan, tunnel: UInt32(c.tunnel.rawValue) << 24 | c.tunnelID)
            requestFlows[key, default: []].append(c.id)
        }
        for c in connections {
            guard let r = c.roce, r.responses + r.naks > 0, r.requests == 0, r.pairedWith == nil else { continue }
            // Responses travel from the request flow's responder back to its initiator.
            let key = Endpoints(from: c.responder, to: c.initiator, vlan: c.vlan, tunnel: UInt32(c.tunnel.rawValue) << 24 | c.tunnelID)
            var best: Int? = nil
            var bestOverlap: Int64 = 0
            for candidate in requestFlows[key] ?? [] {
                guard let q = connections[candidate].roce, q.pairedWith == nil else { continue }
                let overlap = Int64(min(q.highestPSN, r.highestPSN)) - Int64(max(q.lowestPSN, r.lowestPSN)) + 1
                if overlap > bestOverlap { best = candidate; bestOverlap = overlap }
            }
            if let best {
                connections[best].roce!.pairedWith = c.id
                connections[c.id].roce!.pairedWith = best
            }
        }
    }
}
