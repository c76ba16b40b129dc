import Capture
import Fabric
import InterlockCore

extension ScenarioBuilder {
    /// The fabric hosts the scenarios use, found once in the topology.
    struct FabricCast {
        /// Two compute hosts, Kubernetes nodes first (so that names join).
        var hosts: [DeviceID]
        /// A management host (a host of the front end that is not a compute node) and a storage server.
        var management: DeviceID?
        var storageServer: DeviceID?
    }

    func cast(_ fabric: FabricGraph) -> FabricCast {
        let compute = fabric.computeHosts
        let nodes = compute.filter { inventory.nodeIndex(named: fabric.devices[Int($0)].name) != nil }
        let others = compute.filter { inventory.nodeIndex(named: fabric.devices[Int($0)].name) == nil }
        let hosts = Array((nodes + others).prefix(2))
        let plain = fabric.devices.indices.map(DeviceID.init).filter {
            fabric.devices[Int($0)].kind == .host && !compute.contains($0)
        }
        return FabricCast(
            hosts: hosts,
            management: plain.first { fabric.devices[Int($0)].plane == .frontend && address($0, .oob) != nil },
            storageServer: plain.first { fabric.devices[Int($0)].plane == .storage })
    }

    /// A device's address on a plane.
    func address(_ device: DeviceID, _ plane: Plane) -> IPAddress? {
        fabric?.addresses.address(of: device, on: plane).map(IPAddress.v4)
    }

    /// The address of a host's NIC on rail 0 (the compute fabric).
    func railAddress(_ host: DeviceID) -> IPAddress? {
        guard let fabric, let nic = fabric.nics(of: host).first(where: { fabric.devices[Int($0)].rail == 0 }) else {
            return nil
        }
        return address(nic, .compute)
    }

    /// The fabric's own traffic, each on its plane: NFS from two compute hosts to a storage server,
    /// IPMI and Redfish from a management host to their BMCs on the out-of-band network, SSH from
    /// the management host to them on the front end, and (on an Ethernet compute fabric) RoCEv2
    /// between their rail-0 NICs.
    mutating func fabricTraffic() {
        guard let fabric else { return }
        let c = cast(fabric)
        for h in c.hosts {
            if let server = c.storageServer, let a = address(h, .storage), let b = address(server, .storage) {
                exchange(
                    TrafficScript.Path(client: a, server: b), proto: .tcp, port: 2049, request: 1400, response: 260)
            }
            if let m = c.management, let bmc = fabric.bmc(of: h), let a = address(m, .oob), let b = address(bmc, .oob) {
                exchange(TrafficScript.Path(client: a, server: b), proto: .udp, port: 623, request: 23, response: 30)
                exchange(TrafficScript.Path(client: a, server: b), proto: .tcp, port: 443, request: 240, response: 1800)
            }
            if let m = c.management, let a = address(m, .frontend), let b = address(h, .frontend) {
                exchange(TrafficScript.Path(client: a, server: b), proto: .tcp, port: 22, request: 64, response: 512)
            }
        }
        if fabric.settings(of: .compute).transport != .infiniband, c.hosts.count == 2,
            let a = railAddress(c.hosts[0]), let b = railAddress(c.hosts[1])
        {
            roce(TrafficScript.Path(client: a, server: b))
        }
    }

    /// Traffic on the wrong plane: RoCEv2 between two hosts' front-end addresses, SSH and NFS
    /// between their rail-0 NICs on the compute fabric, and IPMI from a pod to a host's BMC.
    mutating func wrongPlaneTraffic() {
        guard let fabric else { return }
        let c = cast(fabric)
        guard c.hosts.count == 2 else { return }
        if let a = address(c.hosts[0], .frontend), let b = address(c.hosts[1], .frontend) {
            roce(TrafficScript.Path(client: a, server: b))
        }
        if let a = railAddress(c.hosts[0]), let b = railAddress(c.hosts[1]) {
            exchange(TrafficScript.Path(client: a, server: b), proto: .tcp, port: 22, request: 64, response: 512)
            exchange(TrafficScript.Path(client: a, server: b), proto: .tcp, port: 2049, request: 1400, response: 260)
        }
        if let bmc = fabric.bmc(of: c.hosts[0]), let b = address(bmc, .oob) {
            // A pod the policies let out toward the BMC, else the first pod.
            let pod =
                livePods.first {
                    engine.isAllowed(network: .pod, source: $0.ip, destination: b, proto: .udp, port: 623)
                }
                ?? livePods.first
            if let pod {
                exchange(
                    TrafficScript.Path(client: pod.ip, server: b), proto: .udp, port: 623, request: 23, response: 30)
            }
        }
    }

    /// A host the plan does not know, on the front end's prefix, opening SSH to a compute host
    /// (refused with a reset).
    mutating func unknownHost() {
        guard let fabric, let h = cast(fabric).hosts.first, let target = address(h, .frontend) else { return }
        let base = fabric.addresses.bases.frontend
        var offset: UInt64 = 2
        while let candidate = base.address(at: base.size - offset), fabric.endpoint(at: candidate) != nil,
            offset < base.size
        {
            offset += 1
        }
        guard let stranger = base.address(at: base.size - offset) else { return }
        pause()
        script.tcpSession(
            TrafficScript.Path(client: .v4(stranger), server: target), clientPort: clientPort(), serverPort: 22,
            exchanges: [], ending: .reset)
    }

    /// SSH from a compute host's storage port to a storage server: storage networks carry storage
    /// protocols only (what a storage-plane ACL enforces).
    mutating func storageServerSSH() {
        guard let fabric else { return }
        let c = cast(fabric)
        guard let h = c.hosts.first, let server = c.storageServer, let a = address(h, .storage),
            let b = address(server, .storage)
        else { return }
        exchange(TrafficScript.Path(client: a, server: b), proto: .tcp, port: 22, request: 64, response: 512)
    }
}
