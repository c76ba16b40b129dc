import Capture
import InterlockCore
import Manifests
import Policy

extension ScenarioBuilder {
    /// Connections one side's policy asks for and the other side's denies: the source's egress
    /// allows them by a rule (the author meant the traffic), the destination's ingress denies them.
    /// The destination's CNI drops them, so they are SYNs and retransmissions nobody answers.
    mutating func mismatchedPodTraffic() {
        var done: Set<[Int]> = []
        for dst in livePods {
            for (proto, port) in servedPorts(dst) {
                for (src, path) in sources(for: dst) {
                    let key = [src.workload, dst.workload, Int(proto.rawValue), Int(port)]
                    guard !done.contains(key),
                          !engine.isAllowed(network: .pod, source: src.ip, destination: dst.ip, proto: proto, port: port)
                    else { continue }
                    let v = engine.verdict(Query(network: .pod, source: .pod(src.index), destination: .pod(dst.index),
                                                 proto: proto, port: port))
                    guard v.egress.allowed, v.egress.decidedBy.contains(where: { $0.rule != nil }), !v.ingress.allowed else { continue }
                    done.insert(key)
                    pause()
                    if proto == .udp {
                        script.udpFlow(path, clientPort: clientPort(), serverPort: port, datagrams: 3, size: 64, replies: false)
                    } else {
                        script.tcpAttempt(path, clientPort: clientPort(), serverPort: port)
                    }
                }
            }
        }
    }

    /// One connection that left its pod although the source's egress policy denies it, across
    /// namespaces, answered by the destination: what a node whose CNI does not enforce shows.
    mutating func egressEscape() {
        for dst in livePods {
            for (proto, port) in servedPorts(dst) where proto == .tcp {
                for (src, path) in sources(for: dst) where inventory.pods[src.index].namespace != inventory.pods[dst.index].namespace {
                    guard !engine.isAllowed(network: .pod, source: src.ip, destination: dst.ip, proto: proto, port: port) else { continue }
                    let v = engine.verdict(Query(network: .pod, source: .pod(src.index), destination: .pod(dst.index),
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
                  case .v4(let cidr) = subnet else { continue }
            var offset: UInt64 = 2
            while let a = cidr.address(at: cidr.size - offset), inventory.owner(of: .v4(a), on: network) != nil, offset < cidr.size {
                offset += 1
            }
            guard let stranger = cidr.address(at: cidr.size - offset),
                  !engine.isAllowed(network: network, source: .v4(stranger), destination: target.ip, proto: .udp,
                                    port: ReferenceEvaluator.roceV2Port) else { continue }
            roce(TrafficScript.Path(client: .v4(stranger), server: target.ip))
        }
    }
}
