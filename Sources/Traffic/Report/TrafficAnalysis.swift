import Fabric
import InterlockCore

/// The time utilization is measured over.
public enum TimeBase: Sendable, Equatable {
    /// The predicted collective time: the most loaded link direction runs at 100 %.
    case bottleneck
    /// A given iteration time, in seconds.
    case iteration(Double)
    /// The collective runs at this algorithm bandwidth (bits per second): T = S / rate.
    case rate(Double)
}

/// One communicator's timing: when its most loaded link finishes (shared with other jobs), against
/// the time its own NIC links alone would need on a non-blocking fabric.
public struct CommunicatorFigures: Sendable {
    /// The job's name, or `all jobs`.
    public var name: String
    /// Ranks (N).
    public var ranks: Int
    /// Nodes.
    public var nodes: Int
    /// NCCL channels, for ring and tree collectives.
    public var channels: Int?
    /// Totals over its flows.
    public var statistics: FlowStatistics
    /// Seconds: when its most loaded link direction has carried its bytes; with no byte on the network
    /// (one node), when its GPUs have sent their NVLink bytes (`nvlinkTime`). When it does not
    /// complete, what its routable flows alone would take.
    public var predictedTime: Double
    /// Seconds its own NIC links alone would need (non-blocking fabric).
    public var idealTime: Double
    /// nccl-tests' algorithm and bus bandwidth, bytes per second: S / t, and S / t × factor(N).
    public var algorithmBandwidth: Double
    /// The bus bandwidth, bytes per second: algorithm bandwidth × the collective's bus factor.
    public var busBandwidth: Double
    /// predicted / ideal (1 on a non-blocking fabric).
    public var slowdown: Double
    /// Seconds its GPUs need to send its NVLink bytes, spread evenly over its ranks (one GPU sends a
    /// send-receive's), at the preset's NVLink bandwidth; 0 when the fabric has no preset.
    public var nvlinkTime: Double
    /// False when some of its flows have no path: the collective never completes (its time is
    /// unbounded, its bandwidths 0).
    public var completes: Bool { statistics.unroutableFlows == 0 }
}

/// Load figures of one tier of one plane: over every link direction of the tier, idle ones included.
public struct TierFigures: Sendable {
    /// The plane.
    public var plane: Plane
    /// The tier of links (`leaf-spine`, ...).
    public var tier: LinkTier
    /// Link directions in the tier (two per link).
    public var directions: Int
    /// Directions that carry at least one flow.
    public var loaded: Int
    /// Bytes over all its directions.
    public var bytes: Double
    /// The most loaded direction's utilization.
    public var maxUtilization: Double
    /// Mean utilization over every direction, idle ones included.
    public var meanUtilization: Double
    /// Median utilization.
    public var p50: Double
    /// 90th percentile of utilization.
    public var p90: Double
    /// 99th percentile of utilization.
    public var p99: Double

    /// `host-leaf` on the compute plane, `storage host-leaf` elsewhere.
    public var name: String { plane == .compute ? tier.description : "\(plane) \(tier)" }
}

/// ECMP imbalance of the up-links of one tier: per switch, the most loaded of its equal-cost
/// up-links against their mean; the worst switch and the mean over switches that send up at all.
public struct ImbalanceFigures: Sendable {
    /// The plane.
    public var plane: Plane
    /// The tier whose up-links are compared.
    public var tier: LinkTier
    /// Switches that send up at all.
    public var switches: Int
    /// The worst switch's ratio of its most loaded up-link to its up-links' mean (1: even).
    public var worst: Double
    /// The switch with that ratio.
    public var worstSwitch: DeviceID
    /// The mean of the ratio over the switches.
    public var mean: Double
}

/// The figures reports print, computed once from a simulation result.
public struct TrafficAnalysis: Sendable {
    /// The run analysed.
    public let result: SimulationResult
    /// What utilization is measured over.
    public let timeBase: TimeBase
    /// The predicted collective time, seconds: the most loaded link direction's bytes over its capacity,
    /// or the NVLink time of a communicator with no byte on the network when that is longer. When
    /// some flows have no path (`completes` false), what the routable flows alone would take.
    public let predictedTime: Double
    /// The same over the endpoints' own links only: what a non-blocking fabric would give.
    public let idealTime: Double
    /// The time utilization is measured over.
    public let time: Double
    /// Bytes per second of each link direction.
    public let capacity: [Double]
    /// One per communicator, in the run's order.
    public let communicators: [CommunicatorFigures]
    /// One per (plane, tier) of the planes the run routed, sorted.
    public let tiers: [TierFigures]
    /// The up-link imbalance of the tiers of the planes the run routed.
    public let imbalance: [ImbalanceFigures]

    /// Computes every figure from `result`; utilization is over the time `timeBase` gives.
    public init(_ result: SimulationResult, timeBase: TimeBase = .bottleneck) {
        self.result = result
        self.timeBase = timeBase
        let fabric = result.fabric
        let capacity = fabric.links.flatMap { l -> [Double] in
            let c = l.gbps * 1e9 / 8
            return [c, c]
        }
        self.capacity = capacity
        let isEndpointLink = fabric.links.map { fabric.devices[Int($0.lower)].kind.isEndpoint }
        let loads = result.loads
        var predicted = 0.0
        var ideal = 0.0
        for i in loads.bytes.indices where loads.bytes[i] > 0 {
            let t = loads.bytes[i] / capacity[i]
            predicted = max(predicted, t)
            if isEndpointLink[i / 2] { ideal = max(ideal, t) }
        }
        let size = result.options.collective.size
        let nvlink = fabric.nvlinkBytesPerSecond
        let collective = result.options.collective.collective
        let communicators = result.communicators.map { c in
            TrafficAnalysis.figures(
                c, loads: loads, capacity: capacity, isEndpointLink: isEndpointLink, size: size, nvlink: nvlink,
                collective: collective)
        }
        self.communicators = communicators
        for c in communicators where c.statistics.bytes == 0 {
            predicted = max(predicted, c.predictedTime)
            ideal = max(ideal, c.idealTime)
        }
        predictedTime = predicted
        idealTime = ideal
        switch timeBase {
        case .bottleneck: time = predicted
        case .iteration(let t): time = t
        case .rate(let r): time = size * 8 / r
        }
        let planes = Set(result.routingModes.map(\.plane))
        tiers = TrafficAnalysis.tierFigures(fabric, loads: loads, capacity: capacity, time: time, planes: planes)
        imbalance = TrafficAnalysis.imbalance(fabric, loads: loads, planes: planes, failures: result.options.failures)
    }

    /// One communicator's figures: its time over the link directions it loads (shared with the other
    /// communicators), or over NVLink when it puts nothing on the network.
    static func figures(
        _ c: CommunicatorResult, loads: LinkLoads, capacity: [Double], isEndpointLink: [Bool], size: Double,
        nvlink: Double?, collective: Collective
    ) -> CommunicatorFigures {
        var t = 0.0
        var own = 0.0
        for (k, d) in c.directions.enumerated() {
            let i = Int(d)
            t = max(t, loads.bytes[i] / capacity[i])
            if isEndpointLink[i / 2] { own = max(own, c.ownBytes[k] / capacity[i]) }
        }
        // NVLink bytes spread over the ranks, but a send-receive's are one GPU's.
        let senders = collective == .sendReceive ? 1 : c.ranks
        let nvlinkTime = nvlink.map { c.statistics.localBytes / (Double(senders) * $0) } ?? 0
        if c.statistics.bytes == 0 {
            t = nvlinkTime
            own = nvlinkTime
        }
        let completes = c.statistics.unroutableFlows == 0
        let alg = t > 0 && completes ? size / t : 0
        return CommunicatorFigures(
            name: c.name, ranks: c.ranks, nodes: c.nodes, channels: c.channels, statistics: c.statistics,
            predictedTime: t, idealTime: own, algorithmBandwidth: alg,
            busBandwidth: alg * collective.busFactor(ranks: c.ranks),
            slowdown: own > 0 ? t / own : 1, nvlinkTime: nvlinkTime)
    }

    /// False when some flow has no path: some communicator never completes.
    public var completes: Bool { result.statistics.unroutableFlows == 0 }

    /// The utilization of direction `i` over the time base (0 when nothing moves).
    @inline(__always) public func utilization(_ i: Int) -> Double {
        time > 0 ? result.loads.bytes[i] / (capacity[i] * time) : 0
    }

    /// The slowest communicator's bus bandwidth, bytes per second.
    public var busBandwidth: Double { communicators.map(\.busBandwidth).min() ?? 0 }
    /// The slowest communicator's algorithm bandwidth, bytes per second.
    public var algorithmBandwidth: Double { communicators.map(\.algorithmBandwidth).min() ?? 0 }
    /// Predicted over ideal time for the whole run (1 on a non-blocking fabric).
    public var slowdown: Double { idealTime > 0 ? predictedTime / idealTime : 1 }

    /// Routed bytes that cross above the first switch, and between rails, as shares of routed bytes.
    public var spineCrossingShare: Double { share(result.statistics.spineCrossingBytes) }
    /// Routed bytes between NICs on different rails, as a share of routed bytes.
    public var crossRailShare: Double { share(result.statistics.crossRailBytes) }
    private func share(_ b: Double) -> Double {
        let routed = result.statistics.routedBytes
        return routed > 0 ? b / routed : 0
    }

    /// The `count` most utilized link directions (ties: lower index first).
    public func hotLinks(_ count: Int) -> [Int] {
        let loaded = result.loads.bytes.indices.filter { result.loads.bytes[$0] > 0 }
        return loaded.sorted {
            let a = result.loads.bytes[$0] / capacity[$0]
            let b = result.loads.bytes[$1] / capacity[$1]
            return a != b ? a > b : $0 < $1
        }.prefix(count).map { $0 }
    }

    static func tierFigures(
        _ fabric: FabricGraph, loads: LinkLoads, capacity: [Double], time: Double,
        planes: Set<Plane>
    ) -> [TierFigures] {
        var keys: [(Plane, LinkTier)] = []
        var byPlane: [Plane: [LinkTier: [Int]]] = [:]
        for (l, link) in fabric.links.enumerated() where planes.contains(link.plane) {
            if byPlane[link.plane]?[link.tier] == nil { keys.append((link.plane, link.tier)) }
            byPlane[link.plane, default: [:]][link.tier, default: []] += [2 * l, 2 * l + 1]
        }
        keys.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return keys.map { plane, tier in
            let dirs = byPlane[plane]![tier]!
            let utils = dirs.map { time > 0 ? loads.bytes[$0] / (capacity[$0] * time) : 0 }.sorted()
            func pct(_ p: Double) -> Double {
                utils[max(0, Int((p * Double(utils.count)).rounded(.up)) - 1)]
            }
            return TierFigures(
                plane: plane, tier: tier, directions: dirs.count,
                loaded: dirs.filter { loads.flows[$0] > 0 }.count,
                bytes: dirs.reduce(0) { $0 + loads.bytes[$1] },
                maxUtilization: utils.last ?? 0,
                meanUtilization: utils.reduce(0, +) / Double(max(1, utils.count)),
                p50: pct(0.5), p90: pct(0.9), p99: pct(0.99))
        }
    }

    static func imbalance(_ fabric: FabricGraph, loads: LinkLoads, planes: Set<Plane>, failures: Failures)
        -> [ImbalanceFigures]
    {
        // Up-links of each switch (toward a higher level), alive ones only.
        var up: [DeviceID: [Int]] = [:]
        for (l, link) in fabric.links.enumerated() where planes.contains(link.plane) {
            let lo = fabric.devices[Int(link.lower)]
            let hi = fabric.devices[Int(link.upper)]
            guard lo.kind == .switch, hi.kind == .switch, lo.level < hi.level else { continue }
            if failures.links.contains(LinkID(l)) || failures.devices.contains(link.lower)
                || failures.devices.contains(link.upper)
            {
                continue
            }
            up[link.lower, default: []].append(l)
        }
        var perTier: [LinkTier: (plane: Plane, ratios: [(Double, DeviceID)])] = [:]
        // By switch: the mean's sum is then added in one order on every run (a dictionary's order
        // changes from process to process, and with it the last bits of the sum).
        for (s, links) in up.sorted(by: { $0.key < $1.key }) where links.count >= 2 {
            let b = links.map { loads.bytes[2 * $0] }
            let sum = b.reduce(0, +)
            guard sum > 0 else { continue }
            let tier = fabric.links[links[0]].tier
            perTier[tier, default: (fabric.links[links[0]].plane, [])].ratios.append(
                (b.max()! / (sum / Double(b.count)), s))
        }
        return perTier.map { tier, v in
            let worst = v.ratios.max { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }!
            return ImbalanceFigures(
                plane: v.plane, tier: tier, switches: v.ratios.count, worst: worst.0, worstSwitch: worst.1,
                mean: v.ratios.reduce(0) { $0 + $1.0 } / Double(v.ratios.count))
        }.sorted { ($0.plane, $0.tier) < ($1.plane, $1.tier) }
    }
}
