import Fabric
import InterlockCore

/// The distinct conversations of a flow matrix: flows between the same two addresses on the same
/// plane, protocol and destination port, summed. What a segmentation check needs of simulated
/// traffic (who talks to whom, on what), without the per-QP detail routing needs.
public struct FlowConversation: Sendable {
    /// What makes conversations distinct.
    public struct Key: Hashable, Comparable, Sendable {
        /// The plane the flows cross.
        public var plane: Plane
        /// Host-order IPv4 addresses, as `ECMPKey` holds them.
        public var source: UInt32
        /// The destination address, host order.
        public var destination: UInt32
        /// IP protocol number (17 for RoCEv2's UDP, 6 for TCP).
        public var proto: UInt8
        /// Destination port.
        public var port: UInt16

        /// Plane, then source, destination, protocol and port ascending.
        public static func < (a: Key, b: Key) -> Bool {
            (a.plane, a.source, a.destination, a.proto, a.port) < (b.plane, b.source, b.destination, b.proto, b.port)
        }
    }

    /// The plane, addresses, protocol and port the flows share.
    public var key: Key
    /// The flows (queue pairs, connections) and whole bytes summed into this conversation.
    public var flows: Int
    /// Whole bytes, summed.
    public var bytes: Double
}

extension TrafficSimulator {
    /// The conversations of the collective's flow matrix on the placed jobs, sorted by key.
    /// Generates every flow on this thread; memory grows with the number of distinct address
    /// pairs, not with the flows.
    ///
    /// - Throws: `InputError` for a collective the jobs cannot run, as `run` does.
    public static func conversations(
        fabric: FabricGraph, placement: JobPlacement,
        collective: CollectiveOptions
    ) throws(InputError) -> [FlowConversation] {
        let (_, sources) = try flowSources(fabric: fabric, placement: placement, collective: collective)
        var collector = ConversationCollector()
        for source in sources {
            for chunk in 0..<source.chunkCount { source.generate(chunk: chunk, into: &collector) }
        }
        return collector.totals.map { FlowConversation(key: $0.key, flows: $0.value.flows, bytes: $0.value.bytes) }
            .sorted { $0.key < $1.key }
    }
}

/// Sums flows by conversation.
struct ConversationCollector: FlowSink {
    private(set) var totals: [FlowConversation.Key: (flows: Int, bytes: Double)] = [:]

    mutating func accept(_ f: FlowRecord) {
        let key = FlowConversation.Key(
            plane: f.plane, source: f.key.source, destination: f.key.destination, proto: f.key.proto,
            port: f.key.destinationPort)
        totals[key, default: (0, 0)].flows += 1
        totals[key, default: (0, 0)].bytes += f.bytes
    }

    mutating func acceptLocal(bytes: Double, flows: Int) {}
}
