import Fabric
import InterlockCore

/// Every interface's address, by device, in flat arrays per plane (0: none), for the hot loops.
public struct AddressTables: Sendable {
    let byPlane: [[UInt32]]

    /// Tables of every interface address of `fabric`.
    public init(fabric: FabricGraph) {
        var tables = [[UInt32]](
            repeating: [UInt32](repeating: 0, count: fabric.devices.count), count: Plane.allCases.count)
        for i in fabric.addresses.interfaces {
            tables[Int(i.plane.rawValue)][Int(i.device)] = i.address.value
        }
        byPlane = tables
    }

    /// The address of `device` on `plane`, 0 when it has none.
    @inline(__always) public func address(_ device: DeviceID, on plane: Plane) -> UInt32 {
        byPlane[Int(plane.rawValue)][Int(device)]
    }
}

/// Turns connections into flows: RoCEv2 connections over QPs on the compute or storage plane, TCP
/// connections on the front-end.
struct FlowFactory: Sendable {
    let addresses: AddressTables
    let qps: Int
    /// Mixed into QP numbers and ports, so that different patterns draw different numbers.
    let salt: UInt64

    /// Splits `bytes` (rounded to whole bytes) over the connection's QPs, one flow each: RoCEv2 to
    /// UDP 4791, a QP number at each end, the source port the NIC derives from them.
    @inline(__always)
    func roce<S: FlowSink>(
        plane: Plane, source: DeviceID, destination: DeviceID, sourceJob: Int32, destinationJob: Int32,
        sourceRank: Int32, destinationRank: Int32, channel: Int, bytes: Double, into sink: inout S
    ) {
        let total = bytes.rounded()
        guard total > 0 else { return }
        let (base, extra) = FlowFactory.queuePairShares(total, qps: qps)
        let src = addresses.address(source, on: plane)
        let dst = addresses.address(destination, on: plane)
        var connection = HashMix.splitMix64(
            salt ^ (UInt64(UInt32(bitPattern: source)) << 32 | UInt64(UInt32(bitPattern: destination))))
        connection = HashMix.splitMix64(
            connection ^ UInt64(channel) ^ (UInt64(UInt32(bitPattern: sourceRank)) << 20)
                ^ (UInt64(UInt32(bitPattern: destinationRank)) << 42))
        for k in 0..<qps {
            let flowBytes = base + (k < extra ? 1 : 0)
            if flowBytes == 0 { continue }
            let local = WireIdentifiers.queuePair(connection &+ UInt64(2 * k))
            let remote = WireIdentifiers.queuePair(connection &+ UInt64(2 * k + 1))
            let key = ECMPKey(
                source: src, destination: dst,
                sourcePort: WireIdentifiers.roceSourcePort(localQP: local, remoteQP: remote),
                destinationPort: WireIdentifiers.roceV2Port, proto: IPProtocol.udp.rawValue,
                destinationQP: remote)
            sink.accept(
                FlowRecord(
                    sourceJob: sourceJob, destinationJob: destinationJob, sourceRank: sourceRank,
                    destinationRank: destinationRank, plane: plane, source: source, destination: destination,
                    key: key, channel: Int32(channel), bytes: flowBytes))
        }
    }

    /// How a connection of `total` whole bytes splits over `qps` QPs: the first `extra` carry
    /// `base + 1` bytes, the others `base`.
    @inline(__always)
    static func queuePairShares(_ total: Double, qps: Int) -> (base: Double, extra: Int) {
        let q = Double(qps)
        let base = (total / q).rounded(.down)
        return (base, Int(total - base * q))
    }

    /// One TCP flow of `bytes` (rounded) to `port`, from an ephemeral source port.
    @inline(__always)
    func tcp<S: FlowSink>(
        plane: Plane, source: DeviceID, destination: DeviceID, sourceJob: Int32, destinationJob: Int32,
        sourceRank: Int32, destinationRank: Int32, port: UInt16, bytes: Double, into sink: inout S
    ) {
        let total = bytes.rounded()
        guard total > 0 else { return }
        let src = addresses.address(source, on: plane)
        let dst = addresses.address(destination, on: plane)
        let salt = HashMix.splitMix64(self.salt ^ (UInt64(src) << 32 | UInt64(dst)))
        let key = ECMPKey(
            source: src, destination: dst, sourcePort: WireIdentifiers.ephemeralPort(salt),
            destinationPort: port, proto: IPProtocol.tcp.rawValue)
        sink.accept(
            FlowRecord(
                sourceJob: sourceJob, destinationJob: destinationJob, sourceRank: sourceRank,
                destinationRank: destinationRank, plane: plane, source: source, destination: destination,
                key: key, channel: 0, bytes: total))
    }

    /// A RoCEv2 connection between NIC `i` of node `a` and NIC `j` of node `b` on the compute plane;
    /// bytes between two slots of one host stay on NVLink.
    @inline(__always)
    func connect<S: FlowSink>(
        _ a: Communicator.Node, nic i: Int, _ b: Communicator.Node, nic j: Int, channel: Int,
        bytes: Double, into sink: inout S
    ) {
        if a.host == b.host {
            sink.acceptLocal(bytes: bytes, flows: 1)
            return
        }
        roce(
            plane: .compute, source: a.nics[i], destination: b.nics[j], sourceJob: a.job, destinationJob: b.job,
            sourceRank: a.rank(nic: i), destinationRank: b.rank(nic: j), channel: channel, bytes: bytes, into: &sink)
    }
}

extension FlowFactory {
    /// A RoCEv2 connection from slot `s` of node `a` to slot `t` of node `b`, each through its own
    /// NIC (the two nodes differ).
    @inline(__always)
    func pair<S: FlowSink>(
        _ a: Communicator.Node, slot s: Int, _ b: Communicator.Node, slot t: Int, bytes: Double,
        into sink: inout S
    ) {
        roce(
            plane: .compute, source: a.slots[s].nic, destination: b.slots[t].nic, sourceJob: a.job,
            destinationJob: b.job,
            sourceRank: a.firstRank + Int32(s), destinationRank: b.firstRank + Int32(t), channel: 0, bytes: bytes,
            into: &sink)
    }
}

/// A pattern's flows, in chunks that can be generated independently (and in parallel): chunk k
/// always yields the same flows in the same order.
protocol FlowSource: Sendable {
    var chunkCount: Int { get }
    /// NCCL channels, for the patterns that have them.
    var channelCount: Int? { get }
    func generate<S: FlowSink>(chunk: Int, into sink: inout S)
}

extension FlowSource {
    var channelCount: Int? { nil }
}
