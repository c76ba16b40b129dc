import Fabric
import InterlockCore

/// One collective of a replayed workload, simulated on its groups' ranks of the placed job.
public struct ReplayedCollective: Sendable {
    /// The collective.
    public var collective: WorkloadCollective
    /// Seconds: the predicted time of all its groups together (`TrafficAnalysis.predictedTime`); when
    /// it does not complete, what its routable flows alone would take.
    public var time: Double
    /// False when some of its flows have no path.
    public var completes: Bool
    /// Bytes per tier: NVLink first, then each network tier of the compute plane.
    public var tierBytes: [(tier: String, bytes: Double)]
    /// Bytes on each link direction.
    public var directionBytes: [Double]
}

/// The outcome of replaying one iteration of a workload on a placed job.
public struct WorkloadReplayResult: Sendable {
    /// The workload replayed.
    public var workload: Workload
    /// The fabric.
    public var fabric: FabricGraph
    /// The job it ran on.
    public var job: Job
    /// One per workload collective, in order.
    public var collectives: [ReplayedCollective]
    /// The rank whose iteration ends last (its program's index when the ranks run different ones).
    public var criticalRank: Int
    /// That rank's schedule.
    public var schedule: WorkloadSchedule
    /// Bytes per tier over that rank's iteration, and the share no compute hides (`exposed`):
    /// each collective's bytes times its exposed fraction of its time.
    public var tiers: [(tier: String, bytes: Double, exposed: Double)]
    /// Bytes per link direction over the iteration.
    public var directionBytes: [Double]
    /// Bytes per second of each link direction.
    public var capacity: [Double]

    /// False when some collective has flows with no path: the iteration never ends.
    public var completes: Bool { collectives.allSatisfy(\.completes) }

    /// The `count` link directions busiest over the iteration (bytes over capacity; ties: lower index).
    public func hotLinks(_ count: Int) -> [Int] {
        directionBytes.indices.filter { directionBytes[$0] > 0 }.sorted {
            let a = directionBytes[$0] / capacity[$0]
            let b = directionBytes[$1] / capacity[$1]
            return a != b ? a > b : $0 < $1
        }.prefix(count).map { $0 }
    }
}

/// What makes two collectives' simulations the same.
struct SimulationKey: Hashable {
    var collective: Collective
    var bytes: Double
    var groups: [[Int]]
}

/// Replays a workload's iteration on a placed job: each collective is simulated once with the
/// existing engine (all its groups at once, sharing links), then each rank's tasks are scheduled
/// with those times.
public enum WorkloadReplay {
    /// Replays `workload` on `job` of `fabric`.
    ///
    /// - Throws: `InputError` when the workload's rank count is not the job's, or the engine rejects a
    ///   collective (see `TrafficSimulator.run`).
    public static func run(
        _ workload: Workload, fabric: FabricGraph, job: Job, routing: RoutingChoice? = nil,
        failures: Failures = Failures(), threads: Int? = nil
    ) throws(InputError) -> WorkloadReplayResult {
        guard workload.ranks == job.rankCount else {
            throw InputError("the workload has \(workload.ranks) ranks, job \(job.name) \(job.rankCount)")
        }
        let slots = job.nodes.flatMap { n in n.slots.map { (n.host, $0) } }
        let links = fabric.links.count
        var replayed: [ReplayedCollective] = []
        // Collectives of the same kind, size and groups (every layer's) are simulated once.
        var simulated: [SimulationKey: ReplayedCollective] = [:]
        for c in workload.collectives {
            let key = SimulationKey(collective: c.collective, bytes: c.bytes, groups: c.groups)
            if var known = simulated[key] {
                known.collective = c
                replayed.append(known)
                continue
            }
            let jobs = c.groups.enumerated().filter { $0.element.count > 1 }.map { k, members in
                var nodes: [JobNode] = []
                for r in members {
                    let (host, slot) = slots[r]
                    if nodes.last?.host == host {
                        nodes[nodes.count - 1].slots.append(slot)
                    } else {
                        nodes.append(JobNode(host: host, slots: [slot]))
                    }
                }
                return Job(name: "\(job.name) group \(k)", tenant: job.tenant, nodes: nodes)
            }
            guard !jobs.isEmpty, c.collective != .barrier else {
                replayed.append(
                    ReplayedCollective(
                        collective: c, time: 0, completes: true, tierBytes: [],
                        directionBytes: [Double](repeating: 0, count: 2 * links)))
                continue
            }
            let options = SimulationOptions(
                collective: CollectiveOptions(collective: c.collective, size: c.bytes), routing: routing,
                failures: failures, threads: threads)
            let result = try TrafficSimulator.run(
                fabric: fabric, placement: JobPlacement(jobs: jobs), options: options)
            let analysis = TrafficAnalysis(result)
            simulated[key] = ReplayedCollective(
                collective: c, time: analysis.predictedTime, completes: analysis.completes,
                tierBytes: [("NVLink", result.statistics.localBytes)] + analysis.tiers.map { ($0.name, $0.bytes) },
                directionBytes: result.loads.bytes)
            replayed.append(simulated[key]!)
        }
        let times = replayed.map(\.time)
        let schedules = try WorkloadSchedule.schedules(of: workload, times: times)
        var critical = 0
        for (r, s) in schedules.enumerated() where s.iterationTime > schedules[critical].iterationTime { critical = r }
        let schedule = schedules[critical]
        var names: [String] = []
        var bytes: [String: (Double, Double)] = [:]
        var directions = [Double](repeating: 0, count: 2 * links)
        /// Adds collective i's bytes, with the exposed share of its task t in `s`.
        func count(_ i: Int, task t: Int, in s: WorkloadSchedule) {
            let c = replayed[i]
            let exposedShare = c.time > 0 ? s.exposed[t] / c.time : 0
            for (tier, b) in c.tierBytes {
                if bytes[tier] == nil { names.append(tier) }
                bytes[tier, default: (0, 0)].0 += b
                bytes[tier, default: (0, 0)].1 += b * exposedShare
            }
            for d in directions.indices { directions[d] += c.directionBytes[d] }
        }
        let programs =
            workload.programs.count == schedules.count
            ? workload.programs : Array(repeating: workload.programs[0], count: schedules.count)
        var counted = Set<Int>()
        for (t, task) in programs[critical].enumerated() {
            guard case .collective(let i) = task.kind else { continue }
            count(i, task: t, in: schedule)
            counted.insert(i)
        }
        // Transfers between other ranks are bytes of the iteration too, exposed as on their sender.
        for (i, c) in workload.collectives.enumerated() where c.collective == .sendReceive && !counted.contains(i) {
            let sender = c.groups[0][0]
            if let t = programs[sender].firstIndex(where: { $0.kind == WorkloadTask.Kind.collective(index: i) }) {
                count(i, task: t, in: schedules[sender])
            }
        }
        return WorkloadReplayResult(
            workload: workload, fabric: fabric, job: job, collectives: replayed, criticalRank: critical,
            schedule: schedule, tiers: names.map { ($0, bytes[$0]!.0, bytes[$0]!.1) }, directionBytes: directions,
            capacity: fabric.links.flatMap { l -> [Double] in [l.gbps * 1e9 / 8, l.gbps * 1e9 / 8] })
    }
}
