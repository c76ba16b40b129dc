import Fabric

/// Storage reads: every node reads S, striped evenly over the storage servers, as RDMA reads
/// (GPUDirect Storage, NFS over RDMA): RoCEv2 flows from each server to the node's storage port.
/// Chunk i: what node i reads.
struct StorageReadFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let servers: [DeviceID]
    /// S / servers.
    let bytesPerServer: Double

    var chunkCount: Int { servers.isEmpty ? 0 : communicator.nodes.count }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let node = communicator.nodes[i]
        for (k, server) in servers.enumerated() {
            factory.roce(
                plane: .storage, source: server, destination: node.host, sourceJob: -1, destinationJob: node.job,
                sourceRank: -1, destinationRank: node.firstRank, channel: k, bytes: bytesPerServer, into: &sink)
        }
    }
}

/// Background front-end load: every node sends S over the front-end plane, one TCP flow to each
/// other node of the communicator (S/(P−1) each). Chunk i: what node i sends.
struct BackgroundFlows: FlowSource {
    let communicator: Communicator
    let factory: FlowFactory
    let port: UInt16
    /// S / (P − 1).
    let bytesPerPeer: Double

    var chunkCount: Int { communicator.nodes.count > 1 ? communicator.nodes.count : 0 }

    func generate<S: FlowSink>(chunk i: Int, into sink: inout S) {
        let a = communicator.nodes[i]
        for (j, b) in communicator.nodes.enumerated() where j != i {
            if a.host == b.host {
                sink.acceptLocal(bytes: bytesPerPeer, flows: 1)
                continue
            }
            factory.tcp(
                plane: .frontend, source: a.host, destination: b.host, sourceJob: a.job, destinationJob: b.job,
                sourceRank: a.firstRank, destinationRank: b.firstRank, port: port, bytes: bytesPerPeer, into: &sink)
        }
    }
}
