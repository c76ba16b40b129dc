import Capture
import InterlockCore
import Manifests

/// One end of an observed connection as a suggested policy names it: a workload (by its pods'
/// labels) or an address outside the pod network's workloads (by an ipBlock).
public enum ObservedPeer: Hashable, Comparable, Sendable {
    /// The workload at this index of `Inventory.workloads`.
    case workload(Int)
    /// An address no pod of the pod network owns: a node, a host elsewhere, the internet.
    case address(IPAddress)
}

/// A connection a suggestion must allow: from one peer to another on a protocol and port.
public struct ObservedEdge: Hashable, Comparable, Sendable {
    /// The side that opened the connection.
    public var source: ObservedPeer
    /// The side that answered (a Service's backend, after DNAT).
    public var destination: ObservedPeer
    /// TCP, UDP or SCTP.
    public var proto: IPProtocol
    /// The destination port (a Service's target port, after DNAT).
    public var port: UInt16

    /// An edge from `source` to `destination` on `proto`/`port`.
    public init(source: ObservedPeer, destination: ObservedPeer, proto: IPProtocol, port: UInt16) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.port = port
    }

    /// By source, destination, protocol, then port.
    public static func < (a: Self, b: Self) -> Bool {
        (a.source, a.destination, a.proto, a.port) < (b.source, b.destination, b.proto, b.port)
    }
}

/// The connections of captures (or flow logs) mapped onto the cluster's pod network: the edges
/// between workloads and addresses a NetworkPolicy can allow, and the connections it cannot speak of.
///
/// Addresses are read as `capture analyze` reads them on the pod network: a pod's IP is its workload
/// (RoCEv2 flows oriented from the requester), a node's address or an address nobody owns is an
/// address peer, and a Service's cluster IP is its backends on the target port (DNAT before policy).
public struct ObservedTraffic: Sendable {
    /// Why a connection gave no edge.
    public enum Skip: String, CaseIterable, Sendable, Comparable {
        /// Neither end is a pod on the pod network (nodes, fabric hosts, the internet).
        case noPod = "no-pod"
        /// An end is a pod's address on a secondary network: MultiNetworkPolicy, not suggested.
        case secondaryNetwork = "secondary-network"
        /// ICMP, GRE...: NetworkPolicy ports name TCP, UDP and SCTP only.
        case noPorts = "no-ports"
        /// To a Service's cluster IP without a backend for the port.
        case serviceWithoutBackends = "service-without-backends"

        /// What the summary says of the connections skipped for this reason.
        public var explanation: String {
            switch self {
            case .noPod: return "neither end is a pod on the pod network"
            case .secondaryNetwork: return "on a secondary network (MultiNetworkPolicy: not suggested)"
            case .noPorts: return "a protocol without ports (NetworkPolicy ports name TCP, UDP and SCTP only)"
            case .serviceWithoutBackends: return "to a Service without a backend for the port"
            }
        }

        /// In declaration order.
        public static func < (a: Self, b: Self) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Every edge seen, sorted.
    public var edges: [ObservedEdge]
    /// Connections read (a RoCEv2 queue pair's two streams count once).
    public var connections = 0
    /// Of those, the connections that gave at least one edge.
    public var covered = 0
    /// Connections that gave no edge, by reason.
    public var skipped: [Skip: Int] = [:]

    /// The edges of `flows` on `inventory`'s pod network.
    public init(flows: CaptureFlows, inventory: Inventory) {
        self.init(connections: flows.connections, inventory: inventory)
    }

    /// The edges of connection records (a capture's, or a flow log's read into the same records; ids
    /// are positions in `connections`, as RoCEv2 pairing refers to them) on `inventory`'s pod network.
    public init(connections records: [Connection], inventory: Inventory) {
        var resolver = Resolver(inventory: inventory)
        var edges = Set<ObservedEdge>()
        edges.reserveCapacity(1024)
        self.edges = []
        for flow in JudgedFlow.flows(records) {
            connections += 1
            switch resolver.edges(flow) {
            case .success(let found):
                edges.formUnion(found)
                covered += 1
            case .failure(let reason):
                skipped[reason, default: 0] += 1
            }
        }
        self.edges = edges.sorted()
    }
}

extension ObservedTraffic.Skip: Error {}

/// Reads the ends of flows on the pod network; Service translations are cached.
private struct Resolver {
    let inventory: Inventory
    private var services: [IPAddress: Int] = [:]
    private var translations: [TranslationKey: ServiceTranslation] = [:]

    private struct TranslationKey: Hashable {
        var service: Int
        var proto: IPProtocol
        var port: UInt16
    }

    private enum End {
        case pod(Int)
        case address(IPAddress)
        case service(Int)
        case secondary
    }

    init(inventory: Inventory) {
        self.inventory = inventory
        for (i, s) in inventory.services.enumerated() {
            for ip in s.clusterIPs where services[ip] == nil { services[ip] = i }
        }
    }

    private func end(_ ip: IPAddress) -> End {
        switch inventory.owner(of: ip, on: .pod) {
        case .pod(let i)?: return .pod(i)
        case .node?: return .address(ip)
        case nil: break
        }
        if let s = services[ip] { return .service(s) }
        if inventory.networks.contains(where: { inventory.owner(of: ip, on: .attachment($0.id)) != nil }) {
            return .secondary
        }
        return .address(ip)
    }

    /// The edges one flow gives, or why it gives none.
    mutating func edges(_ flow: JudgedFlow) -> Result<[ObservedEdge], ObservedTraffic.Skip> {
        let from = end(flow.initiator)
        let to = end(flow.responder)
        if case .secondary = from { return .failure(.secondaryNetwork) }
        if case .secondary = to { return .failure(.secondaryNetwork) }
        let source: ObservedPeer
        switch from {
        case .pod(let i): source = .workload(inventory.pods[i].workload)
        case .address(let ip): source = .address(ip)
        case .service, .secondary: return .failure(.noPod)
        }
        switch to {
        case .pod(let i):
            guard let port = flow.port else { return .failure(.noPorts) }
            let edge = ObservedEdge(
                source: source, destination: .workload(inventory.pods[i].workload), proto: flow.proto, port: port)
            return .success([edge])
        case .address(let ip):
            guard case .workload = source else { return .failure(.noPod) }
            guard let port = flow.port else { return .failure(.noPorts) }
            return .success([ObservedEdge(source: source, destination: .address(ip), proto: flow.proto, port: port)])
        case .service(let s):
            guard let port = flow.port else { return .failure(.noPorts) }
            let key = TranslationKey(service: s, proto: flow.proto, port: port)
            let translation =
                translations[key] ?? ServiceTranslation(service: s, proto: flow.proto, port: port, inventory: inventory)
            translations[key] = translation
            guard !translation.backends.isEmpty else { return .failure(.serviceWithoutBackends) }
            return .success(
                translation.backends.map {
                    ObservedEdge(
                        source: source, destination: .workload(inventory.pods[$0.pod].workload), proto: flow.proto,
                        port: $0.port)
                })
        case .secondary:
            return .failure(.secondaryNetwork)
        }
    }
}
