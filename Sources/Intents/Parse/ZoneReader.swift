import Documents
import Fabric
import InterlockCore
import Manifests
import Policy

/// Reads zone definitions of a `SegmentationIntents` document.
enum ZoneReader {
    static let selectorKeys: Set<String> = [
        "plane", "planes", "nodes", "rail", "rails", "su", "scalableUnits", "interface", "interfaces",
        "partition", "partitions", "vrf", "vrfs", "vlan", "vlans", "namespace", "namespaces",
        "namespaceSelector", "namespaceLabels", "podSelector", "podLabels", "nodeSelector", "nodeLabels",
        "network", "networks", "cidr", "cidrs", "except", "builtin",
    ]

    static func zone(_ c: Cursor, pack: String?) throws(InputError) -> Zone {
        try c.rejectUnknownKeys(selectorKeys.union(["name", "description", "select"]), in: "zone")
        let name = try c.required("name").string()
        guard isValidName(name) else {
            throw c["name"]!.error(
                "invalid zone name '\(InputError.excerpt(name))' (letters, digits, '-', '_', '.', ':' and '/')")
        }
        guard name != "any" else { throw c["name"]!.error("'any' is reserved: it means every endpoint") }
        var selectors: [ZoneSelector] = []
        if let list = c.optional("select") {
            if c.node.isMapping(withAnyOf: selectorKeys) {
                throw c.error("give either 'select' or selector fields, not both")
            }
            for item in try list.array() {
                try item.rejectUnknownKeys(selectorKeys, in: "zone selector")
                selectors.append(try selector(item))
            }
            guard !selectors.isEmpty else { throw list.error("'select' needs at least one selector") }
        } else {
            selectors = [try selector(c)]
        }
        return Zone(
            name: name, description: try c.optional("description")?.string(), selectors: selectors,
            location: c.location, pack: pack)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.:/".contains($0) }
    }

    static func selector(_ c: Cursor) throws(InputError) -> ZoneSelector {
        var s = ZoneSelector(location: c.location)
        var any = false
        if let v = try c.optional(anyOf: ["plane", "planes"]) {
            s.planes = []
            for (i, name) in try v.stringList().enumerated() {
                guard let p = Plane(name: name) else {
                    throw (try v.itemCursor(i)).error(
                        "unknown plane '\(name)' (expected compute, frontend, storage or oob)")
                }
                s.planes!.append(p)
            }
            any = true
        }
        if let v = c.optional("nodes") {
            let text = try v.string()
            do throws(HostlistError) { s.nodes = Set(try Hostlist.expand(text)) } catch {
                throw v.error(error.description)
            }
            s.nodesLocation = v.location
            any = true
        }
        if let v = try c.optional(anyOf: ["rail", "rails"]) {
            s.rails = Set(try ints(v, 0...1023))
            any = true
        }
        if let v = try c.optional(anyOf: ["su", "scalableUnits"]) {
            s.scalableUnits = Set(try ints(v, 1...4096))
            any = true
        }
        if let v = try c.optional(anyOf: ["interface", "interfaces"]) {
            s.interfaces = []
            for (i, name) in try v.stringList().enumerated() {
                guard let k = FabricInterfaceKind(rawValue: name.lowercased()) else {
                    throw (try v.itemCursor(i)).error(
                        "unknown interface kind '\(name)' (expected compute, frontend, storage, oob or bmc)")
                }
                s.interfaces!.append(k)
            }
            any = true
        }
        if let v = try c.optional(anyOf: ["partition", "partitions"]) {
            s.partitions = try v.stringList()
            any = true
        }
        if let v = try c.optional(anyOf: ["vrf", "vrfs"]) {
            s.vrfs = try v.stringList()
            any = true
        }
        if let v = try c.optional(anyOf: ["vlan", "vlans"]) {
            s.vlans = Set(try ints(v, 1...4094))
            any = true
        }
        if let v = try c.optional(anyOf: ["namespace", "namespaces"]) {
            s.namespaces = Set(try v.stringList())
            any = true
        }
        if let v = try c.optional(anyOf: ["namespaceSelector", "namespaceLabels"]) {
            s.namespaceSelector = try labels(v, key: c["namespaceLabels"] != nil)
            any = true
        }
        if let v = try c.optional(anyOf: ["podSelector", "podLabels"]) {
            s.podSelector = try labels(v, key: c["podLabels"] != nil)
            any = true
        }
        if let v = try c.optional(anyOf: ["nodeSelector", "nodeLabels"]) {
            s.nodeSelector = try labels(v, key: c["nodeLabels"] != nil)
            any = true
        }
        if let v = try c.optional(anyOf: ["network", "networks"]) {
            s.networks = try v.stringList().map(Network.init)
            any = true
        }
        if let v = try c.optional(anyOf: ["cidr", "cidrs"]) {
            s.cidrs = try cidrs(v)
            any = true
        }
        if let v = c.optional("except") {
            guard s.cidrs != nil else { throw v.error("'except' needs 'cidr'") }
            s.except = try cidrs(v)
        }
        if let v = c.optional("builtin") {
            let name = try v.string()
            guard let b = BuiltinZone(rawValue: name) else {
                throw v.error(
                    "unknown built-in zone '\(name)' (expected one of: \(BuiltinZone.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            s.builtin = b
            any = true
        }
        guard any else {
            throw c.error("a zone needs at least one selector field (\(selectorKeys.sorted().joined(separator: ", ")))")
        }
        if s.hasFabricFields && s.hasKubernetesFields {
            throw c.error(
                "a selector cannot mix fabric fields (plane, rail, su, interface, partition, vrf, vlan) with Kubernetes fields (namespace, labels, network): it would select nothing; use two selectors under 'select'"
            )
        }
        return s
    }

    private static func ints(_ c: Cursor, _ range: ClosedRange<Int>) throws(InputError) -> [Int] {
        let items: [Cursor]
        if case .sequence = c.node { items = try c.array() } else { items = [c] }
        var out: [Int] = []
        for item in items {
            let n = try item.int()
            guard range.contains(n) else { throw item.error("\(n) is outside \(range.lowerBound)-\(range.upperBound)") }
            out.append(n)
        }
        return out
    }

    private static func cidrs(_ c: Cursor) throws(InputError) -> [CIDR] {
        let items: [Cursor]
        if case .sequence = c.node { items = try c.array() } else { items = [c] }
        var out: [CIDR] = []
        for item in items {
            let text = try item.string()
            guard let cidr = CIDR(text, strict: true) else {
                throw item.error("invalid CIDR '\(InputError.excerpt(text))' (host bits must be zero)")
            }
            out.append(cidr)
        }
        return out
    }

    /// A label selector, or (for the `…Labels` shorthand) a plain label map.
    private static func labels(_ c: Cursor, key shorthand: Bool) throws(InputError) -> LabelSelector {
        shorthand ? LabelSelector(matchLabels: try c.stringMap()) : try LabelSelector.decode(c)
    }
}

extension Cursor {
    /// The cursor of item `i` of a list (itself for a scalar).
    func itemCursor(_ i: Int) throws(InputError) -> Cursor {
        if case .sequence = node { return try array()[i] }
        return self
    }
}

extension Node {
    /// Whether this is a mapping holding any of `keys`.
    func isMapping(withAnyOf keys: Set<String>) -> Bool {
        guard case .mapping(let m) = self else { return false }
        return m.entries.contains { keys.contains($0.key) }
    }
}
