import Testing

@testable import Fabric

/// Multi-pod rail-optimized fabrics (`--pods`): counts per tier, non-blocking capacity, equal-cost
/// path counts as products of fan-outs, and round trips through the topology formats.
@Suite struct MultiPodTests {
    /// A scaled-down multi-pod fabric: 4 nodes per SU, 2 rails, `radix`-port switches.
    static func params(pods: Int, units: Int, radix: Int) -> RailParameters {
        var p = RailParameters(preset: .dgxH100, scalableUnits: units)
        p.nodesPerSU = 4
        p.rails = 2
        p.gpusPerNode = 2
        p.switchRadix = radix
        p.pods = pods
        return p
    }

    static func small(pods: Int, units: Int, radix: Int) throws -> FabricGraph {
        try FabricGraph.generate(
            GeneratorDescription(compute: .rail(params(pods: pods, units: units, radix: radix)), networks: []))
    }

    /// (pods, SU per pod, radix, switch tiers): two-tier pods under cores (16 ports), three-tier pods
    /// with one and two spine groups per rail under supercores (8 ports), two and four pods.
    static let shapes = [(2, 2, 16, 3), (2, 4, 8, 4), (4, 4, 8, 4), (2, 8, 8, 4)]

    /// Every port above the leaves in use, as many up as down below the top: the middle tiers hold
    /// NICs / (R/2) switches, the top NICs / R, and every tier carries the NICs' bandwidth.
    @Test(arguments: shapes)
    func countsPerTierAreNonBlocking(pods: Int, units: Int, radix: Int, tiers: Int) throws {
        let f = try Self.small(pods: pods, units: units, radix: radix)
        let nics = pods * units * 4 * 2
        let c = f.counts(of: .compute)
        #expect(c.hosts == pods * units * 4 && c.nics == nics && c.gpus == nics)
        var expected: [SwitchRole: Int] = [.leaf: pods * units * 2, .spine: nics / (radix / 2)]
        expected[tiers == 3 ? .core : .supercore] = nics / radix
        if tiers == 4 { expected[.core] = nics / (radix / 2) }
        #expect(c.switchesByRole == expected)
        var up = [Int](repeating: 0, count: f.devices.count)
        var down = up
        var cablesByTier: [String: Int] = [:]
        var gbpsByTier: [String: Double] = [:]
        for l in f.links {
            up[Int(l.lower)] += 1
            down[Int(l.upper)] += 1
            cablesByTier[l.tier.description, default: 0] += 1
            gbpsByTier[l.tier.description, default: 0] += l.gbps
        }
        let top: SwitchRole = tiers == 3 ? .core : .supercore
        for (i, d) in f.devices.enumerated() where d.kind == .switch {
            // A leaf takes its SU's 4 nodes and as many uplinks; every other switch fills its ports.
            #expect(up[i] + down[i] == (d.role == .leaf ? 8 : radix), "\(d.name)")
            #expect(d.role == top ? up[i] == 0 : up[i] == down[i], "\(d.name)")
        }
        let names =
            tiers == 3
            ? ["host-leaf", "leaf-spine", "spine-core"] : ["host-leaf", "leaf-spine", "spine-core", "core-supercore"]
        #expect(cablesByTier == Dictionary(uniqueKeysWithValues: names.map { ($0, nics) }))
        for name in names { #expect(gbpsByTier[name] == Double(nics) * 400) }
        #expect(Set(f.devices.filter { $0.kind == .switch }.map(\.level)).count == tiers)
        // Bisection: the links from the first half of the pods up to the top tier carry that half's
        // injection bandwidth.
        let half = f.links.filter { l in
            f.devices[Int(l.upper)].role == top && f.devices[Int(l.lower)].pod! < pods / 2
        }
        #expect(half.reduce(0) { $0 + $1.gbps } == Double(nics / 2) * 400)
        // Names and SUs run on across pods.
        #expect(f.device(named: Naming.node("dgx", pods * units * 4)) != nil)
        let lastLeaf = try #require(f.device(named: Naming.railLeaf(su: pods * units, rail: 1)))
        #expect(f.devices[Int(lastLeaf)].pod == pods - 1 && f.devices[Int(lastLeaf)].scalableUnit == pods * units)
    }

    /// 131,072 GPUs: 8 pods of 64 DGX H100 SUs (16,384 nodes). Each pod has the 512 leaves and 512
    /// spines of NVIDIA's 64-SU figure; its cores keep half their ports for the supercores, so
    /// NICs / 32 of each middle tier and NICs / 64 supercores.
    @Test func the131072GPUFabricLayout() throws {
        var p = RailParameters(preset: .dgxH100, scalableUnits: 64)
        p.pods = 8
        #expect(p.problem() == nil)
        let l = try MultiPodLayout(p)
        let nics = p.nodes * p.rails
        #expect(nics == 131_072 && p.nodes * p.gpusPerNode == 131_072)
        #expect(l.podTiers == 3 && l.tiers == 4)
        #expect(l.leaves == 8 * 512 && l.spines == 8 * 512)
        #expect(l.podCores == nics / 32 && l.top == nics / 64)
        // Cables per tier: every tier carries one cable per NIC.
        #expect(l.spines * l.coresPerSpine * l.spineCoreCables == nics)
        #expect(l.podCores * l.topPerSwitch * l.topCables == nics)
        #expect(
            GeneratorDescription(compute: .rail(p), networks: []).summary
                == "rail-optimized dgx-h100, 8 pods of 64 SU (leaf/spine/core/supercore 4096/4096/4096/2048)")
    }

    @Test func singlePodParametersAndFilesAreUnchanged() throws {
        var p = RailParameters(preset: .dgxH100, scalableUnits: 4)
        let single = TopologyWriter.generatorForm(
            name: "t", GeneratorDescription(compute: .rail(p), networks: []), planes: [])
        #expect(!single.contains("pods"))
        p.pods = 2
        let multi = TopologyWriter.generatorForm(
            name: "t", GeneratorDescription(compute: .rail(p), networks: []), planes: [])
        #expect(multi.contains("\n  pods: 2\n"))
        p.railOnly = true
        #expect(p.problem()?.key == "pods")
        p.railOnly = false
        p.pods = 65
        #expect(p.problem()?.key == "pods")
        // 64-port switches: 64 pods of 1 SU fit under one top layer, their spines' 32 uplinks each
        // spread one to each core.
        p.scalableUnits = 1
        p.pods = 64
        #expect(p.problem() == nil)
    }

    /// Same leaf: one path of 2 links; same spine group: one per spine; another rail's group of the
    /// same pod: × the cores each spine reaches; another pod: × the supercores each core reaches.
    /// Link paths multiply by the parallel cables of every hop, up and down.
    @Test func pathCountsAreProductsOfFanOuts() throws {
        let p = Self.params(pods: 4, units: 4, radix: 8)
        let l = try MultiPodLayout(p)
        #expect(l.topPerSwitch > 1 && l.coresPerSpine > 1 && l.spinesPerGroup > 1)
        let f = try FabricGraph.generate(GeneratorDescription(compute: .rail(p), networks: []))
        let router = Router(fabric: f, plane: .compute)
        func nic(_ node: Int, _ rail: Int) -> DeviceID { f.device(named: Naming.nic(Naming.node("dgx", node), rail))! }
        let (s, c) = (UInt64(l.spinesPerGroup), UInt64(l.leafSpineCables))
        let (m, cc) = (UInt64(l.coresPerSpine), UInt64(l.spineCoreCables))
        let (t, tc) = (UInt64(l.topPerSwitch), UInt64(l.topCables))
        let sameLeaf = router.count(from: nic(1, 0), to: nic(2, 0))
        #expect(sameLeaf == PathCount(paths: 1, linkPaths: 1, hops: 2, saturated: false))
        let sameGroup = router.count(from: nic(1, 0), to: nic(5, 0))
        #expect(sameGroup == PathCount(paths: s, linkPaths: s * c * c, hops: 4, saturated: false))
        let sameNodeOtherRail = router.count(from: nic(1, 0), to: nic(1, 1))
        #expect(
            sameNodeOtherRail
                == PathCount(paths: s * m, linkPaths: s * c * m * cc * cc * c, hops: 6, saturated: false))
        let otherPod = router.count(from: nic(1, 0), to: nic(p.scalableUnits * 4 * 3 + 1, 1))
        #expect(
            otherPod
                == PathCount(
                    paths: s * m * t, linkPaths: s * c * m * cc * t * tc * tc * cc * c, hops: 8, saturated: false))
    }

    @Test func roundTripsThroughTheTopologyFormats() throws {
        let compute = ComputeGenerator.rail(Self.params(pods: 2, units: 4, radix: 8))
        let text = try TopologyFileTests.generatorText(compute)
        let loaded = try TopologyFile.load(text: text, file: "g.yaml")
        expectSameGraph(loaded, try FabricGraph.generate(.withUserNetworks(compute), name: "t"))
        #expect(loaded.origin == .withUserNetworks(compute))
        expectSameGraph(loaded, try TopologyFile.load(text: TopologyWriter.expanded(loaded), file: "e.yaml"))
        expectSameGraph(loaded, try TopologyFile.load(text: DOTWriter.write(loaded), file: "g.dot"))
        expectSameGraph(loaded, try TopologyFile.load(bytes: NodeLinkWriter.write(loaded), file: "g.json"))
    }
}
