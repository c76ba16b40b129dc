import Capture
import InterlockCore
import Manifests
import Policy

extension ScenarioBuilder {
    /// Connections one side's policy asks for and the other side's denies: the source's egress
    /// allows them by a rule (the author meant the traffic), the destination's ingress denies them.
    /// The destination's CNI drops them, so they are SYNs and retransmissions nobody answers.
    mutating func mismatchedPodTraffic() {
        let pairs = podPairs { pair in
            guard
                !engine.isAllowed(
                    network: .pod, source: pair.source.ip, destination: pair.destination.ip,
                    proto: pair.proto, port: pair.port)
            else { return false }
            let v = engine.verdict(pair.query)
            return v.egress.allowed && v.egress.decidedBy.contains(where: { $0.rule != nil }) && !v.ingress.allowed
        }
        for pair in pairs {
            pause()
            if pair.proto == .udp {
                script.udpFlow(
                    pair.path, clientPort: clientPort(), serverPort: pair.port, datagrams: 3, size: 64, replies: false)
            } else {
                script.tcpAttempt(pair.path, clientPort: clientPort(), serverPort: pair.port)
            }
        }
    }

    /// One connection that left its pod although the source's egress policy denies it, across
    /// namespaces, answered by the destination: what a node whose CNI does not enforce shows.
    mutating func egressEscape() {
        for dst in livePods {
            for (proto, port) in servedPorts(dst) where proto == .tcp {
                for (src, path) in sources(for: dst)
                where inventory.pods[src.index].namespace != inventory.pods[dst.index].namespace {
                    guard
                        !engine.isAllowed(network: .pod, source: src.ip, destination: dst.ip, proto: proto, port: port)
                    else { continue }
                    let v = engine.verdict(
                        Query(
                            network: .pod, source: .pod(src.index), destination: .pod(dst.index),
                            proto: proto, port: port))
                    guard !v.egress.allowed else { continue }
                    exchange(path, proto: proto, port: port)
                    return
                }
            }
        }
    }

    /// RoCEv2 to the first pod of each RDMA network from an address of the network's subnet that
    /// no pod holds, when the network's policies deny it: RDMA verbs bypass the kernel, so nothing
    /// enforces that denial.
    mutating func unenforceableRDMA() {
        for (network, members) in rdmaNetworks() {
            guard let target = members.first, case .attachment(let id) = network,
                let subnet = inventory.network(id: id)?.subnets.first(where: { $0.contains(target.ip) }),
                case .v4(let cidr) = subnet
            else { continue }
            var offset: UInt64 = 2
            while let a = cidr.address(at: cidr.size - offset), inventory.owner(of: .v4(a), on: network) != nil,
                offset < cidr.size
            {
                offset += 1
            }
            guard let stranger = cidr.address(at: cidr.size - offset),
                !engine.isAllowed(
                    network: network, source: .v4(stranger), destination: target.ip, proto: .udp,
                    port: ReferenceEvaluator.roceV2Port)
            else { continue }
            roce(TrafficScript.Path(client: .v4(stranger), server: target.ip))
        }
    }
}
