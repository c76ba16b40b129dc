/// Ring collectives (all-reduce, reduce-scatter, all-gather), rail-aligned: each of C channels is a
/// ring through every rank, node by node: inside a node it rides NVLink from GPU to GPU, and it
/// leaves node i through NIC c mod rails for the same rail's NIC on node i+1. Every ring hop
/// carries `factor`·S / C per channel: node i puts `factor`·S into the network over its channels,
/// and its G_i − 1 hops between its own GPUs (G_i on a one-node ring, which closes inside it) keep
/// `factor`·S each on NVLink, (N − P)·`factor`·S in all. Chunk i: node i's hops.
///
/// With `open` set, a chain instead: NCCL's ring broadcast and reduce pipeline S/C along each
/// channel's ring from the root (rank 0) through every rank (broadcast), or from the rank after the
/// root to the root (reduce), so the chain is the ring less one hop. The root is where the ring enters
/// (leaves) its node, so the hop left out is the one from node `open` to the next: into the root's
/// node (broadcast, `open` P − 1) or out of it (reduce, `open` 0). P − 1 hops between nodes carry S,
/// and every node's G_i − 1 hops between its own GPUs S each on NVLink: (N − 1)·S in all, S received
/// (sent) by every non-root rank.
struct RingFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let channels: Int
    /// Bytes one channel carries from a node to the next: factor · S / C (S / C for a chain).
    let bytesPerChannel: Double
    /// The node whose hop to the next one a chain leaves out; `nil` for a ring.
    var open: Int? = nil

    var chunkCount: Int { communicator.nodes.count }
    var channelCount: Int? { channels }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let nodes = communicator.nodes
        let a = nodes[i]
        let hops = nodes.count > 1 || open != nil ? a.slots.count - 1 : a.slots.count
        if hops > 0 {
            sink.acceptLocal(bytes: Double(hops * channels) * bytesPerChannel.rounded(), flows: hops * channels)
        }
        guard nodes.count > 1, i != open else { return }
        let b = nodes[(i + 1) % nodes.count]
        for c in 0..<channels {
            factory.connect(
                a, nic: a.nic(channel: c), b, nic: b.nic(channel: c), channel: c, bytes: bytesPerChannel, into: &sink)
        }
    }
}

/// NCCL's tree all-reduce: two complementary binary trees over the nodes (double binary tree),
/// each reducing half of every channel's data up and broadcasting it down, so every tree edge
/// carries S/(2C) per channel in each direction. Channel c uses NIC c mod rails at both ends.
/// Inside a node the ranks form a chain over NVLink (NCCL's intra-node tree) that both trees
/// cross up and down: each of a node's G_i − 1 chain hops carries S/(2C) per channel, tree and
/// direction, 2·S in all, 2(N − P)·S over the communicator. Chunk i: node i's chain and the flows
/// on its edges to its parents.
struct TreeFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let channels: Int
    let trees: DoubleBinaryTree
    /// S / (2C).
    let bytesPerEdge: Double

    var chunkCount: Int { communicator.nodes.count }
    var channelCount: Int? { channels }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let nodes = communicator.nodes
        let child = nodes[i]
        let transfers = (child.slots.count - 1) * channels * 4
        if transfers > 0 { sink.acceptLocal(bytes: Double(transfers) * bytesPerEdge.rounded(), flows: transfers) }
        for c in 0..<channels {
            for t in 0..<2 {
                guard let p = trees.parent(of: i, tree: t) else { continue }
                let parent = nodes[p]
                let ci = child.nic(channel: c)
                let pi = parent.nic(channel: c)
                factory.connect(child, nic: ci, parent, nic: pi, channel: c, bytes: bytesPerEdge, into: &sink)
                factory.connect(parent, nic: pi, child, nic: ci, channel: c, bytes: bytesPerEdge, into: &sink)
            }
        }
    }
}
