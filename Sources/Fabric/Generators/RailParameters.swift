/// The DGX SuperPOD presets of the rail-optimized generator.
public enum RailPreset: String, CaseIterable, Sendable {
    /// DGX H100 nodes.
    case dgxH100 = "dgx-h100"
    /// DGX H200 nodes.
    case dgxH200 = "dgx-h200"
    /// DGX B200 nodes.
    case dgxB200 = "dgx-b200"

    /// The node type: all three carry 8 GPUs and 8 ConnectX-7 NICs at 400 Gb/s (NDR InfiniBand).
    public var gpuModel: String {
        switch self {
        case .dgxH100: return "H100"
        case .dgxH200: return "H200"
        case .dgxB200: return "B200"
        }
    }

    /// NVLink bandwidth of one GPU in each direction, bytes per second: half the bidirectional
    /// figure NVIDIA gives, 900 GB/s for H100 and H200 (fourth-generation NVLink, 18 links) and
    /// 1.8 TB/s for B200 (fifth generation).
    public var nvlinkBytesPerSecond: Double {
        switch self {
        case .dgxH100, .dgxH200: return 450e9
        case .dgxB200: return 900e9
        }
    }
}

/// Parameters of a rail-optimized (or rail-only) compute fabric.
public struct RailParameters: Equatable, Sendable {
    /// The node type the fabric is built for.
    public var preset: RailPreset
    /// 1 through 64.
    public var scalableUnits: Int
    /// Compute nodes per scalable unit (32 in the SuperPOD reference design).
    public var nodesPerSU = 32
    /// NICs per node; NIC i is on rail i.
    public var rails = 8
    /// GPUs per node; GPU g uses NIC g mod rails.
    public var gpusPerNode = 8
    /// Capacity of every compute link.
    public var linkGbps: Double = 400
    /// What the compute fabric carries (InfiniBand by default, so D-mod-K routing).
    public var transport: Transport = .infiniband
    /// Leaf down-ports over up-ports (1: non-blocking).
    public var oversubscription: Double = 1
    /// Ports per switch (64 for the NDR QM9700).
    public var switchRadix = 64
    /// Rail-only (Wang et al.): every rail its own network, no path between rails.
    public var railOnly = false
    /// Pods of `scalableUnits` SUs each, joined by a top switch tier (`MultiPodLayout`); 1 is the
    /// single-pod fabric of `RailLayout`.
    public var pods = 1

    /// Parameters for `scalableUnits` SUs of `preset` nodes, with the reference defaults: 32 nodes per SU, 8
    /// rails, 400 Gb/s InfiniBand, non-blocking.
    public init(preset: RailPreset, scalableUnits: Int, railOnly: Bool = false) {
        self.preset = preset
        self.scalableUnits = scalableUnits
        self.railOnly = railOnly
    }

    /// Compute nodes in all: pods × scalable units × nodes per SU.
    public var nodes: Int { pods * scalableUnits * nodesPerSU }

    /// What is wrong with the parameters, keyed by the parameter at fault.
    public func problem() -> (key: String, message: String)? {
        if !(1...64).contains(scalableUnits) {
            return ("scalableUnits", "scalableUnits must be between 1 and 64 (got \(scalableUnits))")
        }
        if !(1...1024).contains(nodesPerSU) { return ("nodesPerSU", "nodesPerSU must be between 1 and 1024") }
        if !(1...32).contains(rails) { return ("rails", "rails must be between 1 and 32") }
        if !(0...64).contains(gpusPerNode) { return ("gpusPerNode", "gpusPerNode must be between 0 and 64") }
        if !(linkGbps > 0 && linkGbps <= 1e6) { return ("linkGbps", "linkGbps must be positive, at most 1000000") }
        if !(4...1024).contains(switchRadix) || switchRadix % 2 != 0 {
            return ("switchRadix", "switchRadix must be even, 4 through 1024")
        }
        let up = Double(nodesPerSU) / oversubscription
        if !(oversubscription >= 1 && oversubscription <= 1024) || up != up.rounded() {
            return ("oversubscription", "oversubscription must be at least 1 and divide nodesPerSU (\(nodesPerSU))")
        }
        if nodesPerSU > switchRadix {
            return ("nodesPerSU", "a leaf of \(switchRadix) ports cannot take \(nodesPerSU) nodes")
        }
        if !(1...64).contains(pods) { return ("pods", "pods must be between 1 and 64 (got \(pods))") }
        if pods > 1 && railOnly { return ("pods", "a rail-only fabric has no core tier to join pods") }
        do {
            if pods > 1 { _ = try MultiPodLayout(self) } else { _ = try RailLayout(self) }
        } catch { return (pods > 1 ? "pods" : "scalableUnits", error.message) }
        return nil
    }
}

/// The switch counts and wiring of a rail fabric, derived from the parameters.
///
/// The rule (also in `topologies/README.md`), with U = nodesPerSU / oversubscription leaf uplinks,
/// radix R, L = SU × rails leaves:
/// - Two tiers while the leaves fit under one spine layer (L ≤ R): every leaf is cabled to every
///   spine with c cables, c the largest divisor of U with c·L ≤ R; spines = U / c. This gives the
///   DGX SuperPOD H100 figures: 8/4 (1 SU), 16/8, 24/16, 32/16 (4 SU).
/// - Three tiers above: spines have R/2 ports down and R/2 up. The leaves of each rail form spine
///   groups of G consecutive SUs (G = SU split evenly into ⌈SU / (R/2)⌉ blocks); a group's leaves are
///   cabled to its s = U / c spines with c cables, c the largest divisor of U with c·G ≤ R/2. Spine j
///   of every group connects to the same m cores (m the smallest divisor of the spine's G·c uplinks
///   that keeps a core within R ports) with G·c/m cables each; cores = m·s. At 16 SU this gives the
///   B200 figures 128/128/64.
/// - Rail-only: each rail alone, two tiers: its SU leaves cabled to its own U / c spines (c the largest
///   divisor of U with c·SU ≤ R); no spine with one SU.
public struct RailLayout: Equatable, Sendable {
    /// Leaf switches: one per rail per scalable unit.
    public var leaves: Int
    /// Spine switches in all (0 with a single leaf layer).
    public var spines: Int
    /// Core switches (0 on two tiers).
    public var cores: Int
    /// Cables between a leaf and each spine it connects to.
    public var leafSpineCables: Int
    /// Spine groups (pods): 1 for two tiers (every leaf to every spine), rails × blocks for three tiers,
    /// rails for rail-only.
    public var groups: Int
    /// Spines in each group.
    public var spinesPerGroup: Int
    /// SUs per spine group (three tiers), or all of them.
    public var unitsPerGroup: Int
    /// Cores each spine connects to, and cables to each.
    public var coresPerSpine: Int
    /// Cables between a spine and each core it connects to.
    public var spineCoreCables: Int

    /// Switch tiers: 3 with cores, 2 with spines, else 1.
    public var tiers: Int { cores > 0 ? 3 : spines > 0 ? 2 : 1 }

    /// Derives the layout by the rule above.
    ///
    /// - Throws: `FabricError` when the leaves do not fit under one spine layer, or the spine groups under
    /// one core layer, of the switch radix.
    public init(_ p: RailParameters) throws(FabricError) {
        let up = Int(Double(p.nodesPerSU) / p.oversubscription)
        let r = p.switchRadix
        leaves = p.scalableUnits * p.rails
        cores = 0
        coresPerSpine = 0
        spineCoreCables = 0
        if p.railOnly {
            guard p.scalableUnits <= r else {
                throw FabricError(
                    "a rail of \(p.scalableUnits) leaves does not fit under one spine layer of \(r)-port switches")
            }
            groups = p.rails
            unitsPerGroup = p.scalableUnits
            leafSpineCables = p.scalableUnits == 1 ? 0 : Self.largestDivisor(of: up, atMost: r / p.scalableUnits)
            spinesPerGroup = p.scalableUnits == 1 ? 0 : up / leafSpineCables
            spines = groups * spinesPerGroup
        } else if leaves <= r {
            groups = 1
            unitsPerGroup = p.scalableUnits
            leafSpineCables = Self.largestDivisor(of: up, atMost: r / leaves)
            spinesPerGroup = up / leafSpineCables
            spines = spinesPerGroup
        } else {
            let down = r / 2
            let blocks = (p.scalableUnits + down - 1) / down
            unitsPerGroup = (p.scalableUnits + blocks - 1) / blocks
            groups = p.rails * blocks
            leafSpineCables = Self.largestDivisor(of: up, atMost: down / unitsPerGroup)
            spinesPerGroup = up / leafSpineCables
            spines = groups * spinesPerGroup
            let spineUp = unitsPerGroup * leafSpineCables
            guard let m = (1...spineUp).first(where: { spineUp % $0 == 0 && groups * spineUp / $0 <= r }) else {
                throw FabricError("\(groups) spine groups do not fit under one core layer of \(r)-port switches")
            }
            coresPerSpine = m
            spineCoreCables = spineUp / m
            cores = m * spinesPerGroup
        }
    }
}

extension RailLayout {
    /// The largest divisor of `n` that is at most `limit` (1 when none is): the parallel cables of a link
    /// bundle that keeps the far switch within its ports.
    static func largestDivisor(of n: Int, atMost limit: Int) -> Int {
        (1...n).reversed().first { n % $0 == 0 && $0 <= limit } ?? 1
    }
}
