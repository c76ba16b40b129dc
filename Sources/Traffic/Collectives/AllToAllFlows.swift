/// All-to-all: every rank sends S/N to every rank. Chunk a: what node a sends.
///
/// Without PXN, one connection per pair of ranks on different nodes, NIC to NIC (N(N−G) flows per
/// QP): a pair on different rails crosses the spine. With PXN (NCCL's PCIe×NVLink relay), a rank
/// first hands the bytes for a peer over NVLink to the GPU of its node on the peer's rail, so the
/// node sends one aggregated connection per (destination node, rail): G_a · G_b,r · S/N bytes.
/// Bytes between ranks of one node, and PXN relays, stay on NVLink.
struct AllToAllFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let pxn: Bool
    /// S / N.
    let bytesPerPair: Double

    var chunkCount: Int { communicator.nodes.count }

    func generate<S: FlowSink>(chunk ai: Int, into sink: inout S) {
        let nodes = communicator.nodes
        for bi in nodes.indices {
            // Nodes passed straight from the array: binding them to locals would copy (and retain) them.
            send(nodes[ai], nodes[bi], into: &sink)
        }
    }

    /// What node a sends to node b (gather and scatter send to and from a node of the root alone).
    @inline(__always)
    func send<S: FlowSink>(_ a: Communicator.Node, _ b: Communicator.Node, into sink: inout S) {
        let g = Double(a.slots.count)
        if a.host == b.host {
            // Every pair of ranks, a rank with itself included (as nccl-tests sends); flows between two ranks.
            sink.acceptLocal(
                bytes: g * Double(b.slots.count) * bytesPerPair,
                flows: a.slots.count * b.slots.count - (a === b ? a.slots.count : 0))
            return
        }
        if pxn {
            for j in b.nics.indices {
                let bytes = g * Double(b.nicSlots[j]) * bytesPerPair
                let i = a.nic(rail: b.nicRails[j])
                if i >= 0 {
                    // Every source rank not on rail r relays over NVLink first.
                    sink.acceptLocal(
                        bytes: (g - Double(a.nicSlots[i])) * Double(b.nicSlots[j]) * bytesPerPair,
                        flows: a.slots.count - a.nicSlots[i])
                    factory.connect(a, nic: i, b, nic: j, channel: 0, bytes: bytes, into: &sink)
                } else {
                    // No NIC of the job on that rail here: each rank sends from its own NIC.
                    for k in a.nics.indices {
                        factory.connect(
                            a, nic: k, b, nic: j, channel: 0,
                            bytes: Double(a.nicSlots[k] * b.nicSlots[j]) * bytesPerPair, into: &sink)
                    }
                }
            }
        } else {
            for s in a.slots.indices {
                for t in b.slots.indices {
                    factory.pair(a, slot: s, b, slot: t, bytes: bytesPerPair, into: &sink)
                }
            }
        }
    }
}
