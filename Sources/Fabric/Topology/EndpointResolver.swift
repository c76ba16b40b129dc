import InterlockCore

extension FabricGraph {
    /// The endpoint a user means by `name` on `plane`: on the compute plane a GPU means its NIC, a
    /// host its NIC on `rail` (rail 0 by default on rail fabrics, its only NIC on a fat-tree), a NIC
    /// itself; on the user planes a host (or any of its GPUs or NICs) means the host's port; on the
    /// OOB plane a BMC means itself. Throws a one-line error naming what does not fit.
    public func endpoint(named name: String, plane: Plane, rail: Int? = nil) throws(InputError) -> DeviceID {
        guard let id = device(named: name) else { throw InputError("unknown node '\(name)'") }
        let d = devices[Int(id)]
        switch (plane, d.kind) {
        case (_, .switch):
            throw InputError("'\(name)' is a switch; paths join hosts, GPUs, NICs or BMCs")
        case (.compute, .gpu), (.compute, .nic):
            let nic = d.kind == .gpu ? d.nic : id
            guard let nic else { throw InputError("GPU '\(name)' has no NIC") }
            let nicRail = devices[Int(nic)].rail
            if let rail, nicRail != rail {
                throw InputError("'\(name)' is on rail \(nicRail.map(String.init) ?? "none"), not rail \(rail)")
            }
            return nic
        case (.compute, .host):
            let nics = self.nics(of: id)
            if nics.isEmpty { return id }
            if let rail {
                guard let nic = nics.first(where: { devices[Int($0)].rail == rail }) else {
                    throw InputError("host '\(name)' has no NIC on rail \(rail)")
                }
                return nic
            }
            return nics.first { devices[Int($0)].rail == 0 } ?? nics[0]
        case (.compute, .bmc):
            throw InputError("'\(name)' is a BMC, on the oob plane")
        case (.oob, .bmc):
            return id
        case (_, .bmc):
            throw InputError("'\(name)' is a BMC, on the oob plane only")
        case (_, .host):
            return id
        case (_, .gpu), (_, .nic):
            return d.host!
        }
    }
}
