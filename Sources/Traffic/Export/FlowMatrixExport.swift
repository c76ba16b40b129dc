import Fabric
import Foundation
import InterlockCore

/// The packet-level simulators a collective's flows are exported to.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// htsim's connection matrix (csg-htsim, `ConnectionMatrix::load`).
    case htsim
    /// The `topology.txt` and `flow.txt` of HPCC's ns-3 simulator (`simulation/mix`), which SimAI's
    /// ns-3 backend grew from.
    case ns3
}

/// A collective's flows on one plane, with the plane's endpoints, switches and links numbered for a
/// packet-level simulator: endpoints 0..<E leaf by leaf (the endpoints of one leaf consecutive, as the
/// simulators' fat-trees number hosts under a ToR), then switches E..<E+S in device order.
public struct FlowMatrixExport: Sendable {
    /// One flow: node numbers and whole bytes.
    public struct Flow: Equatable, Sendable {
        /// The sending endpoint's node number.
        public var source: Int
        /// The receiving endpoint's node number.
        public var destination: Int
        /// Whole bytes.
        public var bytes: UInt64
        /// The destination port (4791 for RoCEv2).
        public var port: UInt16
    }

    /// The fabric exported.
    public let fabric: FabricGraph
    /// Node i is `endpoints[i]`.
    public let endpoints: [DeviceID]
    /// Node `endpoints.count + j` is `switches[j]`.
    public let switches: [DeviceID]
    /// The plane's links.
    public let links: [LinkID]
    /// The flows, in generation order (communicator, chunk).
    public let flows: [Flow]
    /// Bytes that stay inside nodes (NVLink): not exported.
    public let localBytes: Double

    /// Generates the flows of `collective` on the placed jobs and numbers the plane's devices.
    ///
    /// - Throws: `InputError` for a collective the jobs cannot run, as `traffic simulate` does.
    public init(fabric: FabricGraph, placement: JobPlacement, collective: CollectiveOptions) throws(InputError) {
        self.fabric = fabric
        let plane = collective.collective.plane
        links = fabric.links.indices.filter { fabric.links[$0].plane == plane }.map { LinkID($0) }
        var leafOf: [DeviceID: DeviceID] = [:]
        for l in links {
            let link = fabric.links[Int(l)]
            guard fabric.devices[Int(link.lower)].kind.isEndpoint else { continue }
            leafOf[link.lower] = min(leafOf[link.lower] ?? link.upper, link.upper)
        }
        endpoints = leafOf.keys.sorted { (leafOf[$0]!, $0) < (leafOf[$1]!, $1) }
        switches = fabric.devices.indices.filter {
            fabric.devices[$0].kind == .switch && fabric.devices[$0].plane == plane
        }.map { DeviceID($0) }
        let (_, sources) = try TrafficSimulator.flowSources(
            fabric: fabric, placement: placement, collective: collective)
        var node = [Int32](repeating: -1, count: fabric.devices.count)
        for (i, e) in endpoints.enumerated() { node[Int(e)] = Int32(i) }
        var sink = ExportCollector(node: node)
        for source in sources {
            for chunk in 0..<source.chunkCount { source.generate(chunk: chunk, into: &sink) }
        }
        flows = sink.flows
        localBytes = sink.localBytes
    }

    /// Bytes over every exported flow.
    public var bytes: UInt64 { flows.reduce(0) { $0 + $1.bytes } }

    /// htsim's connection matrix: `Nodes`, `Connections`, `Triggers` and `Failures` counts, then one
    /// `src->dst id ID start 0 size BYTES` line per flow (ids from 1: htsim refuses 0; start in
    /// picoseconds).
    ///
    /// - Throws: `InputError` for a flow above 2^31 − 1 bytes, which htsim reads as a 32-bit `int`.
    public func htsim() throws(InputError) -> String {
        try check(limit: UInt64(Int32.max), simulator: "htsim")
        var out = "Nodes \(endpoints.count)\nConnections \(flows.count)\nTriggers 0\nFailures 0\n"
        for (i, f) in flows.enumerated() {
            out += "\(f.source)->\(f.destination) id \(i + 1) start 0 size \(f.bytes)\n"
        }
        return out
    }

    /// HPCC's `topology.txt`: node, switch and link counts; the switches' node numbers; one
    /// `src dst rate delay error-rate` line per link (rate in Gbps, `delay` per link, no errors).
    public func ns3Topology(delay: String = "0.001ms") -> String {
        let switchBase = endpoints.count
        var number = [Int](repeating: -1, count: fabric.devices.count)
        for (i, e) in endpoints.enumerated() { number[Int(e)] = i }
        for (j, s) in switches.enumerated() { number[Int(s)] = switchBase + j }
        var out = "\(endpoints.count + switches.count) \(switches.count) \(links.count)\n"
        out += switches.indices.map { String(switchBase + $0) }.joined(separator: " ") + "\n"
        for l in links {
            let link = fabric.links[Int(l)]
            let rate = link.gbps == link.gbps.rounded() ? String(Int(link.gbps)) : String(link.gbps)
            out += "\(number[Int(link.lower)]) \(number[Int(link.upper)]) \(rate)Gbps \(delay) 0\n"
        }
        return out
    }

    /// HPCC's `flow.txt`: the flow count, then one `src dst priority-group dport bytes start-seconds`
    /// line per flow (priority group 3, every flow starting at 0).
    ///
    /// - Throws: `InputError` for a flow above 2^32 − 1 bytes, which HPCC reads as a `uint32_t`.
    public func ns3Flows() throws(InputError) -> String {
        try check(limit: UInt64(UInt32.max), simulator: "ns-3 (HPCC)")
        var out = "\(flows.count)\n"
        for f in flows { out += "\(f.source) \(f.destination) 3 \(f.port) \(f.bytes) 0\n" }
        return out
    }

    private func check(limit: UInt64, simulator: String) throws(InputError) {
        if let big = flows.first(where: { $0.bytes > limit }) {
            throw InputError(
                "a flow of \(big.bytes) bytes is larger than \(simulator) reads (at most \(limit)): use a smaller --size or more --qps-per-connection"
            )
        }
    }
}

/// Numbers the flows of a collective for export.
struct ExportCollector: FlowSink {
    let node: [Int32]
    var flows: [FlowMatrixExport.Flow] = []
    var localBytes = 0.0

    mutating func accept(_ f: FlowRecord) {
        flows.append(
            FlowMatrixExport.Flow(
                source: Int(node[Int(f.source)]), destination: Int(node[Int(f.destination)]), bytes: UInt64(f.bytes),
                port: f.key.destinationPort))
    }

    mutating func acceptLocal(bytes: Double, flows: Int) { localBytes += bytes.rounded() }
}
