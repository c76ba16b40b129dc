import Fabric

/// NCCL's ring broadcast and reduce: on each of C channels, S/C is pipelined along the channel's ring
/// (the ring `RingFlows` builds) from the root (rank 0) through every rank (broadcast), or from the
/// rank after the root to the root (reduce), so the chain is the ring less one hop: the one back
/// into the root's node (broadcast) or out of it (reduce). The root is where the ring enters (leaves)
/// its node. P − 1 hops between nodes carry S each over the channels, and every node's G_i − 1 hops
/// between its own GPUs S each on NVLink: (N − 1)·S in all, S received (sent) by every non-root rank.
/// Chunk i: node i's hops.
struct ChainFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let channels: Int
    /// S / C.
    let bytesPerChannel: Double
    /// The node whose hop to the next node the chain leaves out: the last (broadcast) or the root's (reduce).
    let openAfter: Int

    var chunkCount: Int { communicator.nodes.count }
    var channelCount: Int? { channels }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let nodes = communicator.nodes
        let a = nodes[i]
        let hops = a.slots.count - 1
        if hops > 0 {
            sink.acceptLocal(bytes: Double(hops * channels) * bytesPerChannel.rounded(), flows: hops * channels)
        }
        guard nodes.count > 1, i != openAfter else { return }
        let b = nodes[(i + 1) % nodes.count]
        for c in 0..<channels {
            factory.connect(
                a, nic: a.nic(channel: c), b, nic: b.nic(channel: c), channel: c, bytes: bytesPerChannel, into: &sink)
        }
    }
}

/// Gather and scatter, as nccl-tests runs them: one send of S/N from every rank to the root (rank 0),
/// or from the root to every rank, in one group. The flows are all-to-all's without PXN
/// (`AllToAllFlows`) with the root alone on the other side: NIC to NIC, the root's NIC carrying all
/// (N − G_0)·S/N of them; the root's own S/N is a copy inside its node, counted on NVLink as
/// all-to-all counts a rank's own share. Chunk i: what node i sends to the root (gather) or receives
/// from it (scatter).
struct RootedFlows: FlowSource {
    let pairs: AllToAllFlows
    /// The root's node with the root's slot alone.
    let root: Communicator.Node
    /// True for scatter: the root sends.
    let fromRoot: Bool

    /// The flows of `communicator` with S/N per rank.
    init(
        communicator: Communicator, factory: FlowFactory, bytesPerRank: Double, fromRoot: Bool, fabric: FabricGraph
    ) {
        pairs = AllToAllFlows(communicator: communicator, factory: factory, pxn: false, bytesPerPair: bytesPerRank)
        let first = communicator.nodes[0]
        root = Communicator.Node(
            host: first.host, job: first.job, firstRank: first.firstRank, slots: [first.slots[0]], fabric: fabric)
        self.fromRoot = fromRoot
    }

    var chunkCount: Int { pairs.communicator.nodes.count }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        if fromRoot {
            pairs.send(root, pairs.communicator.nodes[i], into: &sink)
        } else {
            pairs.send(pairs.communicator.nodes[i], root, into: &sink)
        }
    }
}

/// A barrier: a synchronization with no payload, so no flow.
struct NoFlows: FlowSource {
    var chunkCount: Int { 0 }
    func generate<S: FlowSink>(chunk: Int, into sink: inout S) {}
}
