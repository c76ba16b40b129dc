import Dispatch
import Fabric
import Foundation
import InterlockCore

/// What to simulate, besides the jobs: the collective, the routing, the failures.
public struct SimulationOptions: Sendable {
    /// The collective and its parameters.
    public var collective: CollectiveOptions
    /// `nil`: each plane's own routing (ECMP or D-mod-K, as the topology says).
    public var routing: RoutingChoice?
    /// Links and switches removed before routing.
    public var failures: Failures
    /// Worker threads (`nil`: one per active processor).
    public var threads: Int?
    /// Whether flows that take the same route are routed and counted together where that is exact
    /// (the all-to-all under D-mod-K or fluid routing, without judging or a flow table); false routes every flow on
    /// its own, the reference the aggregates are tested against. Results are the same either way.
    public var aggregate: Bool
    /// The part of the flow matrix to run (`--shard`): of each communicator, the chunks (source
    /// nodes) `part.chunks(of:)` gives. A part other than the whole routes every flow on its own.
    public var part: Shard

    /// A run of `collective`; the defaults route each plane its own way, fail nothing, use every
    /// core, aggregate and run the whole flow matrix.
    public init(
        collective: CollectiveOptions, routing: RoutingChoice? = nil, failures: Failures = Failures(),
        threads: Int? = nil, aggregate: Bool = true, part: Shard = Shard(index: 0, count: 1)!
    ) {
        self.collective = collective
        self.routing = routing
        self.failures = failures
        self.threads = threads
        self.aggregate = aggregate
        self.part = part
    }
}

/// What one communicator (a job, or all jobs together) put on the fabric.
public struct CommunicatorResult: Sendable {
    /// The job's name, or `all jobs`.
    public var name: String
    /// Jobs (indices into the placement) whose ranks it holds.
    public var jobs: [Int]
    /// Ranks in the communicator.
    public var ranks: Int
    /// Nodes in the communicator.
    public var nodes: Int
    /// NCCL channels (ring and tree collectives).
    public var channels: Int?
    /// Totals over the communicator's flows.
    public var statistics: FlowStatistics
    /// The link directions it loads (ascending) and its own bytes on each.
    public var directions: [Int32]
    /// Parallel to `directions`.
    public var ownBytes: [Double]
}

/// The outcome of a run: loads on every link direction, totals, per-communicator figures, and the
/// policy tallies of each judge.
public struct SimulationResult: Sendable {
    /// The fabric the run used.
    public let fabric: FabricGraph
    /// The jobs the run used.
    public let placement: JobPlacement
    /// The options the run used.
    public let options: SimulationOptions
    /// Bytes and flows on every link direction, all communicators together.
    public var loads: LinkLoads
    /// Totals over every flow.
    public var statistics: FlowStatistics
    /// One per communicator, in order.
    public var communicators: [CommunicatorResult]
    /// The routing of each plane that carried traffic (`ecmp`, `dmodk`, `fluid`).
    public var routingModes: [(plane: Plane, mode: String)]
    /// One per judge, in run order (`PolicyJudging.judges`).
    public var policy: [PolicyTally]
    /// In a comparison: the flows whose verdict changed.
    public var changes: Tally<ChangeKey>?
}

/// Runs a collective on placed jobs: generates each communicator's flows chunk by chunk on every
/// core, routes each flow as it is made, adds it to per-thread link loads, judges it, and forgets
/// it. Memory stays proportional to the fabric, not to the number of flows. Where routes depend on
/// the destination alone (the all-to-all under D-mod-K or fluid routing) and no flow is judged or written, flows are
/// routed and counted in aggregates (`AllToAllAggregates`), with the same results.
///
/// Results do not depend on the number of threads: chunks are assigned statically, flows carry
/// whole bytes (exact sums in any order), and tallies are merged in a fixed order.
public enum TrafficSimulator {
    /// Runs the collective of `options` over `placement` on `fabric`.
    ///
    /// - Parameters:
    ///   - judges: Policy judges each flow is judged by (none: loads only); two make a comparison, whose
    ///     changed verdicts land in `changes`.
    ///   - flowTable: The CSV format of the flow table (`--flows`), when one is written.
    ///   - flowOutput: Receives the flow table's rows as bytes, in flow order, a batch at a time.
    ///   - progress: Called with chunks done and chunks in all.
    /// - Throws: `InputError` for options the jobs cannot run: a size that is not positive, QPs out of
    ///   range, channels that are not a multiple of the rails used, senders out of range, a node with
    ///   no port on the collective's plane, a fabric without storage servers for storage traffic.
    public static func run(
        fabric: FabricGraph, placement: JobPlacement, options: SimulationOptions,
        judging: PolicyJudging = .none, flowTable: FlowTable? = nil,
        flowOutput: (([UInt8]) -> Void)? = nil,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(InputError) -> SimulationResult {
        let (communicators, sources) = try flowSources(
            fabric: fabric, placement: placement, collective: options.collective)
        let plane = options.collective.collective.plane
        let routing = PlaneRouting(fabric: fabric, planes: [plane], choice: options.routing, failures: options.failures)
        let context = SimulationContext(fabric: fabric, routing: routing, judging: judging, flowTable: flowTable)
        let threads = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let workers = (0..<threads).map { _ in SimulationWorker(context: context, plane: plane) }

        var totals = LinkLoads(links: fabric.links.count)
        var statistics = FlowStatistics()
        var results: [CommunicatorResult] = []
        let totalChunks = sources.reduce(0) { $0 + options.part.chunks(of: $1.chunkCount).count }
        var doneChunks = 0
        let aggregating =
            options.aggregate && options.part.count == 1 && judging.judges.isEmpty && flowTable == nil
            && flowOutput == nil
            && (routing.choice == .fluid || routing.router(plane).mode == .dmodk)
        var scratches: [AggregateScratch] = []
        for (communicator, source) in zip(communicators, sources) {
            let chunks = options.part.chunks(of: source.chunkCount)
            let k = chunks.count
            if aggregating, let flows = source as? AllToAllFlows,
                let aggregates = AllToAllAggregates(flows, graph: routing.router(plane).graph)
            {
                if scratches.isEmpty {
                    scratches = (0..<threads).map { _ in AggregateScratch(devices: fabric.devices.count) }
                }
                let (base, groups) = (doneChunks, aggregates.chunkCount)
                aggregates.run(
                    workers: workers, scratches: scratches,
                    progress: progress.map { p in { @Sendable done in p(base + done * k / groups, totalChunks) } })
            } else if let flowOutput {
                // Waves of one chunk per worker, written in chunk order.
                var start = 0
                while start < k {
                    let width = min(threads, k - start)
                    let first = start
                    DispatchQueue.concurrentPerform(iterations: width) { t in
                        let w = workers[t]
                        w.table.removeAll(keepingCapacity: true)
                        var sink = w
                        source.generate(chunk: chunks.lowerBound + first + t, into: &sink)
                    }
                    for t in 0..<width { flowOutput(workers[t].table) }
                    start += width
                    progress?(doneChunks + start, totalChunks)
                }
            } else {
                let width = min(threads, k)
                let base = doneChunks
                DispatchQueue.concurrentPerform(iterations: width) { t in
                    var sink = workers[t]
                    var chunk = t
                    while chunk < k {
                        source.generate(chunk: chunks.lowerBound + chunk, into: &sink)
                        if t == 0 { progress?(base + chunk + 1, totalChunks) }
                        chunk += width
                    }
                }
            }
            doneChunks += k
            // Merge the workers (in order) into this communicator's loads, then into the totals.
            var current = LinkLoads(links: fabric.links.count)
            var stats = FlowStatistics()
            SimulationWorker.flushPending(workers)
            for w in workers {
                w.drain(into: &current)
                stats.add(w.statistics)
                w.statistics = FlowStatistics()
            }
            var directions: [Int32] = []
            var own: [Double] = []
            for i in current.bytes.indices where current.flows[i] != 0 || current.bytes[i] != 0 {
                directions.append(Int32(i))
                own.append(current.bytes[i])
                totals.bytes[i] += current.bytes[i]
                totals.flows[i] &+= current.flows[i]
            }
            statistics.add(stats)
            results.append(
                CommunicatorResult(
                    name: communicator.name, jobs: communicator.jobs, ranks: communicator.rankCount,
                    nodes: communicator.nodes.count, channels: source.channelCount, statistics: stats,
                    directions: directions,
                    ownBytes: own))
        }
        let tallies = judging.judges.indices.map { k in PolicyTally.merged(workers.map { $0.judgeStates[k].tally }) }
        return SimulationResult(
            fabric: fabric, placement: placement, options: options, loads: totals,
            statistics: statistics, communicators: results,
            routingModes: [(plane, routing.modeName(plane))], policy: tallies,
            changes: judging.compares ? Tally.merged(workers.map { $0.changes.tally }) : nil)
    }

    /// The communicators of a run and the flow source of each, after checking the options.
    static func flowSources(
        fabric: FabricGraph, placement: JobPlacement,
        collective options: CollectiveOptions
    ) throws(InputError) -> ([Communicator], [any FlowSource]) {
        guard options.size.isFinite, options.size > 0 else {
            throw InputError("--size must be a positive number of bytes")
        }
        guard (1...64).contains(options.qpsPerConnection) else {
            throw InputError("--qps-per-connection must be between 1 and 64 (got \(options.qpsPerConnection))")
        }
        let communicators = Communicator.make(placement, span: options.span, fabric: fabric)
        let addresses = AddressTables(fabric: fabric)
        var sources: [any FlowSource] = []
        for c in communicators {
            sources.append(try TrafficPattern.make(options, communicator: c, fabric: fabric, addresses: addresses))
        }
        return (communicators, sources)
    }
}
