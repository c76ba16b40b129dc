/// The switch counts and wiring of a multi-pod rail-optimized fabric (`RailParameters.pods` > 1):
/// P pods of SU scalable units each, every pod switch above the leaves with half its ports down and
/// half up, and a top tier joining the pods (NVIDIA's spine-leaf groups joined by core groups).
///
/// The rule, with U = nodesPerSU / oversubscription leaf uplinks, radix R, h = R/2, L = SU × rails
/// leaves per pod:
/// - Two-tier pods while a pod's leaves fit under spines of h down-ports (L ≤ h): every leaf of the pod
///   is cabled to every spine of the pod with c cables, c the largest divisor of U with c·L ≤ h;
///   spines per pod = U / c. The top tier is `core`.
/// - Three-tier pods above: each pod is the three-tier single-pod rule (`RailLayout`) on h-port
///   halves: the leaves of each rail form spine groups of G consecutive SUs (SU split evenly into
///   ⌈SU / h⌉ blocks), cabled to the group's U / c spines (c·G ≤ h); spine j of every group of the pod
///   connects to the same m pod cores (m the smallest divisor of the spine's G·c uplinks with
///   groups·G·c / m ≤ h), cores per pod = m·(U / c). The top tier is `supercore`.
/// - The top tier: switch k of every pod's top layer (spine k, or core k) connects to the same m' top
///   switches, m' the smallest divisor of its u uplinks with P·u / m' ≤ R, with u / m' cables each;
///   top switches = m' × the pod's top layer.
///
/// Every switch has as many links up as down, so each tier carries the NICs' bandwidth: non-blocking,
/// or the leaves' oversubscription at every tier above them.
public struct MultiPodLayout: Equatable, Sendable {
    /// Pods, each of `RailParameters.scalableUnits` SUs.
    public var pods: Int
    /// Switch tiers inside one pod: 2 (leaves, spines) or 3 (leaves, spines, cores).
    public var podTiers: Int
    /// Leaf switches in all: one per rail per SU.
    public var leaves: Int
    /// Spine groups per pod: 1 for two-tier pods (every leaf of the pod to every spine of the pod),
    /// rails × blocks for three-tier pods.
    public var groupsPerPod: Int
    /// SUs per spine group.
    public var unitsPerGroup: Int
    /// Spines in each group.
    public var spinesPerGroup: Int
    /// Cables between a leaf and each spine of its group.
    public var leafSpineCables: Int
    /// Three-tier pods: the pod cores each spine connects to, the cables to each, and cores per pod
    /// (all 0 for two-tier pods).
    public var coresPerSpine: Int
    public var spineCoreCables: Int
    public var coresPerPod: Int
    /// Top switches each switch of a pod's top layer connects to, and the cables to each.
    public var topPerSwitch: Int
    public var topCables: Int
    /// Top-tier switches (`core` above two-tier pods, `supercore` above three-tier pods).
    public var top: Int

    /// Spines in all.
    public var spines: Int { pods * groupsPerPod * spinesPerGroup }
    /// Pod cores in all (0 for two-tier pods).
    public var podCores: Int { pods * coresPerPod }
    /// The switches of one pod's top layer: its spines (two tiers) or its cores (three tiers).
    public var podTop: Int { podTiers == 2 ? spinesPerGroup : coresPerPod }
    /// Switch tiers of the fabric: the pod's and the top.
    public var tiers: Int { podTiers + 1 }

    /// Derives the layout by the rule above.
    ///
    /// - Throws: `FabricError` when the pods' top layers do not fit under one layer of the switch radix.
    public init(_ p: RailParameters) throws(FabricError) {
        let up = Int(Double(p.nodesPerSU) / p.oversubscription)
        let half = p.switchRadix / 2
        pods = p.pods
        leaves = p.pods * p.scalableUnits * p.rails
        let podLeaves = p.scalableUnits * p.rails
        let podTopUp: Int
        if podLeaves <= half {
            podTiers = 2
            groupsPerPod = 1
            unitsPerGroup = p.scalableUnits
            leafSpineCables = RailLayout.largestDivisor(of: up, atMost: half / podLeaves)
            spinesPerGroup = up / leafSpineCables
            (coresPerSpine, spineCoreCables, coresPerPod) = (0, 0, 0)
            podTopUp = podLeaves * leafSpineCables
        } else {
            podTiers = 3
            let blocks = (p.scalableUnits + half - 1) / half
            unitsPerGroup = (p.scalableUnits + blocks - 1) / blocks
            groupsPerPod = p.rails * blocks
            leafSpineCables = RailLayout.largestDivisor(of: up, atMost: half / unitsPerGroup)
            spinesPerGroup = up / leafSpineCables
            let spineUp = unitsPerGroup * leafSpineCables
            guard let m = Self.bundles(of: spineUp, from: groupsPerPod, within: half) else {
                throw FabricError(
                    "\(groupsPerPod) spine groups do not fit under one pod core layer of \(half) ports down")
            }
            coresPerSpine = m
            spineCoreCables = spineUp / m
            coresPerPod = m * spinesPerGroup
            podTopUp = groupsPerPod * spineCoreCables
        }
        guard let m = Self.bundles(of: podTopUp, from: p.pods, within: p.switchRadix) else {
            throw FabricError("\(p.pods) pods do not fit under one top layer of \(p.switchRadix)-port switches")
        }
        topPerSwitch = m
        topCables = podTopUp / m
        top = m * (podTiers == 2 ? spinesPerGroup : coresPerPod)
    }

    /// The fewest upper switches m (a divisor of `uplinks`) among which a lower switch spreads its
    /// `uplinks` evenly, when the upper switches take one such bundle from each of `lowers` switches
    /// and have `ports` ports down: nil when even m = `uplinks` does not fit.
    static func bundles(of uplinks: Int, from lowers: Int, within ports: Int) -> Int? {
        (1...max(uplinks, 1)).first { uplinks % $0 == 0 && lowers * uplinks / $0 <= ports }
    }
}
