import InterlockCore

/// A permutation: the nodes form one random cycle (Sattolo's shuffle, seeded), and slot s of every
/// node sends S to slot s of the next node of the cycle (so the traffic stays on its rail).
/// Chunk i: what node i sends.
struct PermutationFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    /// `next[i]`: the node node i sends to (never i itself when there are two nodes or more).
    let next: [Int]
    let bytes: Double

    init(communicator: Communicator, factory: FlowFactory, seed: UInt64, bytes: Double) {
        self.communicator = communicator
        self.factory = factory
        self.bytes = bytes
        // Sattolo: a uniformly random cyclic permutation, so no node sends to itself.
        var order = Array(communicator.nodes.indices)
        var rng = SeededGenerator(seed: seed)
        var i = order.count - 1
        while i > 0 {
            let j = Int(rng.next() % UInt64(i))
            order.swapAt(i, j)
            i -= 1
        }
        next = order
    }

    var chunkCount: Int { communicator.nodes.count > 1 ? communicator.nodes.count : 0 }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let a = communicator.nodes[i]
        let b = communicator.nodes[next[i]]
        if a.host == b.host {
            sink.acceptLocal(bytes: Double(a.slots.count) * bytes, flows: a.slots.count)
            return
        }
        for s in a.slots.indices {
            factory.pair(a, slot: s, b, slot: s % b.slots.count, bytes: bytes, into: &sink)
        }
    }
}

/// Incast: rank 0 receives S from each of k senders, one rank on each of the next k nodes, each on
/// the receiver's rail when the sender's node has it. Chunk k: sender k.
struct IncastFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let senders: Int
    let bytes: Double

    var chunkCount: Int { senders }

    func generate<S: FlowSink>(chunk k: Int, into sink: inout S) {
        let receiver = communicator.nodes[0]
        let sender = communicator.nodes[k + 1]
        let rail = receiver.nicRails[0]
        let i = max(sender.nic(rail: rail), 0)
        if sender.host == receiver.host {
            sink.acceptLocal(bytes: bytes, flows: 1)
            return
        }
        factory.connect(sender, nic: i, receiver, nic: 0, channel: 0, bytes: bytes, into: &sink)
    }
}

/// One transfer: the communicator's first rank sends S to its last, NIC to NIC (no PXN relay), or over
/// NVLink when both are on one host. Chunk 0: the transfer.
struct SendReceiveFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let bytes: Double

    var chunkCount: Int { communicator.rankCount > 1 ? 1 : 0 }

    func generate<S: FlowSink>(chunk: Int, into sink: inout S) {
        let a = communicator.nodes[0]
        let b = communicator.nodes[communicator.nodes.count - 1]
        if a.host == b.host {
            sink.acceptLocal(bytes: bytes, flows: 1)
            return
        }
        factory.pair(a, slot: 0, b, slot: b.slots.count - 1, bytes: bytes, into: &sink)
    }
}
