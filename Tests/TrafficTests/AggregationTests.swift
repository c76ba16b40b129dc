import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// The aggregated all-to-all (D-mod-K) and the fluid split by pair of leaves give what routing every
/// flow on its own gives: the same link loads, totals, per-job figures and reports.
@Suite struct AggregationTests {
    static let gib = 1024.0 * 1024 * 1024

    static func fatTree(_ k: Int, gpusPerHost: Int) -> FabricGraph {
        var p = FatTreeParameters(k: k)
        p.gpusPerHost = gpusPerHost
        p.transport = .infiniband
        return try! FabricGraph.generate(.withUserNetworks(.fatTree(p)), name: "k\(k)-ib")
    }

    /// Jobs files over `hosts` (`dgx` or `host` names): whole nodes, parts of nodes, and two jobs
    /// sharing nodes.
    static func jobFiles(_ prefix: String) -> [String] {
        [
            "jobs:\n- {name: all, tenant: t, nodes: all}\n",
            "jobs:\n- {name: a, tenant: t, nodes: '\(prefix)[0001-0005,0009]'}\n"
                + "- {name: b, tenant: t, nodes: 3, gpusPerNode: 3}\n",
            "jobs:\n- {name: a, tenant: t, nodes: '\(prefix)[0001-0004]', gpusPerNode: 4}\n"
                + "- {name: b, tenant: t, nodes: 4, gpusPerNode: 4}\n- {name: c, tenant: t, nodes: 2}\n",
        ]
    }

    /// Runs the case both ways and checks every figure of the result and of the rendered report.
    static func expectSame(
        _ fabric: FabricGraph, _ placement: JobPlacement, pxn: Bool, size: Double, qps: Int,
        span: CommunicatorSpan, failures: Failures = Failures(), threads: Int = 2, routing: RoutingChoice? = nil
    ) throws {
        func run(_ aggregate: Bool, threads: Int) throws -> SimulationResult {
            let options = SimulationOptions(
                collective: CollectiveOptions(
                    collective: .allToAll, size: size, pxn: pxn, qpsPerConnection: qps, span: span),
                routing: routing, failures: failures, threads: threads, aggregate: aggregate)
            return try TrafficSimulator.run(fabric: fabric, placement: placement, options: options)
        }
        // The reference on one thread: results do not depend on the number of threads either.
        let reference = try run(false, threads: 1)
        let aggregated = try run(true, threads: threads)
        #expect(aggregated.loads.bytes == reference.loads.bytes)
        #expect(aggregated.loads.flows == reference.loads.flows)
        #expect(aggregated.statistics == reference.statistics)
        #expect(aggregated.communicators.count == reference.communicators.count)
        for (a, r) in zip(aggregated.communicators, reference.communicators) {
            #expect(a.statistics == r.statistics)
            #expect(a.directions == r.directions)
            #expect(a.ownBytes == r.ownBytes)
        }
        let reports = [aggregated, reference].map { TrafficReport(analysis: TrafficAnalysis($0), judging: .none) }
        #expect(reports[0].text() == reports[1].text())
        #expect(reports[0].json == reports[1].json)
    }

    @Test(arguments: [false, true])
    func aggregatedAllToAllEqualsPerFlowOnRailFabrics(pxn: Bool) throws {
        for (fabric, prefix) in [(Support.rail(2), "dgx"), (Support.rail(1, railOnly: true), "dgx")] {
            for yaml in Self.jobFiles(prefix) {
                let placement = try Support.jobs(yaml, fabric)
                for span in [CommunicatorSpan.job, .all] {
                    try Self.expectSame(fabric, placement, pxn: pxn, size: Self.gib + 7, qps: 3, span: span)
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func aggregatedAllToAllEqualsPerFlowOnFatTrees(pxn: Bool) throws {
        let fabric = Self.fatTree(4, gpusPerHost: 4)
        for yaml in Self.jobFiles("host") {
            let placement = try Support.jobs(yaml, fabric)
            try Self.expectSame(fabric, placement, pxn: pxn, size: 1000, qps: 4, span: .all)
            try Self.expectSame(fabric, placement, pxn: pxn, size: Self.gib, qps: 1, span: .job, threads: 3)
        }
    }

    @Test func aggregatedAllToAllEqualsPerFlowWithFailures() throws {
        let fabric = Support.rail(2)
        let placement = try Support.jobs(Self.jobFiles("dgx")[1], fabric)
        for failures in [["leaf-su1-r0"], ["spine01"], ["leaf-su2-r3", "spine05"]] {
            let f = try Failures.resolve(links: [0, 7], switches: failures, in: fabric)
            for pxn in [false, true] {
                try Self.expectSame(fabric, placement, pxn: pxn, size: Self.gib, qps: 2, span: .all, failures: f)
            }
        }
    }

    /// Fluid routing: the aggregates' bytes spread by pair of leaves equal every flow's, bit for bit.
    @Test(arguments: [false, true])
    func aggregatedFluidAllToAllEqualsPerFlow(pxn: Bool) throws {
        for (fabric, prefix) in [(Support.rail(2), "dgx"), (Self.fatTree(4, gpusPerHost: 4), "host")] {
            for yaml in Self.jobFiles(prefix) {
                let placement = try Support.jobs(yaml, fabric)
                try Self.expectSame(
                    fabric, placement, pxn: pxn, size: Self.gib + 7, qps: 3, span: .all, routing: .fluid)
            }
        }
        let fabric = Support.rail(2)
        let placement = try Support.jobs(Self.jobFiles("dgx")[1], fabric)
        let f = try Failures.resolve(links: [0, 7], switches: ["leaf-su2-r3", "spine05"], in: fabric)
        try Self.expectSame(
            fabric, placement, pxn: pxn, size: Self.gib, qps: 2, span: .job, failures: f, threads: 3, routing: .fluid)
    }

    /// The groups follow the fabric: one per leaf a job's NICs hang off (whole nodes, one NIC per
    /// rail), whatever the number of nodes.
    @Test func groupsAreLeaves() throws {
        for units in [1, 2, 4] {
            let fabric = Support.rail(units)
            let placement = try Support.jobs("jobs:\n- {name: all, tenant: t, nodes: all}\n", fabric)
            let communicator = Communicator.make(placement, span: .job, fabric: fabric)[0]
            for pxn in [false, true] {
                let options = CollectiveOptions(collective: .allToAll, size: Self.gib, pxn: pxn)
                let source = try TrafficPattern.make(
                    options, communicator: communicator, fabric: fabric, addresses: AddressTables(fabric: fabric))
                let router = Router(fabric: fabric, plane: .compute)
                let aggregates = try #require(AllToAllAggregates(source as! AllToAllFlows, graph: router.graph))
                #expect(aggregates.chunkCount == units * 8)
                #expect(aggregates.groups.allSatisfy { $0.members.count == 32 })
            }
        }
    }

    /// `FluidSplitCache` (one split per pair of leaves) against `Router.fluidSplit` for every pair,
    /// on two and three tiers, with failures: the same bytes on every direction, bit for bit.
    @Test func fluidSplitsByLeafPairEqualSplittingEachPair() throws {
        let rail = Support.rail(2)
        let cases: [(FabricGraph, Set<LinkID>, Int)] = [
            (Self.fatTree(4, gpusPerHost: 0), [], 1), (Self.fatTree(8, gpusPerHost: 0), [3, 200, 301], 5),
            (rail, [], 37), (rail, [1, 600, 700, 1100], 41),
        ]
        for (fabric, failed, stride) in cases {
            let router = Router(fabric: fabric, plane: .compute, failedLinks: failed)
            let nics = fabric.devices.indices.filter { fabric.devices[$0].kind == .nic }.map { DeviceID($0) }
            let cache = FluidSplitCache(router: router)
            let workspace = RouterWorkspace(router: router)
            let n = 2 * fabric.links.count
            let (bytes, flows) = (OwnedBuffer<Double>(zeroed: n), OwnedBuffer<UInt32>(zeroed: n))
            var expectedBytes = [Double](repeating: 0, count: n)
            var expectedFlows = [UInt32](repeating: 0, count: n)
            var routed = 0
            for (k, s) in nics.enumerated() where k % stride == 0 {
                for (j, t) in nics.enumerated() {
                    let b = Double(1000 + 7 * j)
                    let hops = cache.load(from: s, to: t, bytes: b, into: bytes.baseAddress, flows: flows.baseAddress)
                    var shares: [(Int, Double)] = []
                    var sum = 0.0
                    let found = router.fluidSplit(from: s, to: t, workspace: workspace) { link, upward, share in
                        shares.append((LinkLoads.index(link, upward: upward), share))
                        sum += share
                    }
                    #expect((hops != nil) == found)
                    guard found else { continue }
                    routed += 1
                    #expect(hops == sum.rounded())
                    for (i, share) in shares { expectedBytes[i] += b * share }
                    for i in Set(shares.map(\.0)) { expectedFlows[i] += 1 }
                }
            }
            FluidSplitCache.flush([cache], into: bytes.baseAddress, flows: flows.baseAddress)
            #expect(routed > 0)
            // The cache multiplies each pair of leaves' byte sum by the shares once, where each pair
            // of NICs is split here on its own: equal within rounding.
            for i in 0..<n {
                #expect(abs(bytes[i] - expectedBytes[i]) <= 1e-12 * expectedBytes[i], "direction \(i)")
            }
            #expect((0..<n).map { flows[$0] } == expectedFlows)
        }
    }
}
