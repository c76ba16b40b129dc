/// Parameters of a user network (front-end, storage or out-of-band): a leaf-spine of its own that
/// every host is cabled to.
public struct UserNetworkParameters: Equatable, Sendable {
    /// `frontend`, `storage` or `oob`.
    public var plane: Plane
    /// Hosts cabled to each leaf (on the OOB network each host also brings its BMC, two ports).
    public var hostsPerLeaf: Int
    /// Capacity of each host (and BMC) port, in Gb/s.
    public var hostGbps: Double
    /// Capacity of each leaf-spine cable, in Gb/s.
    public var uplinkGbps: Double
    /// Host-facing bandwidth over uplink bandwidth at each leaf.
    public var oversubscription: Double
    /// Spine switches (every leaf is cabled to every spine); none when one leaf suffices.
    public var spines: Int
    /// Storage servers (`storage01`…) cabled to the storage network after the compute nodes.
    public var servers: Int = 0
    /// The plane's transport and routing.
    public var settings: PlaneSettings

    /// The defaults of each plane: front-end 100 Gb/s ports at 2:1, storage 200 Gb/s ports at 1:1,
    /// OOB 1 Gb/s ports (host management port and BMC) on 48-port switches with 10 Gb/s uplinks.
    public static func defaults(_ plane: Plane) -> UserNetworkParameters {
        switch plane {
        case .storage:
            return UserNetworkParameters(
                plane: .storage, hostsPerLeaf: 32, hostGbps: 200, uplinkGbps: 400,
                oversubscription: 1, spines: 4, settings: .ethernet)
        case .oob:
            return UserNetworkParameters(
                plane: .oob, hostsPerLeaf: 24, hostGbps: 1, uplinkGbps: 10,
                oversubscription: 2.4, spines: 2, settings: .ethernet)
        default:
            return UserNetworkParameters(
                plane: .frontend, hostsPerLeaf: 32, hostGbps: 100, uplinkGbps: 400,
                oversubscription: 2, spines: 2, settings: .ethernet)
        }
    }

    /// The name prefix of the leaves (`frontend-leaf`, `oob-sw`) and spines (`frontend-spine`).
    var leafPrefix: String { plane == .oob ? "oob-sw" : "\(plane.name)-leaf" }
    var spinePrefix: String { "\(plane.name)-spine" }
    var leafRole: SwitchRole { plane == .oob ? .management : .leaf }

    /// Uplinks per leaf: host-facing bandwidth / (oversubscription × uplink speed), rounded up.
    func uplinks(portsPerHost: Int) -> Int {
        let down = Double(hostsPerLeaf * portsPerHost) * hostGbps
        return max(1, Int((down / (oversubscription * uplinkGbps)).rounded(.up)))
    }

    /// What is wrong with the parameters, keyed by the parameter at fault.
    public func problem() -> (key: String, message: String)? {
        if plane == .compute { return ("plane", "the compute plane is built by the generator, not as a user network") }
        if !(1...4096).contains(hostsPerLeaf) { return ("hostsPerLeaf", "hostsPerLeaf must be between 1 and 4096") }
        if !(hostGbps > 0 && hostGbps <= 1e6) { return ("hostGbps", "hostGbps must be positive, at most 1000000") }
        if !(uplinkGbps > 0 && uplinkGbps <= 1e6) {
            return ("uplinkGbps", "uplinkGbps must be positive, at most 1000000")
        }
        if !(oversubscription >= 1 && oversubscription <= 1000) {
            return ("oversubscription", "oversubscription must be between 1 and 1000")
        }
        if !(1...256).contains(spines) { return ("spines", "spines must be between 1 and 256") }
        if !(0...100_000).contains(servers) { return ("servers", "servers must be between 0 and 100000") }
        if servers > 0 && plane != .storage { return ("servers", "servers are attached to the storage network only") }
        return nil
    }
}

/// The user-network generator: hosts in device order, `hostsPerLeaf` to a leaf; every leaf cabled to
/// every spine with ⌈uplinks / spines⌉ cables. On the OOB network each host's management port and
/// BMC go to the same switch.
enum UserNetwork {
    static func generate(_ p: UserNetworkParameters, into b: inout FabricBuilder) throws(FabricError) {
        if let (_, message) = p.problem() { throw FabricError(message) }
        b.set(p.plane, p.settings)
        for s in 0..<p.servers {
            try b.add(Device(name: Naming.numbered("storage", s + 1), kind: .host, plane: .storage))
        }
        // Attached: compute nodes (hosts with members) on every network; storage servers on storage and OOB.
        var hosts: [DeviceID] = []
        var members: [DeviceID: DeviceID] = [:]  // host -> BMC
        var hasMembers = Set<DeviceID>()
        for (i, d) in b.devices.enumerated() {
            guard let h = d.host else { continue }
            hasMembers.insert(h)
            if d.kind == .bmc { members[h] = DeviceID(i) }
        }
        for (i, d) in b.devices.enumerated() where d.kind == .host {
            let id = DeviceID(i)
            if hasMembers.contains(id) || (d.plane == .storage && p.plane != .frontend) { hosts.append(id) }
        }
        guard !hosts.isEmpty else { return }
        let portsPerHost = p.plane == .oob ? 2 : 1
        let leafCount = (hosts.count + p.hostsPerLeaf - 1) / p.hostsPerLeaf
        var leaves: [DeviceID] = []
        for l in 0..<leafCount {
            let attached = hosts[(l * p.hostsPerLeaf)..<min(hosts.count, (l + 1) * p.hostsPerLeaf)]
            let units = Set(attached.map { b.devices[Int($0)].scalableUnit })
            leaves.append(
                try b.add(
                    Device(
                        name: Naming.numbered(p.leafPrefix, l + 1), kind: .switch, plane: p.plane,
                        role: p.leafRole, scalableUnit: units.count == 1 ? units.first! : nil)))
        }
        for (i, h) in hosts.enumerated() {
            let leaf = leaves[i / p.hostsPerLeaf]
            try b.connect(h, leaf, gbps: p.hostGbps)
            if p.plane == .oob, let bmc = members[h] { try b.connect(bmc, leaf, gbps: p.hostGbps) }
        }
        guard leafCount > 1 else { return }
        var spines: [DeviceID] = []
        for s in 0..<p.spines {
            spines.append(
                try b.add(
                    Device(name: Naming.numbered(p.spinePrefix, s + 1), kind: .switch, plane: p.plane, role: .spine)))
        }
        let cables = (p.uplinks(portsPerHost: portsPerHost) + p.spines - 1) / p.spines
        for leaf in leaves {
            for spine in spines { try b.connect(leaf, spine, gbps: p.uplinkGbps, cables: cables) }
        }
    }
}
