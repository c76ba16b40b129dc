/// The attributes both exports carry for every node and edge, and that both readers take back:
/// node `kind`, `role`, `plane`, `rail`, `su`, `pod`, `host`, `nic` and addresses by plane; edge
/// `id`, `gbps`, `plane`, `tier`; graph-level plane settings and address bases.
enum ExportAttributes {
    /// (key, value) pairs of a device's tags, values as text; numbers are marked so writers can
    /// leave them unquoted.
    static func node(_ f: FabricGraph, _ id: DeviceID) -> [(String, Value)] {
        let d = f.devices[Int(id)]
        var out: [(String, Value)] = [("kind", .text(d.kind.description))]
        if let r = d.role { out.append(("role", .text(r.description))) }
        out.append(("plane", .text(d.plane.name)))
        if let r = d.rail { out.append(("rail", .number(r))) }
        if let s = d.scalableUnit { out.append(("su", .number(s))) }
        if let p = d.pod { out.append(("pod", .number(p))) }
        if let h = d.host { out.append(("host", .text(f.devices[Int(h)].name))) }
        if let n = d.nic { out.append(("nic", .text(f.devices[Int(n)].name))) }
        return out
    }

    /// A device's addresses by plane, in plane order.
    static func addresses(_ f: FabricGraph, _ id: DeviceID) -> [(String, String)] {
        f.addresses.interfaces(of: id).map { ($0.plane.name, $0.address.description) }
    }

    /// An attribute value.
    enum Value {
        case text(String)
        case number(Int)
    }
}
