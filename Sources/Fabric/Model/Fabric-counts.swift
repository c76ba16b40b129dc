/// What one plane holds, as `topology show` reports it.
public struct PlaneCounts: Equatable, Sendable {
    /// Hosts on the plane: cabled to it, or owning a NIC or GPU of it.
    public var hosts = 0
    /// GPUs of the plane's hosts.
    public var gpus = 0
    /// NICs on the plane.
    public var nics = 0
    /// BMCs on the plane.
    public var bmcs = 0
    /// Switches of the plane.
    public var switches = 0
    /// Network links only (endpoint–switch and switch–switch); GPU–NIC attachments are not links.
    public var links = 0
    /// Switches of the plane by role.
    public var switchesByRole: [SwitchRole: Int] = [:]
    /// Sum of link capacities, in Gb/s.
    public var capacityGbps = 0.0
}

extension FabricGraph {
    /// The counts of one plane.
    public func counts(of plane: Plane) -> PlaneCounts {
        var c = PlaneCounts()
        var onPlane = [Bool](repeating: false, count: devices.count)
        for l in links where l.plane == plane {
            c.links += 1
            c.capacityGbps += l.gbps
            onPlane[Int(l.lower)] = true
            onPlane[Int(l.upper)] = true
        }
        for d in devices {
            switch d.kind {
            case .switch where d.plane == plane:
                c.switches += 1
                c.switchesByRole[d.role!, default: 0] += 1
            case .gpu where d.plane == plane: c.gpus += 1
            case .nic where d.plane == plane: c.nics += 1
            case .bmc where d.plane == plane: c.bmcs += 1
            default: break
            }
            if d.kind == .nic || d.kind == .gpu, d.plane == plane, let h = d.host { onPlane[Int(h)] = true }
        }
        for (i, d) in devices.enumerated() where d.kind == .host && onPlane[i] { c.hosts += 1 }
        return c
    }
}
