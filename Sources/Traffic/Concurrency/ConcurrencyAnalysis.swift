import Fabric
import InterlockCore

/// One communicator's time alone on the fabric and together with the others, under max-min fair
/// sharing of every link direction (a flow-level fluid model).
public struct JobInterference: Sendable {
    /// The communicator's name (the job's, or `all jobs`).
    public var name: String
    /// Seconds until its last flow finishes when it runs alone (with the stragglers); `infinity`
    /// when some flow has no path.
    public var aloneTime: Double
    /// Seconds until its last flow finishes when every communicator runs at once.
    public var togetherTime: Double
    /// Seconds alone without the stragglers (equal to `aloneTime` when there are none).
    public var baselineTime: Double
    /// Link directions its flows share with another communicator's, most bytes first.
    public var contendedDirections: [Int]
    /// The other communicators it shares link directions with (indices, ascending).
    public var contendsWith: [Int]

    /// together / alone: the slowdown from interference (1: none).
    public var interferenceSlowdown: Double { ratio(togetherTime, aloneTime) }
    /// alone / baseline: the slowdown from the stragglers (1: none).
    public var stragglerSlowdown: Double { ratio(aloneTime, baselineTime) }

    private func ratio(_ a: Double, _ b: Double) -> Double { b > 0 && b.isFinite && a.isFinite ? a / b : 1 }
}

/// Every communicator's interference figures, and the stragglers they were computed with.
public struct ConcurrencyFigures: Sendable {
    /// The stragglers applied (to the alone and together runs).
    public var stragglers: [Straggler]
    /// One per communicator, in the run's order.
    public var jobs: [JobInterference]
    /// Bytes per link direction, all communicators' routed flows together.
    public var bytes: [Double]
    /// Seconds until every flow of every communicator finishes together.
    public var makespan: Double { jobs.map(\.togetherTime).max() ?? 0 }
}

/// Predicts each communicator's time alone and together with the others by an event-driven fluid
/// simulation: all flows start at once, share every link direction max-min fairly (progressive
/// filling), and re-share when some finish, until all have finished. A communicator finishes with
/// its last flow: a ring waits for its slowest member.
public enum ConcurrencyAnalysis {
    /// The figures of the collective of `options` on `placement`, with the NICs of `stragglers` slowed.
    ///
    /// - Throws: `InputError` for options the jobs cannot run (as `TrafficSimulator.run`), and for
    ///   `--routing fluid`, which splits flows over paths instead of giving each one.
    public static func run(
        fabric: FabricGraph, placement: JobPlacement, options: SimulationOptions, stragglers: [Straggler] = []
    ) throws(InputError) -> ConcurrencyFigures {
        guard options.routing != .fluid else {
            throw InputError("fair sharing follows each flow's own path: it cannot be combined with --routing fluid")
        }
        let (communicators, sources) = try TrafficSimulator.flowSources(
            fabric: fabric, placement: placement, collective: options.collective)
        let plane = options.collective.collective.plane
        let routing = PlaneRouting(fabric: fabric, planes: [plane], choice: options.routing, failures: options.failures)
        var collector = FlowClassCollector(
            fabric: fabric, router: routing.router(plane), communicators: communicators.count)
        for (c, source) in sources.enumerated() {
            collector.communicator = c
            for chunk in 0..<source.chunkCount { source.generate(chunk: chunk, into: &collector) }
        }
        let classes = collector.classes
        let slowed = Straggler.capacities(fabric, stragglers: stragglers)
        let together = FluidCompletion.finishTimes(classes, capacity: slowed)
        var bytes = [Double](repeating: 0, count: 2 * fabric.links.count)
        var users = [Set<Int>](repeating: [], count: bytes.count)
        for c in classes {
            for d in c.directions {
                bytes[d] += c.bytes * Double(c.count)
                users[d].insert(c.communicator)
            }
        }
        var jobs: [JobInterference] = []
        for c in communicators.indices {
            let own = classes.filter { $0.communicator == c }
            let last = { (times: [Double]) in collector.unroutable[c] > 0 ? .infinity : times.max() ?? 0 }
            let alone = last(FluidCompletion.finishTimes(own, capacity: slowed))
            let baseline =
                stragglers.isEmpty
                ? alone : last(FluidCompletion.finishTimes(own, capacity: Straggler.capacities(fabric, stragglers: [])))
            let shared = Set(own.flatMap(\.directions)).filter { users[$0].count > 1 }
            jobs.append(
                JobInterference(
                    name: communicators[c].name, aloneTime: alone,
                    togetherTime: last(zip(classes, together).filter { $0.0.communicator == c }.map(\.1)),
                    baselineTime: baseline,
                    contendedDirections: shared.sorted { bytes[$0] != bytes[$1] ? bytes[$0] > bytes[$1] : $0 < $1 },
                    contendsWith: shared.reduce(into: Set<Int>()) { $0.formUnion(users[$1]) }.subtracting([c]).sorted())
            )
        }
        return ConcurrencyFigures(stragglers: stragglers, jobs: jobs, bytes: bytes)
    }
}
