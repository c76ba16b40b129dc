import Fabric
import InterlockCore
import Manifests
import Policy

/// The zones of a check, indexed, with tenant zones made from the inventory and every name checked
/// against the fabric and the inventory.
struct ZoneCatalog: Sendable {
    let zones: [Zone]
    private let index: [String: Int]
    /// The tenant zones (`tenant:NAME`), for `between: tenants`.
    let tenants: [Int]

    init(inputs: CheckInputs) throws(InputError) {
        var zones = inputs.intents.zones
        if let label = inputs.intents.tenantLabel, let inventory = inputs.inventory {
            let location =
                inputs.intents.rules.first { $0.between == [IntentSet.tenantFamily] }?.location
                ?? SourceLocation(file: "builtin:tenants", line: 1)
            var values: [String: Set<String>] = [:]
            for ns in inventory.namespaces { if let v = ns.labels[label] { values[v, default: []].insert(ns.name) } }
            for (value, namespaces) in values.sorted(by: { $0.key < $1.key }) {
                let name = IntentSet.tenantZonePrefix + value
                guard !zones.contains(where: { $0.name == name }) else { continue }
                var byLabel = ZoneSelector(location: location)
                byLabel.namespaceSelector = LabelSelector(matchLabels: [label: value])
                var selectors = [byLabel]
                // The tenant's presence on the compute fabric: the nodes its pods run on.
                let hosts = Set(inventory.pods.filter { namespaces.contains($0.namespace) }.compactMap(\.nodeName))
                if !hosts.isEmpty {
                    var onFabric = ZoneSelector(location: location)
                    onFabric.nodes = hosts
                    onFabric.planes = [.compute]
                    selectors.append(onFabric)
                }
                zones.append(
                    Zone(
                        name: name,
                        description:
                            "tenant \(value): namespaces labelled \(label)=\(value) and the compute NICs of their pods' nodes",
                        selectors: selectors, location: location))
            }
        }
        self.zones = zones
        index = Dictionary(zones.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        tenants = zones.indices.filter { zones[$0].name.hasPrefix(IntentSet.tenantZonePrefix) }
        try validateNames(inputs)
    }

    var count: Int { zones.count }

    func index(of name: String) -> Int? { index[name] }

    /// Zone indices of names (which the reader validated).
    func indices(_ names: [String]) -> [Int] {
        names.flatMap { name -> [Int] in
            name == IntentSet.tenantFamily ? tenants : index[name].map { [$0] } ?? []
        }
    }

    /// Hosts, partitions and VRFs that selectors name exist.
    private func validateNames(_ inputs: CheckInputs) throws(InputError) {
        let seg = inputs.intents.segmentation
        var known = Set<String>()
        if let fabric = inputs.fabric {
            for d in fabric.devices where d.kind == .host { known.insert(d.name) }
        }
        if let inventory = inputs.inventory { known.formUnion(inventory.nodes.map(\.name)) }
        let canCheckHosts = inputs.fabric != nil || inputs.inventory != nil
        func fail(_ at: SourceLocation, _ message: String) -> InputError {
            InputError(file: at.file, line: at.line, column: at.column, message)
        }
        for zone in zones {
            for s in zone.selectors {
                if canCheckHosts, let nodes = s.nodes,
                    let unknown = nodes.sorted().first(where: { !known.contains($0) })
                {
                    throw fail(
                        s.nodesLocation ?? s.location,
                        "zone '\(zone.name)': unknown node '\(unknown)' (neither a fabric host nor a Kubernetes node)")
                }
                for p in s.partitions ?? [] where seg.partition(named: p) == nil {
                    throw fail(
                        s.location,
                        "zone '\(zone.name)': unknown partition '\(p)' (declare it in a FabricSegmentation document)")
                }
                for v in s.vrfs ?? [] where !seg.vrfs.contains(where: { $0.name == v }) {
                    throw fail(
                        s.location,
                        "zone '\(zone.name)': unknown VRF '\(v)' (declare it in a FabricSegmentation document)")
                }
            }
        }
        if let fabric = inputs.fabric {
            for member in seg.partitions.flatMap(\.members) + seg.vrfs.flatMap(\.members) {
                if let unknown = member.hosts.sorted().first(where: { fabric.device(named: $0) == nil }) {
                    throw fail(member.location, "unknown host '\(unknown)' in the fabric")
                }
            }
        }
    }
}

extension FabricSegmentation {
    /// A partition by name or P_Key (`0x8001`, `0x0001` and `1` name the same one).
    func partition(named text: String) -> Partition? {
        if let p = partitions.first(where: { $0.name == text }) { return p }
        let lower = text.lowercased()
        let value = lower.hasPrefix("0x") ? UInt16(lower.dropFirst(2), radix: 16) : UInt16(lower)
        guard let value else { return nil }
        return partitions.first { $0.pkey == value & 0x7FFF }
    }
}
