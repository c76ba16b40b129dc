import Fabric
import InterlockCore

/// Builds the flow source of a collective on one communicator, checking what the pattern needs.
enum TrafficPattern {
    /// The channel count: the one asked for, which must be a multiple of the rails the
    /// communicator's nodes use, or 8 rounded up to such a multiple.
    static func channels(_ options: CollectiveOptions, _ communicator: Communicator) throws(InputError) -> Int {
        let rails = communicator.rails
        guard let c = options.channels else { return (8 + rails - 1) / rails * rails }
        guard c >= 1, c <= 1024 else { throw InputError("--channels must be between 1 and 1024 (got \(c))") }
        guard c % rails == 0 else {
            throw InputError(
                "--channels \(c) is not a multiple of the \(rails) rails \(communicator.name) uses per node (channel c leaves through NIC c mod \(rails))"
            )
        }
        return c
    }

    static func make(
        _ options: CollectiveOptions, communicator: Communicator, fabric: FabricGraph,
        addresses: AddressTables
    ) throws(InputError) -> any FlowSource {
        let n = Double(communicator.rankCount)
        let p = communicator.nodes.count
        let s = options.size
        // Different patterns (and seeds) draw different QP numbers and ports.
        let salt = HashMix.splitMix64(
            options.seed &* 0x100 &+ UInt64(Collective.allCases.firstIndex(of: options.collective)!))
        let factory = FlowFactory(addresses: addresses, qps: options.qpsPerConnection, salt: salt)
        switch options.collective {
        case .allReduce, .reduceScatter, .allGather:
            let c = try channels(options, communicator)
            let factor = options.collective.busFactor(ranks: communicator.rankCount)
            return RingFlows(
                communicator: communicator, factory: factory, channels: c, bytesPerChannel: factor * s / Double(c))
        case .treeAllReduce:
            let c = try channels(options, communicator)
            return TreeFlows(
                communicator: communicator, factory: factory, channels: c,
                trees: DoubleBinaryTree(count: p), bytesPerEdge: s / Double(2 * c))
        case .allToAll:
            return AllToAllFlows(communicator: communicator, factory: factory, pxn: options.pxn, bytesPerPair: s / n)
        case .permutation:
            return PermutationFlows(communicator: communicator, factory: factory, seed: options.seed, bytes: s)
        case .incast:
            let k = options.senders ?? (p - 1)
            guard k >= 1, k <= p - 1 else {
                throw InputError(
                    "--senders must be between 1 and \(max(p - 1, 1)) (the other nodes of \(communicator.name)); got \(k)"
                )
            }
            return IncastFlows(communicator: communicator, factory: factory, senders: k, bytes: s)
        case .storageRead:
            let servers = fabric.devices.indices.filter {
                fabric.devices[$0].kind == .host && fabric.devices[$0].plane == .storage
                    && addresses.address(DeviceID($0), on: .storage) != 0
            }.map { DeviceID($0) }
            guard !servers.isEmpty else {
                throw InputError("the fabric has no storage servers (hosts on the storage plane)")
            }
            try requirePorts(communicator, on: .storage, fabric: fabric, addresses: addresses)
            return StorageReadFlows(
                communicator: communicator, factory: factory, servers: servers,
                bytesPerServer: s / Double(servers.count))
        case .background:
            try requirePorts(communicator, on: .frontend, fabric: fabric, addresses: addresses)
            return BackgroundFlows(
                communicator: communicator, factory: factory, port: options.port,
                bytesPerPeer: p > 1 ? s / Double(p - 1) : 0)
        case .broadcast, .reduce:
            let c = try channels(options, communicator)
            return RingFlows(
                communicator: communicator, factory: factory, channels: c, bytesPerChannel: s / Double(c),
                open: options.collective == .broadcast ? p - 1 : 0)
        case .gather, .scatter:
            return RootedFlows(
                communicator: communicator, factory: factory, bytesPerRank: s / n,
                fromRoot: options.collective == .scatter, fabric: fabric)
        case .barrier:
            return NoFlows()
        case .sendReceive:
            return SendReceiveFlows(communicator: communicator, factory: factory, bytes: s)
        }
    }

    /// Fails unless every node of the communicator has a port (an address) on `plane`.
    static func requirePorts(
        _ communicator: Communicator, on plane: Plane, fabric: FabricGraph,
        addresses: AddressTables
    ) throws(InputError) {
        for node in communicator.nodes where addresses.address(node.host, on: plane) == 0 {
            throw InputError("node \(fabric.devices[Int(node.host)].name) has no port on the \(plane) plane")
        }
    }
}
