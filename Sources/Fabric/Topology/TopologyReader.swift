import Documents
import InterlockCore

/// Reads the YAML (or JSON) topology format into a `TopologySource`. The format is documented in
/// `topologies/README.md`: `name`, `generator`, `networks`, `planes`, `addressing`, `nodes`, `links`.
public enum TopologyReader {
    static let topKeys: Set<String> = ["name", "generator", "networks", "planes", "addressing", "nodes", "links"]

    /// Reads the topology format from the document at `root`; `defaultName` applies when the file has no
    /// `name`.
    ///
    /// - Throws: `InputError` at the first malformed or unknown key.
    public static func read(_ root: Cursor, defaultName: String) throws(InputError) -> TopologySource {
        guard root.isMapping else {
            throw root.error("a topology is a mapping with generator, nodes or links, found \(root.describe)")
        }
        try root.rejectUnknownKeys(topKeys, in: "topology")
        var source = TopologySource(file: root.file, name: try root.optional("name")?.string() ?? defaultName)
        var networks: [UserNetworkParameters] = []
        if let n = root.optional("networks") {
            for (key, value) in try n.entries() {
                let mark = n.mark(ofKey: key)
                guard let plane = Plane(name: key), plane != .compute else {
                    throw InputError(
                        file: root.file, line: mark.line, column: mark.column,
                        "unknown network '\(key)' (expected frontend, storage or oob)")
                }
                networks.append(try network(plane, value))
            }
            networks.sort { $0.plane < $1.plane }
        }
        if let g = root.optional("generator") {
            let compute = try generator(g)
            source.generator = Located(GeneratorDescription(compute: compute, networks: networks), at: g.mark)
        } else if let n = root.optional("networks") {
            throw n.error("networks are generated around a compute fabric: add a generator")
        }
        if let p = root.optional("planes") {
            for (key, value) in try p.entries() {
                let mark = p.mark(ofKey: key)
                guard let plane = Plane(name: key) else {
                    throw InputError(
                        file: root.file, line: mark.line, column: mark.column,
                        "unknown plane '\(key)' (expected compute, frontend, storage or oob)")
                }
                source.planes.append(Located((plane, try settings(value)), at: mark))
            }
        }
        if let a = root.optional("addressing") {
            for (key, value) in try a.entries() {
                guard let kind = FabricInterfaceKind(rawValue: key) else {
                    let mark = a.mark(ofKey: key)
                    throw InputError(
                        file: root.file, line: mark.line, column: mark.column,
                        "unknown addressing key '\(key)' (expected one of: \(AddressBases.keys.joined(separator: ", ")))"
                    )
                }
                let text = try value.string()
                guard let cidr = IPv4CIDR(text, strict: true), cidr.prefixLength <= 30 else {
                    throw value.error(
                        "invalid IPv4 prefix '\(text)' for \(key) (expected A.B.C.D/N with no host bits, N ≤ 30)")
                }
                source.addressing.append(Located((kind, cidr), at: value.mark))
            }
        }
        for item in try root.optional("nodes")?.array() ?? [] { source.nodes.append(try node(item)) }
        for item in try root.optional("links")?.array() ?? [] { source.links.append(try link(item)) }
        if source.generator == nil && source.nodes.isEmpty {
            throw root.error("a topology needs a generator or a list of nodes")
        }
        return source
    }

    // MARK: generator

    static func generator(_ g: Cursor) throws(InputError) -> ComputeGenerator {
        let kindCursor = try g.required("kind")
        let kind = try kindCursor.string()
        switch kind {
        case "fat-tree":
            try g.rejectUnknownKeys(
                ["kind", "k", "oversubscription", "gpusPerHost", "linkGbps", "transport"], in: "fat-tree generator")
            var p = FatTreeParameters(k: try g.required("k").int())
            if let v = g.optional("oversubscription") { p.oversubscription = try ratio(v) }
            if let v = g.optional("gpusPerHost") { p.gpusPerHost = try v.int() }
            if let v = g.optional("linkGbps") { p.linkGbps = try v.double() }
            if let v = g.optional("transport") { p.transport = try transport(v) }
            if let (key, message) = p.problem() { throw (g[key] ?? g).error(message) }
            return .fatTree(p)
        case "rail-optimized", "rail-only":
            try g.rejectUnknownKeys(
                [
                    "kind", "preset", "scalableUnits", "nodesPerSU", "rails", "gpusPerNode", "linkGbps",
                    "transport", "oversubscription", "switchRadix", "pods",
                ], in: "\(kind) generator")
            let presetCursor = try g.required("preset")
            let presetName = try presetCursor.string()
            guard let preset = RailPreset(rawValue: presetName) else {
                throw presetCursor.error(
                    "unknown preset '\(presetName)' (expected \(RailPreset.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            var p = RailParameters(
                preset: preset, scalableUnits: try g.required("scalableUnits").int(), railOnly: kind == "rail-only")
            if let v = g.optional("nodesPerSU") { p.nodesPerSU = try v.int() }
            if let v = g.optional("rails") {
                p.rails = try v.int()
                p.gpusPerNode = p.rails
            }
            if let v = g.optional("gpusPerNode") { p.gpusPerNode = try v.int() }
            if let v = g.optional("linkGbps") { p.linkGbps = try v.double() }
            if let v = g.optional("transport") { p.transport = try transport(v) }
            if let v = g.optional("oversubscription") { p.oversubscription = try ratio(v) }
            if let v = g.optional("switchRadix") { p.switchRadix = try v.int() }
            if let v = g.optional("pods") { p.pods = try v.int() }
            if let (key, message) = p.problem() { throw (g[key] ?? g).error(message) }
            return .rail(p)
        default:
            throw kindCursor.error(
                "unknown generator '\(InputError.excerpt(kind))' (expected fat-tree, rail-optimized or rail-only)")
        }
    }

    static func network(_ plane: Plane, _ c: Cursor) throws(InputError) -> UserNetworkParameters {
        try c.rejectUnknownKeys(
            ["hostsPerLeaf", "hostGbps", "uplinkGbps", "oversubscription", "spines", "servers"],
            in: "\(plane) network")
        var p = UserNetworkParameters.defaults(plane)
        if let v = c.optional("hostsPerLeaf") { p.hostsPerLeaf = try v.int() }
        if let v = c.optional("hostGbps") { p.hostGbps = try v.double() }
        if let v = c.optional("uplinkGbps") { p.uplinkGbps = try v.double() }
        if let v = c.optional("oversubscription") { p.oversubscription = try ratio(v) }
        if let v = c.optional("spines") { p.spines = try v.int() }
        if let v = c.optional("servers") { p.servers = try v.int() }
        if let (key, message) = p.problem() { throw (c[key] ?? c).error("\(plane) network: \(message)") }
        return p
    }

    /// `3`, `1.5` or `3:1`.
    static func ratio(_ c: Cursor) throws(InputError) -> Double {
        let text = try c.string()
        let parts = text.split(separator: ":")
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b > 0 { return a / b }
        guard parts.count == 1, let v = Double(text) else {
            throw c.error("expected a ratio such as 2 or 2:1, found \(c.describe)")
        }
        return v
    }

    static func transport(_ c: Cursor) throws(InputError) -> Transport {
        let text = try c.string()
        guard let t = Transport(rawValue: text.lowercased()) else {
            throw c.error("unknown transport '\(InputError.excerpt(text))' (expected infiniband, roce or ethernet)")
        }
        return t
    }

    static func settings(_ c: Cursor) throws(InputError) -> PlaneSettings {
        try c.rejectUnknownKeys(["transport", "routing", "hashDestinationQP"], in: "plane")
        let t = try transport(try c.required("transport"))
        var routing: RoutingMode?
        if let r = c.optional("routing") {
            let text = try r.string()
            guard let mode = RoutingMode(rawValue: text.lowercased()) else {
                throw r.error("unknown routing '\(InputError.excerpt(text))' (expected ecmp or dmodk)")
            }
            routing = mode
        }
        return PlaneSettings(
            transport: t, routing: routing, hashesDestinationQP: try c.optional("hashDestinationQP")?.bool() ?? false)
    }

    // MARK: explicit entries

    static let nodeKeys: Set<String> = [
        "name", "kind", "role", "plane", "rail", "su", "pod", "host", "nic", "address", "addresses",
    ]

    static func node(_ c: Cursor) throws(InputError) -> NodeEntry {
        try c.rejectUnknownKeys(nodeKeys, in: "node")
        let nameCursor = try c.required("name")
        return try attributes(c, name: Located(try nameCursor.string(), at: nameCursor.mark))
    }

    /// A node entry from the attribute keys of `nodeKeys` (other keys are the caller's business).
    static func attributes(_ c: Cursor, name: Located<String>) throws(InputError) -> NodeEntry {
        var e = NodeEntry(name: name)
        if let v = c.optional("kind") {
            let text = try v.string()
            guard let k = DeviceKind(name: text) else {
                throw v.error("unknown kind '\(InputError.excerpt(text))' (expected host, gpu, nic, bmc or switch)")
            }
            e.kind = Located(k, at: v.mark)
        }
        if let v = c.optional("role") {
            let text = try v.string()
            guard let r = SwitchRole(name: text) else {
                throw v.error(
                    "unknown role '\(text)' (expected \(SwitchRole.allCases.map(\.description).joined(separator: ", ")))"
                )
            }
            e.role = Located(r, at: v.mark)
        }
        if let v = c.optional("plane") { e.plane = Located(try plane(v), at: v.mark) }
        if let v = c.optional("rail") { e.rail = try bounded(v, 0...1023) }
        if let v = c.optional("su") { e.scalableUnit = try bounded(v, 1...4096) }
        if let v = c.optional("pod") { e.pod = try bounded(v, 0...4095) }
        if let v = c.optional("host") { e.host = Located(try v.string(), at: v.mark) }
        if let v = c.optional("nic") { e.nic = Located(try v.string(), at: v.mark) }
        if let v = c.optional("address") { e.addresses.append(Located((nil, try address(v)), at: v.mark)) }
        if let m = c.optional("addresses") {
            for (key, value) in try m.entries() {
                guard let p = Plane(name: key) else {
                    let mark = m.mark(ofKey: key)
                    throw InputError(
                        file: c.file, line: mark.line, column: mark.column,
                        "unknown plane '\(key)' in addresses (expected compute, frontend, storage or oob)")
                }
                e.addresses.append(Located((p, try address(value)), at: value.mark))
            }
        }
        return e
    }

    static func link(_ c: Cursor) throws(InputError) -> LinkEntry {
        try c.rejectUnknownKeys(["from", "to", "gbps", "cables", "plane"], in: "link")
        let from = try c.required("from")
        let to = try c.required("to")
        let gbpsCursor = try c.required("gbps")
        let gbps = try gbpsCursor.double()
        guard gbps > 0, gbps.isFinite else { throw gbpsCursor.error("gbps must be a positive number") }
        var e = LinkEntry(
            from: Located(try from.string(), at: from.mark), to: Located(try to.string(), at: to.mark),
            gbps: gbps, mark: c.mark)
        if let v = c.optional("cables") { e.cables = try bounded(v, 1...4096) }
        if let v = c.optional("plane") { e.plane = Located(try plane(v), at: v.mark) }
        return e
    }

    static func plane(_ c: Cursor) throws(InputError) -> Plane {
        let text = try c.string()
        guard let p = Plane(name: text) else {
            throw c.error("unknown plane '\(InputError.excerpt(text))' (expected compute, frontend, storage or oob)")
        }
        return p
    }

    static func address(_ c: Cursor) throws(InputError) -> IPv4Address {
        let text = try c.string()
        guard let a = IPv4Address(text) else { throw c.error("invalid IPv4 address '\(InputError.excerpt(text))'") }
        return a
    }

    static func bounded(_ c: Cursor, _ range: ClosedRange<Int>) throws(InputError) -> Int {
        let v = try c.int()
        guard range.contains(v) else { throw c.error("\(v) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return v
    }
}
