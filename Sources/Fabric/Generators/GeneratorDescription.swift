/// How a fabric was generated: the compute fabric's generator and the user networks attached to it.
public struct GeneratorDescription: Equatable, Sendable {
    /// The compute fabric's generator and its parameters.
    public var compute: ComputeGenerator
    /// The user networks, in plane order.
    public var networks: [UserNetworkParameters]

    /// A description of the compute fabric and the user networks attached to it.
    public init(compute: ComputeGenerator, networks: [UserNetworkParameters]) {
        self.compute = compute
        self.networks = networks
    }

    /// One line for humans: `rail-optimized dgx-h100, 4 SU (leaf/spine 32/16)`.
    public var summary: String {
        switch compute {
        case .fatTree(let p): return "fat-tree k=\(p.k)"
        case .rail(let p) where p.pods > 1:
            let counts =
                (try? MultiPodLayout(p)).map { l in
                    let top = l.podTiers == 2 ? "core" : "core/supercore"
                    let figures = [l.leaves, l.spines] + (l.podTiers == 2 ? [l.top] : [l.podCores, l.top])
                    return " (leaf/spine/\(top) \(figures.map(String.init).joined(separator: "/")))"
                } ?? ""
            return "rail-optimized \(p.preset.rawValue), \(p.pods) pods of \(p.scalableUnits) SU\(counts)"
        case .rail(let p):
            let layout = try? RailLayout(p)
            let counts =
                layout.map { l in
                    l.cores > 0
                        ? " (leaf/spine/core \(l.leaves)/\(l.spines)/\(l.cores))"
                        : " (leaf/spine \(l.leaves)/\(l.spines))"
                } ?? ""
            return "\(p.railOnly ? "rail-only" : "rail-optimized") \(p.preset.rawValue), \(p.scalableUnits) SU\(counts)"
        }
    }
}

/// The generator of a compute fabric.
public enum ComputeGenerator: Equatable, Sendable {
    /// A k-ary fat-tree.
    case fatTree(FatTreeParameters)
    /// A rail-optimized (or rail-only) DGX SuperPOD-style fabric.
    case rail(RailParameters)
}

/// Builds a generated fabric's devices and links into `builder`.
extension FabricBuilder {
    /// Generates the compute fabric, then the user networks, and records the description.
    public mutating func generate(_ description: GeneratorDescription) throws(FabricError) {
        switch description.compute {
        case .fatTree(let p): try FatTree.generate(p, into: &self)
        case .rail(let p): try RailFabric.generate(p, into: &self)
        }
        for network in description.networks { try UserNetwork.generate(network, into: &self) }
        origin = description
    }
}

extension FabricGraph {
    /// Generates a fabric with the default address plan (what a topology file holding only this
    /// generator gives).
    public static func generate(_ description: GeneratorDescription, name: String = "generated") throws(FabricError)
        -> FabricGraph
    {
        var b = FabricBuilder(name: name)
        try b.generate(description)
        do { return try b.build() } catch { throw FabricError(error.description) }
    }
}

extension GeneratorDescription {
    /// A generator with the default front-end, storage and OOB networks.
    public static func withUserNetworks(_ compute: ComputeGenerator) -> GeneratorDescription {
        GeneratorDescription(
            compute: compute, networks: [.frontend, .storage, .oob].map(UserNetworkParameters.defaults))
    }
}

extension FabricGraph {
    /// NVLink bandwidth of one GPU in each direction, bytes per second, when the fabric was generated
    /// from a node preset (`RailPreset`); nil for other fabrics.
    public var nvlinkBytesPerSecond: Double? {
        guard case .rail(let p) = origin?.compute else { return nil }
        return p.preset.nvlinkBytesPerSecond
    }
}
