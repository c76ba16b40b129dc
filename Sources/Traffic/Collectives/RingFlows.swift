/// Ring collectives (all-reduce, reduce-scatter, all-gather), rail-aligned: each of C channels is a
/// ring through every node in order; inside a node it rides NVLink, and it leaves node i through
/// NIC c mod rails for the same rail's NIC on node i+1. Every node thus sends `factor`·S into the
/// network, split evenly over its channels. Chunk i: the flows leaving node i.
struct RingFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let channels: Int
    /// Bytes one channel carries from a node to the next: factor · S / C.
    let bytesPerChannel: Double

    var chunkCount: Int { communicator.nodes.count > 1 ? communicator.nodes.count : 0 }
    var channelCount: Int? { channels }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let nodes = communicator.nodes
        let a = nodes[i]
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
/// Chunk i: the flows on node i's edges to its parents.
struct TreeFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let channels: Int
    let trees: DoubleBinaryTree
    /// S / (2C).
    let bytesPerEdge: Double

    var chunkCount: Int { communicator.nodes.count > 1 ? communicator.nodes.count : 0 }
    var channelCount: Int? { channels }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let nodes = communicator.nodes
        let child = nodes[i]
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
