import Documents
import InterlockCore

/// Turns a `TopologySource` into a `FabricGraph`: generate, apply explicit nodes (new or overriding),
/// resolve references, add links, set planes, address everything. Every error names the entry at fault.
public enum TopologyAssembler {
    /// Builds the graph `source` describes.
    ///
    /// - Throws: `InputError` at the entry at fault (a bad reference, a link the builder refuses, an
    /// address that does not fit).
    public static func assemble(_ source: TopologySource) throws(InputError) -> FabricGraph {
        var b = FabricBuilder(name: source.name)
        try generate(source, &b)
        let generated = b.devices.count
        try createOrUpdateDevices(source, &b)
        try resolveReferences(source, &b, generated: generated)
        try assignNICs(source, &b)
        try addLinks(source, &b)
        for p in source.planes { b.set(p.value.0, p.value.1) }
        for a in source.addressing { b.bases[a.value.0] = a.value.1 }
        let addressMarks = try addExplicitAddresses(source, &b)
        return try build(source, b, addressMarks: addressMarks)
    }

    /// The generated part of the fabric, if the source has a generator.
    private static func generate(_ source: TopologySource, _ b: inout FabricBuilder) throws(InputError) {
        if let g = source.generator {
            do { try b.generate(g.value) } catch {
                throw source.error(g.mark, error.message)
            }
        }
    }

    /// Pass 1: creates or updates the devices of the node entries (references are resolved in pass
    /// 2, so order does not matter).
    private static func createOrUpdateDevices(_ source: TopologySource, _ b: inout FabricBuilder) throws(InputError) {
        var firstEntry: [String: Mark] = [:]
        for entry in source.nodes {
            let name = entry.name.value
            if let first = firstEntry[name] {
                throw source.error(entry.name.mark, "duplicate name '\(name)' (first at line \(first.line))")
            }
            firstEntry[name] = entry.name.mark
            if let existing = b.device(named: name) {
                let current = b.devices[Int(existing)]
                if let k = entry.kind, k.value != current.kind {
                    throw source.error(
                        k.mark, "'\(name)' is a generated \(current.kind); an entry cannot make it a \(k.value)")
                }
                // Generated links depend on the role and plane: an entry may restate them, not change them.
                if let r = entry.role, r.value != current.role {
                    throw source.error(
                        r.mark,
                        "'\(name)' is a generated \(current.role.map { "\($0)" } ?? "\(current.kind)"); its role cannot change"
                    )
                }
                if let p = entry.plane, p.value != current.plane {
                    throw source.error(
                        p.mark, "'\(name)' is generated on the \(current.plane) plane; its plane cannot change")
                }
                if let h = entry.host, b.device(named: h.value) != current.host {
                    throw source.error(h.mark, "'\(name)' is generated on another host; its host cannot change")
                }
                b.update(existing) { d in apply(entry, to: &d) }
            } else {
                guard let kind = entry.kind else {
                    throw source.error(
                        entry.name.mark, "new node '\(name)' needs a kind (host, gpu, nic, bmc or switch)")
                }
                var d = Device(name: name, kind: kind.value, plane: kind.value == .bmc ? .oob : .compute)
                apply(entry, to: &d)
                do { try b.add(d) } catch { throw source.error(entry.name.mark, error.message) }
            }
        }
    }

    /// Pass 2: host references and the per-kind rules; devices from `generated` on were written
    /// by entries.
    private static func resolveReferences(
        _ source: TopologySource, _ b: inout FabricBuilder,
        generated: Int
    ) throws(InputError) {
        for entry in source.nodes {
            let id = b.device(named: entry.name.value)!
            let d = b.devices[Int(id)]
            if d.kind == .switch && d.role == nil {
                throw source.error(
                    entry.name.mark,
                    "switch '\(d.name)' needs a role (edge, aggregation, leaf, spine, core, management or storage)")
            }
            if d.kind != .switch, let r = entry.role {
                throw source.error(r.mark, "only switches have a role ('\(d.name)' is a \(d.kind))")
            }
            if let h = entry.host {
                guard [.gpu, .nic, .bmc].contains(d.kind) else {
                    throw source.error(h.mark, "only GPUs, NICs and BMCs belong to a host ('\(d.name)' is a \(d.kind))")
                }
                guard let hid = b.device(named: h.value), b.devices[Int(hid)].kind == .host else {
                    throw source.error(h.mark, "unknown host '\(h.value)' for '\(d.name)'")
                }
                b.update(id) { $0.host = hid }
            } else if Int(id) >= generated, [.gpu, .nic, .bmc].contains(d.kind) {
                throw source.error(entry.name.mark, "\(d.kind) '\(d.name)' needs the host it belongs to (host: NAME)")
            }
            if d.kind == .nic && d.plane != .compute || d.kind == .gpu && d.plane != .compute {
                throw source.error(entry.plane?.mark ?? entry.name.mark, "\(d.kind)s are on the compute plane")
            }
            if d.kind == .bmc && d.plane != .oob {
                throw source.error(entry.plane?.mark ?? entry.name.mark, "BMCs are on the oob plane")
            }
        }
    }

    /// Pass 3: GPU-to-NIC references, once every owner is known.
    private static func assignNICs(_ source: TopologySource, _ b: inout FabricBuilder) throws(InputError) {
        for entry in source.nodes {
            guard let n = entry.nic else { continue }
            let id = b.device(named: entry.name.value)!
            let d = b.devices[Int(id)]
            guard d.kind == .gpu else {
                throw source.error(n.mark, "only GPUs name a NIC ('\(d.name)' is a \(d.kind))")
            }
            guard let nid = b.device(named: n.value), b.devices[Int(nid)].kind == .nic else {
                throw source.error(n.mark, "unknown NIC '\(n.value)' for GPU '\(d.name)'")
            }
            guard b.devices[Int(nid)].host == b.devices[Int(id)].host else {
                throw source.error(n.mark, "NIC '\(n.value)' belongs to another host than GPU '\(d.name)'")
            }
            b.update(id) { $0.nic = nid }
        }
    }

    /// The explicit links.
    private static func addLinks(_ source: TopologySource, _ b: inout FabricBuilder) throws(InputError) {
        for entry in source.links {
            guard let a = b.device(named: entry.from.value) else {
                throw source.error(entry.from.mark, "unknown node '\(entry.from.value)' in link")
            }
            guard let c = b.device(named: entry.to.value) else {
                throw source.error(entry.to.mark, "unknown node '\(entry.to.value)' in link")
            }
            let before = b.links.count
            do { try b.connect(a, c, gbps: entry.gbps, cables: entry.cables) } catch {
                throw source.error(entry.mark, error.message)
            }
            if let p = entry.plane, p.value != b.links[before].plane {
                throw source.error(
                    p.mark, "link is on the \(b.links[before].plane) plane (its switch's), not \(p.value)")
            }
        }
    }

    /// The explicit addresses of the node entries, and where each was written (by device and plane).
    private static func addExplicitAddresses(_ source: TopologySource, _ b: inout FabricBuilder)
        throws(InputError) -> [Int64: Mark]
    {
        var addressMarks: [Int64: Mark] = [:]
        for entry in source.nodes {
            let id = b.device(named: entry.name.value)!
            let d = b.devices[Int(id)]
            for a in entry.addresses {
                guard d.kind.isEndpoint else {
                    throw source.error(
                        a.mark, "\(d.kind) '\(d.name)' has no addressed interface; addresses go on hosts, NICs and BMCs"
                    )
                }
                let plane: Plane
                if let p = a.value.0 {
                    plane = p
                } else if d.kind == .host {
                    throw source.error(
                        a.mark,
                        "a host has one address per plane: write addresses: {frontend: ..., storage: ..., oob: ...}")
                } else {
                    plane = d.plane
                }
                if d.kind == .nic && plane != .compute || d.kind == .bmc && plane != .oob {
                    throw source.error(a.mark, "\(d.kind) '\(d.name)' has an address on the \(d.plane) plane only")
                }
                b.explicitAddresses[id, default: [:]][plane] = a.value.1
                addressMarks[Int64(id) << 8 | Int64(plane.rawValue)] = a.mark
            }
        }
        return addressMarks
    }

    /// The graph `b` builds; a build error names the entry at fault.
    private static func build(
        _ source: TopologySource, _ b: FabricBuilder,
        addressMarks: [Int64: Mark]
    ) throws(InputError) -> FabricGraph {
        do {
            return try b.build()
        } catch {
            switch error {
            case .overlap(let x, let y):
                let mark = source.addressing.last { $0.value.0 == y || $0.value.0 == x }?.mark
                throw source.error(
                    mark, "overlapping subnets: addressing \(y) \(b.bases[y]) overlaps \(x) \(b.bases[x])")
            case .exhausted(let kind, let message):
                let mark = source.addressing.first { $0.value.0 == kind }?.mark ?? source.generator?.mark
                throw source.error(mark, message)
            case .duplicate(let x, let y):
                let mark =
                    addressMarks[Int64(y.device) << 8 | Int64(y.plane.rawValue)]
                    ?? addressMarks[Int64(x.device) << 8 | Int64(x.plane.rawValue)]
                let dx = b.devices[Int(x.device)].name
                let dy = b.devices[Int(y.device)].name
                throw source.error(
                    mark, "duplicate address \(y.address): '\(dy)' (\(y.plane)) and '\(dx)' (\(x.plane))")
            }
        }
    }

    private static func apply(_ entry: NodeEntry, to d: inout Device) {
        if let r = entry.role { d.role = r.value }
        if let p = entry.plane { d.plane = p.value }
        if let r = entry.rail { d.rail = r }
        if let s = entry.scalableUnit { d.scalableUnit = s }
        if let p = entry.pod { d.pod = p }
    }
}
