import Fabric

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
