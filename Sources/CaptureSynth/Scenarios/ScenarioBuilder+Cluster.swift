import Capture
import InterlockCore
import Manifests
import Policy

extension ScenarioBuilder {
    /// Every intended (source workload, destination workload, port) once: the first pod of the
    /// source workload on another node than the destination pod, to each container port.
    mutating func allowedPodTraffic() {
        for pair in podPairs(where: { intended($0.query) }) {
            exchange(pair.path, proto: pair.proto, port: pair.port)
        }
    }

    /// Each Service port called by the first pod of every workload whose calls to every backend are
    /// intended, as the client's node sees them before kube-proxy's DNAT (destination: the cluster IP).
    mutating func serviceTraffic() {
        for (s, service) in inventory.services.enumerated() {
            guard let clusterIP = service.clusterIPs.first(where: { $0.version == 4 }) else { continue }
            for sp in service.ports where sp.proto == .tcp || sp.proto == .udp {
                let backends = ServiceTranslation(service: s, proto: sp.proto, port: sp.port, inventory: inventory)
                    .backends
                guard !backends.isEmpty else { continue }
                var done: Set<Int> = []
                for src in livePods
                where !done.contains(src.workload) && !backends.contains(where: { $0.pod == src.index }) {
                    let admitted = backends.allSatisfy { b in
                        intended(
                            Query(
                                network: .pod, source: .pod(src.index), destination: .pod(b.pod), proto: sp.proto,
                                port: b.port))
                    }
                    guard admitted else { continue }
                    done.insert(src.workload)
                    exchange(
                        TrafficScript.Path(client: src.ip, server: clusterIP), proto: sp.proto, port: sp.port,
                        request: 48, response: 120)
                }
            }
        }
    }

    /// The pods of each RDMA secondary network in a ring, each writing to the next over RoCEv2
    /// (as NCCL's ring does) when the network's policies allow it, with the responder's ACK; the
    /// first write meets congestion (a CNP comes back before the ACK).
    mutating func rdmaTraffic() {
        for (network, members) in rdmaNetworks() where members.count >= 2 {
            for k in members.indices {
                let a = members[k]
                let b = members[(k + 1) % members.count]
                guard
                    engine.isAllowed(
                        network: network, source: a.ip, destination: b.ip, proto: .udp,
                        port: ReferenceEvaluator.roceV2Port)
                else { continue }
                roce(TrafficScript.Path(client: a.ip, server: b.ip), cnps: k == 0 ? 1 : 0)
            }
        }
    }

    /// Whether the policies allow `query` and one of its sides by a rule: traffic someone wrote a
    /// policy for, not merely traffic nothing restricts (a notebook free to reach every port).
    func intended(_ query: Query) -> Bool {
        guard engine.isAllowed(query) else { return false }
        let v = engine.verdict(query)
        return v.egress.decidedBy.contains { $0.rule != nil } || v.ingress.decidedBy.contains { $0.rule != nil }
    }

    /// An RDMA WRITE of four 1 KiB packets and its acknowledge, on fresh queue pairs.
    mutating func roce(_ path: TrafficScript.Path, cnps: Int = 0) {
        pause()
        let (requester, responder) = queuePairs()
        let source = 49_152 + UInt16(truncatingIfNeeded: requester & 0x3FFF)
        script.roceWrite(
            path, requesterQP: requester, responderQP: responder, sourcePort: source,
            ackSourcePort: source &+ 1, firstPSN: requester << 8 & 0xFF_FFFF, packets: 4, payloadSize: 1024,
            cnps: cnps)
    }

    /// The RDMA secondary networks and their attached pods' IPv4 addresses, in pod order.
    func rdmaNetworks() -> [(Network, [(index: Int, ip: IPAddress)])] {
        inventory.networks.filter { $0.kind == .rdma || $0.cniTypes.contains("rdma") }.map { nad in
            let network = Network.attachment(nad.id)
            let members = inventory.pods.enumerated().compactMap { i, pod -> (index: Int, ip: IPAddress)? in
                guard !pod.isRepresentative, let ip = pod.ips(on: network).first(where: { $0.version == 4 }) else {
                    return nil
                }
                return (i, ip)
            }
            return (network, members)
        }
    }
}
