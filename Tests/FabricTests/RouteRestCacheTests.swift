import InterlockCore
import Testing

@testable import Fabric

/// `RouteRestCache` loads what loading each D-mod-K route link by link loads: the same bytes and
/// flows on every link direction, the same link counts, the same unroutable pairs, with sources in
/// leaf order (rests shared by a whole pod) or scattered (rests replaced and spread mid-run).
@Suite struct RouteRestCacheTests {
    /// Loads the route of `s` to `t` (all but the source's own link) the plain way.
    static func loadRoute(
        _ f: FabricGraph, _ path: [LinkID], from s: DeviceID, bytes b: Double, flows n: Int,
        into bytes: inout [Double], _ flows: inout [UInt32]
    ) {
        var at = s
        for (k, l) in path.enumerated() {
            let link = f.links[Int(l)]
            let upward = link.lower == at
            at = upward ? link.upper : link.lower
            guard k > 0 else { continue }
            bytes[2 * Int(l) + (upward ? 0 : 1)] += b
            flows[2 * Int(l) + (upward ? 0 : 1)] += UInt32(n)
        }
    }

    /// Every pair of `sources` × `destinations` through the cache and route by route; returns the
    /// rests walked and the pairs the cache loaded.
    static func expectSameLoads(_ router: Router, sources: [DeviceID], destinations: [DeviceID]) -> (Int, Int) {
        let f = router.fabric
        let n = 2 * f.links.count
        let (bytes, flows) = (OwnedBuffer<Double>(zeroed: n), OwnedBuffer<UInt32>(zeroed: n))
        let cache = RouteRestCache(router: router, bytes: bytes.baseAddress, flows: flows.baseAddress)
        var expectedBytes = [Double](repeating: 0, count: n)
        var expectedFlows = [UInt32](repeating: 0, count: n)
        var unsharedBytes = [Double](repeating: 0, count: n)
        var unsharedFlows = [UInt32](repeating: 0, count: n)
        var path: [LinkID] = []
        var loaded = 0
        let key = ECMPKey(source: 0, destination: 0, sourcePort: 0, destinationPort: 0, proto: 0)
        for (i, s) in sources.enumerated() {
            for (j, t) in destinations.enumerated() {
                let b = Double(1000 + 7 * j + 13 * i)
                let count = 1 + (i + j) % 5
                let found = router.route(from: s, to: t, flow: key, into: &path)
                if found { loadRoute(f, path, from: s, bytes: b, flows: count, into: &expectedBytes, &expectedFlows) }
                switch cache.load(from: s, to: t, bytes: b, flows: count) {
                case .loaded(let links):
                    #expect(found && links == path.count, "\(s) to \(t)")
                    loaded += 1
                case .unroutable: #expect(!found, "\(s) to \(t)")
                case .unshared:
                    if found {
                        loadRoute(f, path, from: s, bytes: b, flows: count, into: &unsharedBytes, &unsharedFlows)
                    }
                }
            }
        }
        cache.flush()
        #expect((0..<n).map { bytes[$0] + unsharedBytes[$0] } == expectedBytes)
        #expect((0..<n).map { flows[$0] + unsharedFlows[$0] } == expectedFlows)
        return (cache.walks, loaded)
    }

    static func nics(_ f: FabricGraph) -> [DeviceID] {
        f.devices.indices.filter { f.devices[$0].kind == .nic }.map { DeviceID($0) }
    }

    /// A fat-tree in leaf order walks one rest per pod and destination: k · hosts; every pair but
    /// those under one edge switch (k/2 hosts each) shares a rest.
    @Test(arguments: [4, 8])
    func fatTreeWalksOneRestPerPodAndDestination(k: Int) throws {
        let f = try Fixtures.fatTree(k)
        let nics = Self.nics(f)
        let hosts = k * k * k / 4
        #expect(nics.count == hosts)
        let (walks, loaded) = Self.expectSameLoads(
            Router(fabric: f, plane: .compute, mode: .dmodk), sources: nics, destinations: nics)
        #expect(walks == k * hosts)
        #expect(loaded == hosts * (hosts - k / 2))
    }

    /// Rail-optimized fabrics with parallel cables, failures and a rail-only one (no path between
    /// rails), sources in leaf order and scattered.
    @Test func railFabricsWithFailuresLoadTheSame() throws {
        let rail = try Fixtures.rail(units: 2, networks: false)
        let spine = Fixtures.id(rail, "spine05")
        // The last: one SU, rail-only, where a route stays under one leaf (not shared) or has no path.
        let cases: [(FabricGraph, Set<LinkID>, Set<DeviceID>, Bool)] = [
            (rail, [], [], true), (rail, [1, 600, 700, 1100], [spine], true),
            (try Fixtures.fatTree(8), [3, 200, 301], [], true),
            (try Fixtures.rail(units: 1, railOnly: true, networks: false), [], [], false),
        ]
        for (f, links, devices, shares) in cases {
            let router = Router(fabric: f, plane: .compute, mode: .dmodk, failedLinks: links, failedDevices: devices)
            let nics = Self.nics(f)
            var state: UInt64 = 7
            let scattered = (0..<40).map { _ in
                state = HashMix.splitMix64(state)
                return nics[Int(state % UInt64(nics.count))]
            }
            for sources in [Array(nics.prefix(80)), scattered] {
                let (walks, loaded) = Self.expectSameLoads(router, sources: sources, destinations: nics)
                #expect((walks > 0 && loaded > 0) == shares)
            }
        }
    }
}
