import Fabric
import InterlockCore
import Testing

@testable import Traffic

/// Max-min fair sharing and the fluid completion of concurrent jobs: closed-form cases, and the
/// solver's rates checked against the optimality conditions of max-min fairness (brute force,
/// written independently of the solver) on random instances and on real fabrics.
@Suite struct FairShareTests {
    /// Checks that `rates` is the max-min fair allocation of `classes` over `capacity`: feasible, and
    /// every flow has a saturated direction on which no flow gets more (Bertsekas & Gallager's
    /// bottleneck condition, which characterizes the max-min fair vector uniquely).
    static func isMaxMinFair(_ classes: [FluidFlowClass], rates: [Double], capacity: [Double]) -> Bool {
        var load: [Int: Double] = [:]
        var most: [Int: Double] = [:]
        for (c, r) in zip(classes, rates) {
            for d in c.directions {
                load[d, default: 0] += r * Double(c.count)
                most[d] = max(most[d] ?? 0, r)
            }
        }
        let tolerance = 1e-9
        for (d, l) in load where l > capacity[d] * (1 + tolerance) { return false }
        return zip(classes, rates).allSatisfy { c, r in
            c.directions.contains { d in
                load[d]! >= capacity[d] * (1 - tolerance) && r >= most[d]! * (1 - tolerance)
            }
        }
    }

    /// A deterministic pseudo-random sequence (SplitMix64).
    struct Draw {
        var state: UInt64
        mutating func next(_ n: Int) -> Int { Int(HashMix.splitMix64(bumped()) % UInt64(n)) }
        private mutating func bumped() -> UInt64 {
            state &+= 1
            return state
        }
    }

    @Test func randomInstancesAreMaxMinFair() {
        var draw = Draw(state: 42)
        for _ in 0..<300 {
            let capacity = (0..<6).map { _ in Double(1 + draw.next(20)) }
            let classes = (0..<(1 + draw.next(8))).map { _ in
                let directions = Array(Set((0..<(1 + draw.next(4))).map { _ in draw.next(6) })).sorted()
                return FluidFlowClass(communicator: 0, directions: directions, bytes: 1, count: 1 + draw.next(3))
            }
            let rates = MaxMinFairShare.rates(classes, active: Array(classes.indices), capacity: capacity)
            #expect(Self.isMaxMinFair(classes, rates: rates, capacity: capacity))
        }
    }

    /// A class of n flows gets the rate and finish time each of its n flows gets when they are solved
    /// one by one (classes of count 1), and the one-by-one rates are max-min fair.
    @Test func classesWithMultiplicitiesEqualTheirFlowsOneByOne() {
        var draw = Draw(state: 7)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-7 * max(abs(a), abs(b)) }
        for _ in 0..<300 {
            let capacity = (0..<8).map { _ in Double(1 + draw.next(30)) }
            let classes = (0..<(1 + draw.next(7))).map { k in
                let directions = Array(Set((0..<(1 + draw.next(4))).map { _ in draw.next(8) })).sorted()
                return FluidFlowClass(
                    communicator: k % 2, directions: directions, bytes: Double(1 + draw.next(4)),
                    count: 1 + draw.next(5))
            }
            let flows = classes.flatMap { c in
                [FluidFlowClass](
                    repeating: FluidFlowClass(
                        communicator: c.communicator, directions: c.directions, bytes: c.bytes, count: 1),
                    count: c.count)
            }
            let rates = MaxMinFairShare.rates(classes, active: Array(classes.indices), capacity: capacity)
            let each = MaxMinFairShare.rates(flows, active: Array(flows.indices), capacity: capacity)
            #expect(Self.isMaxMinFair(flows, rates: each, capacity: capacity))
            let times = FluidCompletion.finishTimes(classes, capacity: capacity)
            let eachTime = FluidCompletion.finishTimes(flows, capacity: capacity)
            var f = 0
            for (i, c) in classes.enumerated() {
                for _ in 0..<c.count {
                    #expect(close(rates[i], each[f]))
                    #expect(close(times[i], eachTime[f]))
                    f += 1
                }
            }
        }
    }

    @Test func fluidCompletionReSharesWhenAFlowFinishes() {
        // One direction of 10 B/s: 10 B and 30 B share 5 + 5 until the first ends at 2 s; the second
        // then has 20 B left at 10 B/s and ends at 4 s.
        let classes = [
            FluidFlowClass(communicator: 0, directions: [0], bytes: 10, count: 1),
            FluidFlowClass(communicator: 1, directions: [0], bytes: 30, count: 1),
        ]
        #expect(FluidCompletion.finishTimes(classes, capacity: [10]) == [2, 4])
    }

    /// The classes of a run, as the analysis routes them.
    static func classes(_ fabric: FabricGraph, _ yaml: String, _ collective: Collective) throws -> [FluidFlowClass] {
        let placement = try Support.jobs(yaml, fabric)
        let options = CollectiveOptions(collective: collective, size: 1_073_741_824)
        let (communicators, sources) = try TrafficSimulator.flowSources(
            fabric: fabric, placement: placement, collective: options)
        var collector = FlowClassCollector(
            fabric: fabric, router: Router(fabric: fabric, plane: .compute), communicators: communicators.count)
        for (c, source) in sources.enumerated() {
            collector.communicator = c
            for chunk in 0..<source.chunkCount { source.generate(chunk: chunk, into: &collector) }
        }
        return collector.classes
    }

    @Test func fabricRatesAreMaxMinFair() throws {
        let cases: [(FabricGraph, String)] = [
            (
                Support.fatTree(4),
                "jobs:\n- {name: a, tenant: t, nodes: 6}\n- {name: b, tenant: t, nodes: 10}\n"
            ),
            (
                Support.rail(1),
                "jobs:\n- {name: a, tenant: t, nodes: 12, gpusPerNode: 4}\n- {name: b, tenant: t, nodes: 20}\n"
            ),
        ]
        for (fabric, yaml) in cases {
            let classes = try Self.classes(fabric, yaml, .allToAll)
            let capacity = Straggler.capacities(fabric, stragglers: [])
            let rates = MaxMinFairShare.rates(classes, active: Array(classes.indices), capacity: capacity)
            #expect(classes.count > 10)
            #expect(Self.isMaxMinFair(classes, rates: rates, capacity: capacity))
        }
    }

    static func run(_ fabric: FabricGraph, _ yaml: String, _ collective: Collective, stragglers: [String] = [])
        throws -> ConcurrencyFigures
    {
        let options = SimulationOptions(collective: CollectiveOptions(collective: collective, size: 1_073_741_824))
        return try ConcurrencyAnalysis.run(
            fabric: fabric, placement: try Support.jobs(yaml, fabric), options: options,
            stragglers: try stragglers.map { try Straggler.parse($0, in: fabric) })
    }

    @Test func twoIdenticalJobsOnOneSharedNICTakeTwiceAsLong() throws {
        // Two GPUs per host behind one NIC: each job's ring holds one GPU of the same two hosts.
        let fabric = Support.fatTree(4, gpusPerHost: 2)
        let yaml = """
            jobs:
            - {name: a, tenant: t, nodes: "host[0001-0002]", gpusPerNode: 1}
            - {name: b, tenant: t, nodes: "host[0001-0002]", gpusPerNode: 1}

            """
        let figures = try Self.run(fabric, yaml, .allReduce)
        // Alone, each ring runs at its NIC's rate; together, the two rings halve it on all four
        // directions of the two NIC links.
        let alone = figures.jobs[0].aloneTime
        #expect(alone > 0)
        for j in figures.jobs {
            #expect(abs(j.aloneTime - alone) <= 1e-12 * alone)
            #expect(abs(j.interferenceSlowdown - 2) < 1e-9)
        }
        #expect(figures.jobs.map(\.contendsWith) == [[1], [0]])
        #expect(figures.jobs[0].contendedDirections.count == 4)
    }

    @Test func disjointJobsDoNotInterfere() throws {
        let fabric = Support.fatTree(4)
        let yaml =
            "jobs:\n- {name: a, tenant: t, nodes: \"host[0001-0002]\"}\n- {name: b, tenant: t, nodes: \"host[0003-0004]\"}\n"
        let figures = try Self.run(fabric, yaml, .allReduce)
        for j in figures.jobs {
            #expect(j.togetherTime == j.aloneTime)
            #expect(j.contendsWith.isEmpty)
            #expect(j.contendedDirections.isEmpty)
        }
    }

    @Test func aStragglerWithFactorTwoDoublesTheRing() throws {
        // The ring's time is its NIC links' (a non-blocking one-SU rail fabric): halving one node's
        // NICs doubles the whole ring, and leaves the other jobs alone.
        let fabric = Support.rail(1)
        let yaml = "jobs:\n- {name: a, tenant: t, nodes: \"dgx[0001-0004]\"}\n- {name: b, tenant: t, nodes: 4}\n"
        let figures = try Self.run(fabric, yaml, .allReduce, stragglers: ["dgx0002=2"])
        #expect(abs(figures.jobs[0].stragglerSlowdown - 2) < 1e-9)
        #expect(figures.jobs[1].stragglerSlowdown == 1)
        // Closed form without the straggler: a ring all-reduce sends 2(N-1)/N · S per node over its
        // eight 400 Gb/s NICs (N = 32).
        let ideal = 2.0 * 31 / 32 * Double(1 << 30) / (8 * 400e9 / 8)
        #expect(abs(figures.jobs[0].baselineTime - ideal) < 1e-9 * ideal)
        #expect(abs(figures.jobs[0].aloneTime - 2 * ideal) < 1e-9 * ideal)
    }

    @Test func stragglerArgumentsAreChecked() {
        let fabric = Support.rail(1)
        #expect(throws: InputError.self) { try Straggler.parse("dgx0002", in: fabric) }
        #expect(throws: InputError.self) { try Straggler.parse("nosuch=2", in: fabric) }
        #expect(throws: InputError.self) { try Straggler.parse("dgx0002=0.5", in: fabric) }
        #expect(throws: InputError.self) { try Straggler.parse("leaf-su1-r0=2", in: fabric) }
        #expect((try? Straggler.parse("dgx0002=3", in: fabric))?.factor == 3)
    }
}
