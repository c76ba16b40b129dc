@testable import Fabric

/// Fabrics built by the project's own generators, for the tests.
enum Fixtures {
    static func fatTree(_ k: Int, gpusPerHost: Int = 0, networks: Bool = false) throws -> FabricGraph {
        var p = FatTreeParameters(k: k)
        p.gpusPerHost = gpusPerHost
        let d =
            networks
            ? GeneratorDescription.withUserNetworks(.fatTree(p))
            : GeneratorDescription(compute: .fatTree(p), networks: [])
        return try FabricGraph.generate(d, name: "fat-tree-k\(k)")
    }

    static func rail(
        _ preset: RailPreset = .dgxH100, units: Int, railOnly: Bool = false, networks: Bool = true,
        transport: Transport = .infiniband
    ) throws -> FabricGraph {
        var p = RailParameters(preset: preset, scalableUnits: units, railOnly: railOnly)
        p.transport = transport
        let d =
            networks
            ? GeneratorDescription.withUserNetworks(.rail(p)) : GeneratorDescription(compute: .rail(p), networks: [])
        return try FabricGraph.generate(d, name: "\(preset.rawValue)-\(units)su")
    }

    static func id(_ f: FabricGraph, _ name: String) -> DeviceID {
        guard let id = f.device(named: name) else { fatalError("no device \(name)") }
        return id
    }
}
