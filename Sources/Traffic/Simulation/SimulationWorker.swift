import Fabric
import InterlockCore

/// One thread's share of a run: routes the flows it is given, adds them to its own link loads,
/// judges them, and (when asked) formats them for the flow table. Nothing here is shared with
/// another worker; the simulator merges workers after each communicator.
///
/// The hot state is read through raw pointers taken once (the buffers that own the memory are
/// kept alive by `context` and `bytesStorage`/`flowsStorage`), and the mutable state is this
/// worker's alone, hence `@exclusivity(unchecked)`.
final class SimulationWorker: FlowSink, @unchecked Sendable {
    let context: SimulationContext
    /// The router of the run's plane (one plane per run). Used in place, never copied: a copy
    /// would retain every table it holds.
    let router: Router
    let fluidRouting: Bool
    let bytesStorage: OwnedBuffer<Double>
    let flowsStorage: OwnedBuffer<UInt32>
    private let bytes: UnsafeMutablePointer<Double>
    private let flows: UnsafeMutablePointer<UInt32>
    private let lower: UnsafeMutablePointer<DeviceID>
    private let upper: UnsafeMutablePointer<DeviceID>
    private let rail: UnsafeMutablePointer<Int16>
    @exclusivity(unchecked) var statistics = FlowStatistics()
    /// One per judge of the context: the state, or the state before and the one after a change.
    private let first: JudgeState?
    private let second: JudgeState?
    /// How many judges there are (0, 1 or 2).
    private let judging: Int
    /// Flows whose verdict differs between the two judges of a comparison.
    let changes = GroupCounter<ChangeKey>()
    /// Flow-table text of the current chunk.
    @exclusivity(unchecked) var table: [UInt8] = []

    @exclusivity(unchecked) private var path: [LinkID] = []
    @exclusivity(unchecked) private var verdicts: [FlowVerdict]
    private let workspace: RouterWorkspace
    /// D-mod-K routes by destination (destination-based forwarding: exact, see `RouteCache`).
    private let routeCache: RouteCache
    /// The fluid split of the last (source, destination): the flows of one connection reuse it.
    @exclusivity(unchecked) private var fluidKey: (DeviceID, DeviceID)?
    @exclusivity(unchecked) private var fluidShares: [(index: Int, share: Double)] = []
    /// The distinct directions of `fluidShares`: a flow counts once on each.
    @exclusivity(unchecked) private var fluidDirections: [Int] = []
    @exclusivity(unchecked) private var fluidHops = 0.0

    init(context: SimulationContext, plane: Plane) {
        self.context = context
        router = context.routing.router(plane)
        fluidRouting = context.routing.choice == .fluid
        bytesStorage = OwnedBuffer(zeroed: context.directionCount)
        flowsStorage = OwnedBuffer(zeroed: context.directionCount)
        bytes = bytesStorage.baseAddress
        flows = flowsStorage.baseAddress
        lower = context.linkLower.baseAddress
        upper = context.linkUpper.baseAddress
        rail = context.deviceRail.baseAddress
        switch context.judging {
        case .none: (first, second) = (nil, nil)
        case .one(let judge): (first, second) = (judge.makeState(), nil)
        case .compare(let before, let after): (first, second) = (before.makeState(), after.makeState())
        }
        judging = context.judging.judges.count
        verdicts = [FlowVerdict](repeating: .allowed, count: judging)
        workspace = RouterWorkspace(router: router)
        routeCache = RouteCache(router: router)
        path.reserveCapacity(16)
    }

    func acceptLocal(bytes b: Double, flows n: Int) {
        statistics.localBytes += b.rounded()
        statistics.localFlows += n
    }

    func accept(_ f: FlowRecord) {
        statistics.flows += 1
        statistics.bytes += f.bytes
        var routed = false
        var hops = 0.0
        if fluidRouting {
            routed = fluid(f)
            hops = fluidHops
            path.removeAll(keepingCapacity: true)
        } else if router.route(from: f.source, to: f.destination, flow: f.key, into: &path, cache: routeCache) {
            routed = true
            hops = Double(path.count)
            load(from: f.source, bytes: f.bytes)
        }
        if routed {
            statistics.byteHops += f.bytes * hops
            if hops > 2 { statistics.spineCrossingBytes += f.bytes }
            if f.plane == .compute, rail[Int(f.source)] != rail[Int(f.destination)] {
                statistics.crossRailBytes += f.bytes
            }
        } else {
            statistics.unroutableFlows += 1
            statistics.unroutableBytes += f.bytes
            path.removeAll(keepingCapacity: true)
        }
        if judging > 0 { judge(f) }
        if let t = context.flowTable {
            t.append(
                f, path: routed ? (fluidRouting ? nil : path) : [], hops: Int(hops), verdicts: verdicts, to: &table)
        }
    }

    /// The tallies of the judges, in order.
    var judgeStates: [JudgeState] { [first, second].compactMap { $0 } }

    /// Judges the flow under every policy state; with two (a comparison), counts changed verdicts.
    @inline(__always)
    private func judge(_ f: FlowRecord) {
        let before = first!.judge(f, path: path)
        verdicts[0] = before.verdict
        guard judging == 2 else { return }
        let j = second!.judge(f, path: path)
        verdicts[1] = j.verdict
        guard before.verdict != j.verdict else { return }
        let group =
            j.verdict == .allowed
            ? TallyKey(
                sourceJob: j.key.sourceJob, destinationJob: j.key.destinationJob,
                verdict: .allowed, acl: before.key.acl, rule: before.key.rule,
                plane: j.key.plane, proto: j.key.proto, port: j.key.port) : j.key
        changes.count(ChangeKey(before: before.verdict, after: group), bytes: f.bytes, example: j.example)
    }

    /// Adds the routed flow in `path` to the loads of the link directions it crosses.
    @inline(__always)
    private func load(from source: DeviceID, bytes b: Double) {
        var at = source
        path.withUnsafeBufferPointer { links in
            for l in links {
                let li = Int(l)
                let lo = lower[li]
                let index: Int
                if lo == at {
                    index = 2 &* li
                    at = upper[li]
                } else {
                    index = 2 &* li &+ 1
                    at = lo
                }
                bytes[index] += b
                flows[index] &+= 1
            }
        }
    }

    /// Splits a flow evenly over every equal-cost path; false when there is none.
    private func fluid(_ f: FlowRecord) -> Bool {
        if let k = fluidKey, k.0 == f.source, k.1 == f.destination {
            if fluidShares.isEmpty { return false }
        } else {
            fluidKey = (f.source, f.destination)
            fluidShares.removeAll(keepingCapacity: true)
            fluidHops = 0
            router.fluidSplit(from: f.source, to: f.destination, workspace: workspace) { link, upward, share in
                fluidShares.append((LinkLoads.index(link, upward: upward), share))
                fluidHops += share
            }
            fluidHops = fluidHops.rounded()
            fluidDirections = Array(Set(fluidShares.map(\.index))).sorted()
            if fluidShares.isEmpty { return false }
        }
        for (index, share) in fluidShares {
            bytes[index] += f.bytes * share
        }
        for index in fluidDirections { flows[index] &+= 1 }
        return true
    }

    /// Moves this worker's loads into `loads` and clears them.
    func drain(into loads: inout LinkLoads) {
        loads.bytes.withUnsafeMutableBufferPointer { b in
            loads.flows.withUnsafeMutableBufferPointer { f in
                for i in 0..<bytesStorage.count where flows[i] != 0 || bytes[i] != 0 {
                    b[i] += bytes[i]
                    f[i] &+= flows[i]
                }
            }
        }
        bytesStorage.fill(0)
        flowsStorage.fill(0)
    }
}
