/// Pairs the two one-way RoCEv2 flows of a reliable queue-pair connection: the stream to one side's
/// QP and the stream to the other's. Their UDP source ports differ, so they are separate flows; an
/// acknowledge carries the PSN of the request it acknowledges (IBA vol. 1 9.7.5.1), so a flow that
/// carries responses pairs with the flow in the opposite direction (same VLAN and tunnel) that
/// carries requests and whose PSN range overlaps its own most. Both directions may carry requests
/// (SENDs each way); each flow is paired at most once.
enum RoCEPairing {
    static func pair(_ connections: inout [Connection]) {
        struct Endpoints: Hashable {
            var from: PacketAddress, to: PacketAddress, vlan: UInt16, tunnel: UInt32
        }
        // The RoCE connections, found in place: most connections are not RoCE, and copying each one
        // out of the array cost more than the pairing.
        let roce = connections.withUnsafeBufferPointer { all in all.indices.filter { all[$0].roce != nil } }
        var requestFlows: [Endpoints: [Int]] = [:]
        for i in roce where connections[i].roce!.requests > 0 {
            let c = connections[i]
            let key = Endpoints(
                from: c.initiator, to: c.responder, vlan: c.vlan, tunnel: UInt32(c.tunnel.rawValue) << 24 | c.tunnelID)
            requestFlows[key, default: []].append(c.id)
        }
        for i in roce {
            guard let r = connections[i].roce, r.responses + r.naks > 0, r.pairedWith == nil else { continue }
            let c = connections[i]
            // Responses travel from the request flow's responder back to its initiator.
            let key = Endpoints(
                from: c.responder, to: c.initiator, vlan: c.vlan, tunnel: UInt32(c.tunnel.rawValue) << 24 | c.tunnelID)
            var best: Int? = nil
            var bestOverlap: Int64 = 0
            for candidate in requestFlows[key] ?? [] {
                guard candidate != c.id, let q = connections[candidate].roce, q.pairedWith == nil else { continue }
                let overlap = Int64(min(q.highestPSN, r.highestPSN)) - Int64(max(q.lowestPSN, r.lowestPSN)) + 1
                if overlap > bestOverlap {
                    best = candidate
                    bestOverlap = overlap
                }
            }
            if let best {
                connections[best].roce!.pairedWith = c.id
                connections[c.id].roce!.pairedWith = best
            }
        }
    }
}
