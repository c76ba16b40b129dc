/// Parameters of a k-ary fat-tree (Al-Fares et al., SIGCOMM 2008).
public struct FatTreeParameters: Equatable, Sendable {
    /// Switch radix: even, 4 through 64.
    public var k: Int
    /// Hosts per edge switch over edge uplinks (1 means k/2 hosts per edge, non-blocking).
    public var oversubscription: Double = 1
    /// GPUs per host, all behind the host's single NIC (0: plain hosts).
    public var gpusPerHost: Int = 0
    /// Capacity of every link.
    public var linkGbps: Double = 100
    /// What the fabric carries (Ethernet by default), which also sets its default routing.
    public var transport: Transport = .ethernet

    /// A non-blocking k-ary fat-tree of plain hosts at 100 Gb/s, over Ethernet.
    public init(k: Int) { self.k = k }

    /// Hosts under each edge switch: `oversubscription × k/2`.
    public var hostsPerEdge: Int { Int((oversubscription * Double(k / 2)).rounded()) }
    /// k pods × k/2 edges × hosts per edge (k³/4 when non-blocking).
    public var hosts: Int { k * (k / 2) * hostsPerEdge }

    /// What is wrong with the parameters, keyed by the parameter at fault.
    public func problem() -> (key: String, message: String)? {
        if k % 2 != 0 { return ("k", "fat-tree k must be even (got \(k))") }
        if !(4...64).contains(k) { return ("k", "fat-tree k must be between 4 and 64 (got \(k))") }
        let perEdge = oversubscription * Double(k / 2)
        if !(oversubscription >= 1 && oversubscription <= 16) || perEdge != perEdge.rounded() {
            return (
                "oversubscription",
                "oversubscription must be between 1 and 16 and give a whole number of hosts per edge (k/2 × ratio)"
            )
        }
        if !(0...64).contains(gpusPerHost) { return ("gpusPerHost", "gpusPerHost must be between 0 and 64") }
        if !(linkGbps > 0 && linkGbps <= 1e6) { return ("linkGbps", "linkGbps must be positive, at most 1000000") }
        return nil
    }
}

/// The fat-tree generator: k pods of k/2 edge and k/2 aggregation switches, (k/2)² core switches;
/// aggregation switch a of every pod connects to cores a·k/2 ..< (a+1)·k/2, as in Al-Fares.
enum FatTree {
    static func generate(_ p: FatTreeParameters, into b: inout FabricBuilder) throws(FabricError) {
        if let (_, message) = p.problem() { throw FabricError(message) }
        let half = p.k / 2
        let perEdge = p.hostsPerEdge
        b.set(.compute, PlaneSettings(transport: p.transport))
        b.reserve(devices: p.hosts * (3 + p.gpusPerHost) + 5 * p.k * p.k / 4, links: p.hosts + 2 * p.k * half * half)
        var nics: [DeviceID] = []
        nics.reserveCapacity(p.hosts)
        for h in 0..<p.hosts {
            let pod = h / (half * perEdge)
            let name = Naming.node("host", h + 1)
            let host = try b.add(Device(name: name, kind: .host, plane: .compute, pod: pod))
            let nicID = DeviceID(b.devices.count + p.gpusPerHost)
            for g in 0..<p.gpusPerHost {
                try b.add(
                    Device(name: Naming.gpu(name, g), kind: .gpu, plane: .compute, pod: pod, host: host, nic: nicID))
            }
            nics.append(try b.add(Device(name: Naming.nic(name, 0), kind: .nic, plane: .compute, pod: pod, host: host)))
            try b.add(Device(name: Naming.bmc(name), kind: .bmc, plane: .oob, pod: pod, host: host))
        }
        var edges: [DeviceID] = []
        var aggs: [DeviceID] = []
        var cores: [DeviceID] = []
        for pod in 0..<p.k {
            for i in 0..<half {
                edges.append(
                    try b.add(Device(name: "edge-p\(pod)-\(i)", kind: .switch, plane: .compute, role: .edge, pod: pod)))
            }
            for i in 0..<half {
                aggs.append(
                    try b.add(
                        Device(name: "agg-p\(pod)-\(i)", kind: .switch, plane: .compute, role: .aggregation, pod: pod)))
            }
        }
        for c in 0..<half * half {
            cores.append(try b.add(Device(name: "core-\(c)", kind: .switch, plane: .compute, role: .core)))
        }
        for (h, nic) in nics.enumerated() { try b.connect(nic, edges[h / perEdge], gbps: p.linkGbps) }
        for pod in 0..<p.k {
            for e in 0..<half {
                for a in 0..<half { try b.connect(edges[pod * half + e], aggs[pod * half + a], gbps: p.linkGbps) }
            }
        }
        for pod in 0..<p.k {
            for a in 0..<half {
                for j in 0..<half { try b.connect(aggs[pod * half + a], cores[a * half + j], gbps: p.linkGbps) }
            }
        }
    }
}
