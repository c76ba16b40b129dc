import Fabric
import InterlockCore

/// One thread's share of a run: routes the flows it is given, adds them to its own link loads,
/// judges them, and (when asked) formats them for the flow table. Nothing here is shared with
/// another worker; the simulator merges workers after each communicator.
///
/// The hot state is read through raw pointers taken once (the buffers that own the memory are
/// kept alive by `context` and `bytesStorage`/`flowsStorage`), and the mutable state is this
/// worker's alone, hence `@exclusivity(unchecked)`.
final class SimulationWorker: AggregateSink, @unchecked Sendable {
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
    /// D-mod-K routes by destination (destination-based forwarding: exact, see `RouteCache`).
    private let routeCache: RouteCache
    /// Fluid splits by pair of leaves (exact, see `FluidSplitCache`).
    private let fluidSplits: FluidSplitCache
    /// D-mod-K aggregates' routes, their rests past the leaf loaded once (exact, see `RouteRestCache`).
    private let rests: RouteRestCache

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
        routeCache = RouteCache(router: router)
        fluidSplits = FluidSplitCache(router: router)
        rests = RouteRestCache(router: router, bytes: bytes, flows: flows)
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
            path.removeAll(keepingCapacity: true)
            if let h = fluidSplits.load(from: f.source, to: f.destination, bytes: f.bytes, into: bytes, flows: flows) {
                routed = true
                hops = h
            }
        } else if router.route(from: f.source, to: f.destination, flow: f.key, into: &path, cache: routeCache) {
            routed = true
            hops = Double(path.count)
            load(from: f.source, bytes: f.bytes, flows: 1, skippingFirst: false)
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

    /// Adds `n` flows of `b` bytes in all along the route in `path` (from its second link when
    /// `skippingFirst`) to the loads of the link directions it crosses.
    @inline(__always)
    private func load(from source: DeviceID, bytes b: Double, flows n: UInt32, skippingFirst: Bool) {
        var at = source
        path.withUnsafeBufferPointer { links in
            for (k, l) in links.enumerated() {
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
                if skippingFirst, k == 0 { continue }
                bytes[index] += b
                flows[index] &+= n
            }
        }
    }

    func acceptAggregate(from s: DeviceID, to d: DeviceID, bytes total: Double, flows count: Int) -> Bool {
        statistics.flows += count
        statistics.bytes += total
        var found: Double?
        if fluidRouting {
            found = fluidSplits.load(
                from: s, to: d, bytes: total, count: count, withSourceLink: false, into: bytes, flows: flows)
        } else {
            switch rests.load(from: s, to: d, bytes: total, flows: count) {
            case .loaded(let links): found = Double(links)
            case .unroutable: found = nil
            case .unshared:
                if router.route(from: s, to: d, flow: SimulationWorker.noKey, into: &path, cache: routeCache) {
                    found = Double(path.count)
                    load(from: s, bytes: total, flows: UInt32(count), skippingFirst: true)
                }
            }
        }
        guard let hops = found else {
            statistics.unroutableFlows += count
            statistics.unroutableBytes += total
            return false
        }
        statistics.byteHops += total * hops
        if hops > 2 { statistics.spineCrossingBytes += total }
        if rail[Int(s)] != rail[Int(d)] { statistics.crossRailBytes += total }
        return true
    }

    func acceptFirstHop(from endpoint: DeviceID, link: LinkID, bytes b: Double, flows n: Int) {
        let index = lower[Int(link)] == endpoint ? 2 * Int(link) : 2 * Int(link) + 1
        bytes[index] += b
        flows[index] &+= UInt32(n)
    }

    /// D-mod-K routes by destination alone: aggregates are routed without a flow key.
    private static let noKey = ECMPKey(source: 0, destination: 0, sourcePort: 0, destinationPort: 0, proto: 0)

    /// Loads what the workers hold back (D-mod-K rests, each worker's own; fluid bytes by pair of
    /// switches, spread on the first worker in a fixed order) into their loads; before `drain`.
    static func flushPending(_ workers: [SimulationWorker]) {
        for w in workers { w.rests.flush() }
        FluidSplitCache.flush(workers.map(\.fluidSplits), into: workers[0].bytes, flows: workers[0].flows)
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
