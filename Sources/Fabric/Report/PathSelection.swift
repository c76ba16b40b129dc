import InterlockCore

/// The endpoints and plane a `topology paths` query names: by `--from`/`--to` (host, GPU, NIC or BMC
/// names, with `--rail`), or by the addresses of `--flow` alone.
public struct PathSelection: Sendable {
    /// The plane the endpoints are on.
    public var plane: Plane
    /// The source endpoint (a NIC, host port or BMC of the plane).
    public var source: DeviceID
    /// The destination endpoint.
    public var destination: DeviceID
    /// The names as the user gave them (or the owners of the flow's addresses).
    public var fromName: String
    /// The destination as the user gave it.
    public var toName: String

    /// Resolves the names (or the flow's addresses) to two distinct endpoints of one plane.
    ///
    /// - Throws: `InputError` when a name, plane or address is unknown, both ends are the same endpoint,
    /// or they lie on different planes.
    public static func resolve(
        _ f: FabricGraph, from: String?, to: String?, plane: Plane?, rail: Int?,
        flow: FiveTuple?
    ) throws(InputError) -> PathSelection {
        if let from, let to {
            let p = plane ?? .compute
            let s = try f.endpoint(named: from, plane: p, rail: rail)
            let d = try f.endpoint(named: to, plane: p, rail: rail)
            guard s != d else {
                throw InputError(
                    "'\(from)' and '\(to)' are the same endpoint on the \(p) plane (\(f.devices[Int(s)].name))")
            }
            return PathSelection(plane: p, source: s, destination: d, fromName: from, toName: to)
        }
        guard from == nil, to == nil, let flow else {
            throw InputError("give --from and --to, or a --flow whose addresses belong to the fabric")
        }
        func owner(_ a: IPAddress, _ role: String) throws(InputError) -> Interface {
            guard case .v4(let v4) = a, let i = f.addresses.interface(at: v4) else {
                throw InputError("the flow's \(role) address \(a) belongs to no interface of the fabric")
            }
            return i
        }
        let s = try owner(flow.source, "source")
        let d = try owner(flow.destination, "destination")
        guard s.device != d.device else { throw InputError("the flow's source and destination are the same endpoint") }
        guard s.plane == d.plane else {
            throw InputError("the flow's addresses are on different planes (\(s.plane) and \(d.plane))")
        }
        if let plane, plane != s.plane {
            throw InputError("the flow's addresses are on the \(s.plane) plane, not \(plane)")
        }
        return PathSelection(
            plane: s.plane, source: s.device, destination: d.device,
            fromName: f.devices[Int(s.device)].name, toName: f.devices[Int(d.device)].name)
    }
}
