import Testing

@testable import Fabric

@Suite struct GeneratorTests {
    /// Al-Fares: k³/4 hosts, 5k²/4 switches, 3k³/4 links (host, edge–aggregation, aggregation–core).
    @Test(arguments: [4, 8, 16, 32, 48, 64])
    func fatTreeCounts(k: Int) throws {
        let f = try Fixtures.fatTree(k)
        let c = f.counts(of: .compute)
        #expect(c.hosts == k * k * k / 4)
        #expect(c.nics == k * k * k / 4)
        #expect(c.switches == 5 * k * k / 4)
        #expect(c.links == 3 * k * k * k / 4)
        #expect(c.switchesByRole == [.edge: k * k / 2, .aggregation: k * k / 2, .core: k * k / 4])
        #expect(f.device(named: "host0001") != nil && f.device(named: "edge-p0-0") != nil)
        #expect(f.device(named: "agg-p\(k - 1)-\(k / 2 - 1)") != nil && f.device(named: "core-\(k * k / 4 - 1)") != nil)
    }

    @Test func fatTreeGPUsShareTheHostNIC() throws {
        let f = try Fixtures.fatTree(4, gpusPerHost: 4)
        let c = f.counts(of: .compute)
        #expect(c.gpus == 64 && c.nics == 16 && c.links == 48)
        let gpu = f.devices[Int(Fixtures.id(f, "host0003-gpu2"))]
        #expect(gpu.nic == Fixtures.id(f, "host0003-nic0") && gpu.host == Fixtures.id(f, "host0003"))
    }

    @Test func fatTreeRejectsOddAndOutOfRangeK() {
        for k in [3, 2, 66, 5] {
            #expect(throws: FabricError.self) { try Fixtures.fatTree(k) }
        }
    }

    /// DGX SuperPOD H100 reference architecture: leaf/spine 8/4, 16/8, 24/16, 32/16 for 1–4 SU.
    @Test(arguments: [(1, 8, 4), (2, 16, 8), (3, 24, 16), (4, 32, 16)])
    func superPODLeafSpine(units: Int, leaves: Int, spines: Int) throws {
        let f = try Fixtures.rail(units: units)
        let c = f.counts(of: .compute)
        #expect(c.switchesByRole == [.leaf: leaves, .spine: spines])
        #expect(c.hosts == 32 * units && c.gpus == 256 * units && c.nics == 256 * units)
        // Non-blocking: every leaf has as many uplinks as nodes.
        #expect(c.links == 256 * units + leaves * 32)
        let host = Fixtures.id(f, "dgx0001")
        #expect(f.nics(of: host).count == 8)
        for (rail, nic) in f.nics(of: host).enumerated() {
            #expect(f.devices[Int(nic)].rail == rail)
            let leaf = f.links[Int(f.incidentLinks(of: nic).first!)].upper
            #expect(f.devices[Int(leaf)].name == "leaf-su1-r\(rail)")
        }
    }

    @Test func b200At16UnitsHasThreeTiers() throws {
        let f = try Fixtures.rail(.dgxB200, units: 16, networks: false)
        let c = f.counts(of: .compute)
        #expect(c.switchesByRole == [.leaf: 128, .spine: 128, .core: 64])
        #expect(c.gpus == 16 * 256)
        // 1:1 at every tier: leaf uplinks = spine uplinks = node links.
        #expect(c.links == 3 * 16 * 256)
    }

    /// The derivation rule for sizes without a reference figure: 64-port switches, 1:1 at every tier,
    /// two tiers up to 8 SU (64 leaves), three above.
    @Test(arguments: [5, 8, 9, 12, 40, 64])
    func derivedSizesAreNonBlockingWithinRadix(units: Int) throws {
        let f = try Fixtures.rail(units: units, networks: false)
        var down = [Int](repeating: 0, count: f.devices.count)
        var up = down
        for l in f.links {
            up[Int(l.lower)] += 1
            down[Int(l.upper)] += 1
        }
        var tiers = Set<Int>()
        for (i, d) in f.devices.enumerated() where d.kind == .switch {
            tiers.insert(d.level)
            #expect(up[i] + down[i] <= 64, "\(d.name) has \(up[i] + down[i]) ports")
            if d.role == .leaf { #expect(up[i] == 32 && down[i] == 32, "\(d.name)") }
            if d.role == .spine && units > 8 { #expect(up[i] == down[i], "\(d.name) is not 1:1") }
        }
        #expect(tiers.count == (units <= 8 ? 2 : 3), "\(units) SU")
    }

    @Test func railOnlyHasPerRailSpines() throws {
        let f = try Fixtures.rail(units: 2, railOnly: true)
        let c = f.counts(of: .compute)
        #expect(c.switchesByRole == [.leaf: 16, .spine: 8])
        for (i, link) in f.links.enumerated() where link.tier.description == "leaf-spine" {
            #expect(f.devices[Int(link.lower)].rail == f.devices[Int(link.upper)].rail)
            #expect(f.rail(ofLink: LinkID(i)) == f.devices[Int(link.lower)].rail)
        }
    }

    @Test func userNetworksAttachEveryNode() throws {
        let f = try Fixtures.rail(units: 2)
        for plane in [Plane.frontend, .storage, .oob] {
            let c = f.counts(of: plane)
            #expect(c.hosts == 64, "\(plane)")
            #expect(c.switches > 0)
        }
        #expect(f.counts(of: .oob).bmcs == 64)
        #expect(f.device(named: "frontend-leaf01") != nil && f.device(named: "storage-spine01") != nil)
        #expect(f.device(named: "oob-sw01") != nil && f.device(named: "dgx0064-bmc") != nil)
        let tiers = Set(f.links.filter { $0.plane == .oob }.map(\.tier.description))
        #expect(tiers == ["host-management", "management-spine"])
    }
}
