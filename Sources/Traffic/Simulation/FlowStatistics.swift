/// Totals over the flows of a run or of one communicator. Bytes are whole numbers held in
/// `Double`s (exact below 2^53), so sums do not depend on the order flows were added in.
public struct FlowStatistics: Equatable, Sendable {
    /// Flows put on the network (routed or not).
    public var flows = 0
    /// Bytes of those flows.
    public var bytes = 0.0
    /// Flows with no path (a rail-only fabric without PXN, a fabric cut by failures).
    public var unroutableFlows = 0
    /// Bytes of the unroutable flows.
    public var unroutableBytes = 0.0
    /// Bytes that stay inside nodes (NVLink): intra-node peers, ring and tree hops between a node's
    /// GPUs, PXN relays.
    public var localBytes = 0.0
    /// The NVLink transfers that carry `localBytes`.
    public var localFlows = 0
    /// Routed bytes whose path climbs above the first switch (leaf or edge): the spine-crossing share.
    public var spineCrossingBytes = 0.0
    /// Routed compute bytes between NICs on different rails.
    public var crossRailBytes = 0.0
    /// Σ bytes × links over routed flows: what the link loads must add up to.
    public var byteHops = 0.0

    /// All zero.
    public init() {}

    /// Adds `o`'s totals to these (exact: whole bytes).
    public mutating func add(_ o: FlowStatistics) {
        flows += o.flows
        bytes += o.bytes
        unroutableFlows += o.unroutableFlows
        unroutableBytes += o.unroutableBytes
        localBytes += o.localBytes
        localFlows += o.localFlows
        spineCrossingBytes += o.spineCrossingBytes
        crossRailBytes += o.crossRailBytes
        byteHops += o.byteHops
    }

    /// Bytes that found a path.
    public var routedBytes: Double { bytes - unroutableBytes }
}
