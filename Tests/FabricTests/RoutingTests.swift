import InterlockCore
import Testing

@testable import Fabric

@Suite struct RoutingTests {
    /// Al-Fares: 1 path under one edge, k/2 inside a pod, (k/2)² between pods. k = 64 counts on the
    /// plane graph alone (no routing tables), so the test stays fast.
    @Test(arguments: [4, 8, 16, 32, 48, 64])
    func fatTreePathCounts(k: Int) throws {
        let f = try Fixtures.fatTree(k)
        let g = PlaneGraph(fabric: f, plane: .compute)
        let w = RouterWorkspace(graph: g)
        let perPod = k * k / 4
        let a = Fixtures.id(f, "host0001-nic0")
        let sameEdge = Fixtures.id(f, "host0002-nic0")
        let samePod = Fixtures.id(f, Naming.nic(Naming.node("host", k / 2 + 1), 0))
        let otherPod = Fixtures.id(f, Naming.nic(Naming.node("host", perPod + 1), 0))
        #expect(
            g.count(from: a, to: sameEdge, workspace: w) == PathCount(paths: 1, linkPaths: 1, hops: 2, saturated: false)
        )
        #expect(
            g.count(from: a, to: samePod, workspace: w)
                == PathCount(paths: UInt64(k / 2), linkPaths: UInt64(k / 2), hops: 4, saturated: false))
        let far = g.count(from: a, to: otherPod, workspace: w)
        #expect(far == PathCount(paths: UInt64(k * k / 4), linkPaths: UInt64(k * k / 4), hops: 6, saturated: false))
    }

    @Test func enumerationFluidAndCountAgree() throws {
        let f = try Fixtures.fatTree(8)
        let r = Router(fabric: f, plane: .compute)
        let w = RouterWorkspace(router: r)
        let a = Fixtures.id(f, "host0001-nic0")
        for other in ["host0002-nic0", "host0005-nic0", "host0017-nic0", "host0128-nic0"] {
            let b = Fixtures.id(f, other)
            let count = r.count(from: a, to: b, workspace: w)
            let paths = r.paths(from: a, to: b, limit: 1000)
            #expect(UInt64(paths.count) == count.paths, "\(other)")
            #expect(Set(paths).count == paths.count)
            for p in paths { #expect(p.count == count.hops + 1 && p.first == a && p.last == b) }
            // Fluid: one unit leaves the source and reaches the destination; every hop carries one unit.
            var load: [LinkID: Double] = [:]
            #expect(r.fluidSplit(from: a, to: b, workspace: w) { load[$0, default: 0] += $1 })
            #expect(abs(load.values.reduce(0, +) - Double(count.hops)) < 1e-9)
            #expect(load.values.allSatisfy { $0 <= 1 + 1e-12 })
        }
    }

    @Test func superPODSameRailInsideAnSUCrossesOneLeaf() throws {
        let f = try Fixtures.rail(units: 2)
        let r = Router(fabric: f, plane: .compute)
        let a = Fixtures.id(f, "dgx0001-nic3")
        let b = Fixtures.id(f, "dgx0032-nic3")
        let paths = r.paths(from: a, to: b, limit: 10)
        #expect(paths.count == 1)
        #expect(paths[0].map { f.devices[Int($0)].name } == ["dgx0001-nic3", "leaf-su1-r3", "dgx0032-nic3"])
    }

    /// Between SUs the path crosses a spine. 2 SU: 8 spines, 4 cables from each leaf to each spine,
    /// so 8 switch-level paths and 8 × 4 × 4 link-level paths.
    @Test func superPODBetweenSUsCrossesASpineWithParallelCables() throws {
        let f = try Fixtures.rail(units: 2)
        let r = Router(fabric: f, plane: .compute)
        let w = RouterWorkspace(router: r)
        let a = Fixtures.id(f, "dgx0001-nic0")
        let b = Fixtures.id(f, "dgx0033-nic0")
        #expect(r.count(from: a, to: b, workspace: w) == PathCount(paths: 8, linkPaths: 128, hops: 4, saturated: false))
        for p in r.paths(from: a, to: b, limit: 100) {
            #expect(f.devices[Int(p[2])].role == .spine)
        }
        // 1 SU: 4 spines, 8 cables each way: cross-rail inside the SU goes through a spine too.
        let one = try Fixtures.rail(units: 1)
        let r1 = Router(fabric: one, plane: .compute)
        let c = r1.count(from: Fixtures.id(one, "dgx0001-nic0"), to: Fixtures.id(one, "dgx0002-nic5"))
        #expect(c == PathCount(paths: 4, linkPaths: 4 * 8 * 8, hops: 4, saturated: false))
    }

    @Test func b200ThreeTierPaths() throws {
        let f = try Fixtures.rail(.dgxB200, units: 16, networks: false)
        let g = PlaneGraph(fabric: f, plane: .compute)
        let w = RouterWorkspace(graph: g)
        // Same rail, other SU: inside the rail's spine group (16 spines, 2 cables each end).
        let sameRail = g.count(from: Fixtures.id(f, "dgx0001-nic2"), to: Fixtures.id(f, "dgx0481-nic2"), workspace: w)
        #expect(sameRail == PathCount(paths: 16, linkPaths: 64, hops: 4, saturated: false))
        // Other rail: up to a core. 16 spines × 4 cores each, cables 2·8·8·2 per switch path.
        let crossRail = g.count(from: Fixtures.id(f, "dgx0001-nic2"), to: Fixtures.id(f, "dgx0001-nic3"), workspace: w)
        #expect(crossRail == PathCount(paths: 64, linkPaths: 64 * 2 * 8 * 8 * 2, hops: 6, saturated: false))
    }

    @Test func railOnlyHasNoPathBetweenRails() throws {
        let f = try Fixtures.rail(units: 2, railOnly: true)
        let r = Router(fabric: f, plane: .compute)
        let a = Fixtures.id(f, "dgx0001-nic0")
        #expect(r.count(from: a, to: Fixtures.id(f, "dgx0002-nic1")) == .none)
        var path: [LinkID] = [1]
        #expect(
            !r.route(
                from: a, to: Fixtures.id(f, "dgx0040-nic1"),
                flow: ECMPKey(source: 1, destination: 2, sourcePort: 3, destinationPort: 4791, proto: 17), into: &path))
        #expect(path.isEmpty)
        #expect(r.count(from: a, to: Fixtures.id(f, "dgx0040-nic0")).paths == 1)
    }

    @Test func ecmpIsDeterministicAndSpreads() throws {
        let f = try Fixtures.fatTree(8)
        let r = Router(fabric: f, plane: .compute, mode: .ecmp)
        let a = Fixtures.id(f, "host0001-nic0")
        let b = Fixtures.id(f, "host0128-nic0")
        var path: [LinkID] = []
        var again: [LinkID] = []
        var cores = Set<DeviceID>()
        for port in 0..<2000 {
            let flow = ECMPKey(
                source: 0x0A00_0001, destination: 0x0A00_0080, sourcePort: UInt16(49152 + port), destinationPort: 4791,
                proto: 17)
            #expect(r.route(from: a, to: b, flow: flow, into: &path))
            #expect(r.route(from: a, to: b, flow: flow, into: &again))
            #expect(path == again)
            let devices = r.devices(along: path, from: a)
            #expect(devices.count == 7 && devices.last == b)
            let names = r.paths(from: a, to: b, limit: 100)
            #expect(names.contains(devices))
            cores.insert(devices[3])
        }
        #expect(cores.count == 16)
    }

    @Test func ecmpHashesTheQueuePairOnlyWhenThePlaneSaysSo() throws {
        var b = FabricBuilder(name: "qp")
        try b.generate(GeneratorDescription(compute: .fatTree(FatTreeParameters(k: 8)), networks: []))
        b.set(.compute, PlaneSettings(transport: .roce, routing: .ecmp, hashesDestinationQP: true))
        let f = try b.build()
        let plain = try Fixtures.fatTree(8)
        for (fabric, expectSpread) in [(f, true), (plain, false)] {
            let r = Router(fabric: fabric, plane: .compute)
            let s = Fixtures.id(fabric, "host0001-nic0")
            let t = Fixtures.id(fabric, "host0100-nic0")
            var seen = Set<[LinkID]>()
            var path: [LinkID] = []
            for qp in 0..<200 {
                r.route(
                    from: s, to: t,
                    flow: ECMPKey(
                        source: 1, destination: 2, sourcePort: 5000, destinationPort: 4791, proto: 17,
                        destinationQP: UInt32(qp)), into: &path)
                seen.insert(path)
            }
            #expect((seen.count > 1) == expectSpread)
        }
    }

    /// D-mod-K: the path depends on the destination only, and the destinations under one edge switch
    /// leave a source edge on distinct up-ports (the property that makes shift permutations
    /// contention-free on a fat-tree).
    @Test func dmodkIsDestinationBased() throws {
        let f = try Fixtures.fatTree(8)
        let r = Router(fabric: f, plane: .compute, mode: .dmodk)
        let src = Fixtures.id(f, "host0001-nic0")
        var path: [LinkID] = []
        var uplinks = Set<LinkID>()
        for h in 0..<4 {
            let dst = Fixtures.id(f, Naming.nic(Naming.node("host", 17 + h), 0))
            var first: [LinkID]?
            for port in 0..<50 {
                r.route(
                    from: src, to: dst,
                    flow: ECMPKey(
                        source: 1, destination: 2, sourcePort: UInt16(port), destinationPort: 4791, proto: 17),
                    into: &path)
                if first == nil { first = path }
                #expect(path == first)
            }
            uplinks.insert(path[1])
        }
        #expect(uplinks.count == 4)
    }

    @Test func failuresRemoveLinksAndSwitches() throws {
        let f = try Fixtures.fatTree(4)
        let a = Fixtures.id(f, "host0001-nic0")
        let b = Fixtures.id(f, "host0016-nic0")
        let core = Fixtures.id(f, "core-0")
        let r = Router(fabric: f, plane: .compute, failedDevices: [core])
        #expect(r.count(from: a, to: b).paths == 3)
        var path: [LinkID] = []
        for port in 0..<100 {
            #expect(
                r.route(
                    from: a, to: b,
                    flow: ECMPKey(source: 1, destination: 2, sourcePort: UInt16(port), destinationPort: 1, proto: 6),
                    into: &path))
            #expect(!r.devices(along: path, from: a).contains(core))
        }
        let edgeUplinks = f.incidentLinks(of: Fixtures.id(f, "edge-p0-0")).filter {
            f.links[Int($0)].tier.description == "edge-aggregation"
        }
        let cut = Router(fabric: f, plane: .compute, failedLinks: Set(edgeUplinks))
        #expect(cut.count(from: a, to: b) == .none)
        #expect(cut.count(from: a, to: Fixtures.id(f, "host0002-nic0")).paths == 1)
    }

    @Test func userPlanesRouteHostsAndBMCs() throws {
        let f = try Fixtures.rail(units: 2)
        let front = Router(fabric: f, plane: .frontend)
        let a = Fixtures.id(f, "dgx0001")
        let b = Fixtures.id(f, "dgx0064")
        // Two front-end leaves, two spines, 2 cables each: 2 switch paths, 8 link paths.
        #expect(front.count(from: a, to: b) == PathCount(paths: 2, linkPaths: 8, hops: 4, saturated: false))
        let oob = Router(fabric: f, plane: .oob)
        #expect(oob.count(from: Fixtures.id(f, "dgx0001-bmc"), to: Fixtures.id(f, "dgx0002")).hops == 2)
    }
}

extension RoutingTests {
    /// The down-range table picks exactly the link that listing every candidate picks, on
    /// two- and three-tier fabrics, with and without failures, under ECMP and D-mod-K.
    @Test(arguments: [RoutingMode.ecmp, .dmodk])
    func downRangeTableMatchesListing(mode: RoutingMode) throws {
        let fabrics = [
            try Fixtures.fatTree(8), try Fixtures.rail(units: 2, networks: false),
            try Fixtures.rail(units: 16, networks: false),
        ]
        for f in fabrics {
            let spine = f.devices.indices.first { f.devices[$0].role == .spine || f.devices[$0].role == .aggregation }!
            let failures: [Set<DeviceID>] = [[], [DeviceID(spine)]]
            for failed in failures {
                let graph = PlaneGraph(fabric: f, plane: .compute, failedDevices: failed)
                let table = Router(graph: graph, mode: mode, downRanges: true)
                let listing = Router(graph: graph, mode: mode, downRanges: false)
                let nics = f.devices.indices.filter { f.devices[$0].kind == .nic }.map { DeviceID($0) }
                var state: UInt64 = 99
                var a: [LinkID] = []
                var b: [LinkID] = []
                for i in 0..<3000 {
                    state = HashMix.splitMix64(state)
                    let s = nics[Int(state % UInt64(nics.count))]
                    let t = nics[Int((state >> 32) % UInt64(nics.count))]
                    let key = ECMPKey(
                        source: UInt32(i), destination: UInt32(state & 0xFFFF), sourcePort: UInt16(i & 0xFFFF),
                        destinationPort: 4791, proto: 17, destinationQP: UInt32(i))
                    #expect(
                        table.route(from: s, to: t, flow: key, into: &a)
                            == listing.route(from: s, to: t, flow: key, into: &b))
                    #expect(a == b)
                }
            }
        }
    }
}

extension RoutingTests {
    /// Cached D-mod-K routes are the routes: same links for every flow, most answered from the cache.
    @Test func routeCacheGivesTheSameRoutes() throws {
        for f in [try Fixtures.rail(units: 2, networks: false), try Fixtures.rail(units: 16, networks: false)] {
            let r = Router(fabric: f, plane: .compute, mode: .dmodk)
            let cache = RouteCache(router: r)
            let nics = f.devices.indices.filter { f.devices[$0].kind == .nic }.map { DeviceID($0) }
            var a: [LinkID] = []
            var b: [LinkID] = []
            var checked = 0
            // Sources leaf by leaf (rail 0 of the first nodes, then rail 1...), as a collective sends.
            var sources: [DeviceID] = []
            for rail in 0..<2 { sources += nics.filter { f.devices[Int($0)].rail == rail }.prefix(40) }
            for s in sources {
                for t in stride(from: 0, to: nics.count, by: 97).map({ nics[$0] }) {
                    let key = ECMPKey(
                        source: UInt32(s), destination: UInt32(t), sourcePort: 1, destinationPort: 4791, proto: 17)
                    #expect(
                        r.route(from: s, to: t, flow: key, into: &a, cache: cache)
                            == r.route(from: s, to: t, flow: key, into: &b))
                    #expect(a == b)
                    checked += 1
                }
            }
            #expect(cache.hits > checked / 2, "\(cache.hits) of \(checked)")
        }
    }
}
