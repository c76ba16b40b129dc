import Fabric

/// One thread's share of a run: routes the flows it is given, adds them to its own link loads,
/// judges them, and (when asked) formats them for the flow table. Nothing here is shared with
/// another worker; the simulator merges workers after each communicator.
final class SimulationWorker: FlowSink, @unchecked Sendable {
    let context: SimulationContext
    let bytes: WorkerArray<Double>
    let flows: WorkerArray<UInt32>
    var statistics = FlowStatistics()
    /// One per judge of the context.
    let judgeStates: [JudgeState]
    /// Flows whose verdict differs between the two judges of a comparison.
    let changes = GroupCounter<ChangeKey>()
    /// Flow-table text of the current chunk.
    var table: [UInt8] = []

    private var path: [LinkID] = []
    private var verdicts: [FlowVerdict]
    private var workspaces: [RouterWorkspace?]
    /// The fluid split of the last (plane, source, destination): flows of one connection reuse it.
    private var fluidKey: (Plane, DeviceID, DeviceID)?
    private var fluidShares: [(index: Int, share: Double)] = []
    /// The distinct directions of `fluidShares`: a flow counts once on each.
    private var fluidDirections: [Int] = []
    private var fluidHops = 0.0

    init(context: SimulationContext) {
        self.context = context
        bytes = WorkerArray(count: context.directionCount)
        flows = WorkerArray(count: context.directionCount)
        judgeStates = context.judges.map { $0.makeState() }
        verdicts = [FlowVerdict](repeating: .allowed, count: context.judges.count)
        workspaces = context.routing.routers.map { $0.map { RouterWorkspace(router: $0) } }
        path.reserveCapacity(16)
    }

    func acceptLocal(bytes b: Double) { statistics.localBytes += b }

    func accept(_ f: FlowRecord) {
        statistics.flows += 1
        statistics.bytes += f.bytes
        let routed: Bool
        var hops = 0.0
        if context.routing.choice == .fluid {
            routed = fluid(f)
            hops = fluidHops
            path.removeAll(keepingCapacity: true)
        } else if let router = context.routing.router(f.plane), router.route(from: f.source, to: f.destination, flow: f.key, into: &path) {
            routed = true
            hops = Double(path.count)
            load(path, from: f.source, bytes: f.bytes)
        } else {
            routed = false
            path.removeAll(keepingCapacity: true)
        }
        if routed {
            statistics.byteHops += f.bytes * hops
            if hops > 2 { statistics.spineCrossingBytes += f.bytes }
            if f.plane == .compute, context.deviceRail[Int(f.source)] != context.deviceRail[Int(f.destination)] {
                statistics.crossRailBytes += f.bytes
            }
        } else {
            statistics.unroutableFlows += 1
            statistics.unroutableBytes += f.bytes
        }
        if !context.judges.isEmpty { judge(f) }
        if let t = context.flowTable {
            t.append(f, path: routed ? (context.routing.choice == .fluid ? nil : path) : [], verdicts: verdicts, to: &table)
        }
    }

    /// Judges the flow under every policy state; with two (a comparison), counts changed verdicts.
    private func judge(_ f: FlowRecord) {
        var first: Judgement?
        for (k, judge) in context.judges.enumerated() {
            let j = judge.judge(f, path: path, state: judgeStates[k])
            verdicts[k] = j.verdict
            if k == 0 {
                first = j
            } else if let before = first, before.verdict != j.verdict {
                let group = j.verdict == .allowed ? TallyKey(sourceJob: j.key.sourceJob, destinationJob: j.key.destinationJob,
                                                             verdict: .allowed, acl: before.key.acl, rule: before.key.rule,
                                                             plane: j.key.plane, proto: j.key.proto, port: j.key.port) : j.key
                changes.count(ChangeKey(before: before.verdict, after: group), bytes: f.bytes, example: j.example)
            }
        }
    }

    /// Adds one routed flow to the loads of the link directions it crosses.
    @inline(__always)
    private func load(_ path: [LinkID], from source: DeviceID, bytes b: Double) {
        var at = source
        let lower = context.linkLower, upper = context.linkUpper
        for l in path {
            let li = Int(l)
            let lo = lower[li]
            let index: Int
            if lo == at {
                index = 2 * li
                at = upper[li]
            } else {
                index = 2 * li + 1
                at = lo
            }
            bytes[index] += b
            flows[index] &+= 1
        }
    }

    /// Splits a flow evenly over every equal-cost path; false when there is none.
    private func fluid(_ f: FlowRecord) -> Bool {
        if let k = fluidKey, k.0 == f.plane, k.1 == f.source, k.2 == f.destination {
            if fluidShares.isEmpty { return false }
        } else {
            fluidKey = (f.plane, f.source, f.destination)
            fluidShares.removeAll(keepingCapacity: true)
            fluidHops = 0
            if let router = context.routing.router(f.plane), let w = workspaces[Int(f.plane.rawValue)] {
                router.fluidSplit(from: f.source, to: f.destination, workspace: w) { link, upward, share in
                    fluidShares.append((LinkLoads.index(link, upward: upward), share))
                    fluidHops += share
                }
                fluidHops = fluidHops.rounded()
            }
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
                for i in 0..<bytes.count where flows[i] != 0 || bytes[i] != 0 {
                    b[i] += bytes[i]
                    f[i] &+= flows[i]
                }
            }
        }
        bytes.zero()
        flows.zero()
    }
}
