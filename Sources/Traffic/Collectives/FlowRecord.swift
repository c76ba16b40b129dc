import Fabric
import InterlockCore

/// One flow of a collective: who sends to whom, through which NICs (or host ports), with which
/// five-tuple and destination QP, and how many bytes.
///
/// Ranks are global: jobs are numbered in placement order and their ranks follow one another.
/// Storage servers have no rank (`-1`) and no job.
public struct FlowRecord: Equatable, Sendable {
    /// Jobs of the sending and receiving ranks (`-1`: a storage server).
    public var sourceJob: Int32
    /// Job of the receiving rank (`-1`: a storage server).
    public var destinationJob: Int32
    /// Global rank of the sender (`-1`: a storage server).
    public var sourceRank: Int32
    /// Global rank of the receiver (`-1`: a storage server).
    public var destinationRank: Int32
    /// The plane the flow crosses.
    public var plane: Plane
    /// The routing endpoints: NICs on the compute plane, hosts on the front-end and storage planes.
    public var source: DeviceID
    /// The receiving routing endpoint.
    public var destination: DeviceID
    /// Addresses, ports, protocol and destination QP: what ECMP hashes and what ACLs match.
    public var key: ECMPKey
    /// The NCCL channel (ring, or tree pair) that carries the flow; 0 for point-to-point patterns.
    public var channel: Int32
    /// Whole bytes.
    public var bytes: Double

    /// A flow, field by field.
    public init(
        sourceJob: Int32, destinationJob: Int32, sourceRank: Int32, destinationRank: Int32, plane: Plane,
        source: DeviceID, destination: DeviceID, key: ECMPKey, channel: Int32, bytes: Double
    ) {
        self.sourceJob = sourceJob
        self.destinationJob = destinationJob
        self.sourceRank = sourceRank
        self.destinationRank = destinationRank
        self.plane = plane
        self.source = source
        self.destination = destination
        self.key = key
        self.channel = channel
        self.bytes = bytes
    }
}

/// Where generated flows go: the simulator's workers (route, load, judge) or a collector in tests.
public protocol FlowSink {
    /// Takes one flow.
    mutating func accept(_ flow: FlowRecord)
    /// Bytes that stay inside a node (NVLink): intra-node peers, ring and tree hops between a node's
    /// GPUs, PXN relays; `flows` the NVLink transfers that carry them. Sinks count them in whole
    /// bytes, rounded, as flows carry theirs.
    mutating func acceptLocal(bytes: Double, flows: Int)
}

/// The transport identifiers NICs put on the wire.
public enum WireIdentifiers {
    /// RoCEv2's UDP destination port (IANA).
    public static let roceV2Port: UInt16 = 4791

    /// A queue-pair number (24 bits, above the reserved QP0/QP1 range) drawn deterministically from
    /// `salt`: the same connection gets the same numbers in every run.
    @inline(__always)
    public static func queuePair(_ salt: UInt64) -> UInt32 {
        0x100 + UInt32(truncatingIfNeeded: HashMix.splitMix64(salt) % 0xFF_FE00)
    }

    /// The UDP source port a RoCEv2 NIC uses for a connection between two QPs when no flow label is
    /// set, as the Linux RDMA core derives it: a 20-bit flow label from the product of the QP numbers
    /// folded at bits 20 and 40, whose top six bits are folded onto its low 14 bits, placed in
    /// 0xC000–0xFFFF (rdma_calc_flow_label, rdma_flow_label_to_udp_sport).
    @inline(__always)
    public static func roceSourcePort(localQP: UInt32, remoteQP: UInt32) -> UInt16 {
        var v = UInt64(localQP) &* UInt64(remoteQP)
        v ^= v >> 20
        v ^= v >> 40
        let label = UInt32(truncatingIfNeeded: v) & 0xF_FFFF
        let low = (label & 0x3FFF) ^ ((label & 0xF_C000) >> 14)
        return UInt16(truncatingIfNeeded: low | 0xC000)
    }

    /// An ephemeral TCP source port (Linux's default range 32768–60999) drawn from `salt`.
    @inline(__always)
    public static func ephemeralPort(_ salt: UInt64) -> UInt16 {
        UInt16(32768 + HashMix.splitMix64(salt) % (60999 - 32768 + 1))
    }
}
