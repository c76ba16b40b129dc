/// A network of the cluster. Every device and link belongs to exactly one plane.
public enum Plane: UInt8, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// The GPU fabric (east-west, RDMA): fat-tree or rail-optimized.
    case compute
    /// The in-band front-end network: Kubernetes pod traffic, SSH, registries.
    case frontend
    /// The storage network: NFS, Lustre, GPUDirect Storage.
    case storage
    /// Out-of-band management: node management ports and BMCs.
    case oob

    /// Parses a plane name (`compute`, `frontend`, `storage`, `oob`), ignoring case.
    public init?(name: some StringProtocol) {
        guard let p = Plane.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = p
    }

    /// The name used in files and on the command line.
    public var name: String {
        switch self {
        case .compute: return "compute"
        case .frontend: return "frontend"
        case .storage: return "storage"
        case .oob: return "oob"
        }
    }

    /// The plane's name.
    public var description: String { name }

    /// In declaration order: compute, front end, storage, out-of-band.
    public static func < (lhs: Plane, rhs: Plane) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a plane carries on the wire; it decides which enforcement points exist and how it routes.
public enum Transport: String, CaseIterable, Sendable {
    /// InfiniBand, RoCEv2 over Ethernet, or plain Ethernet.
    case infiniband, roce, ethernet

    /// The routing such a fabric uses unless told otherwise: D-mod-K for InfiniBand, ECMP otherwise.
    public var defaultRouting: RoutingMode { self == .infiniband ? .dmodk : .ecmp }
}

/// How a switch picks one of several equal-cost next hops for a flow.
public enum RoutingMode: String, CaseIterable, Sendable {
    /// Ethernet ECMP: a hash of the five-tuple (and optionally the RoCE destination QP), seeded per switch.
    case ecmp
    /// InfiniBand D-mod-K: the up-port is chosen from the destination's index alone, as an OpenSM
    /// fat-tree routing engine programs the linear forwarding tables.
    case dmodk
}

/// How one plane carries and routes traffic.
public struct PlaneSettings: Equatable, Sendable {
    /// What the plane carries.
    public var transport: Transport
    /// How its switches choose among equal-cost next hops.
    public var routing: RoutingMode
    /// ECMP hashes the RoCEv2 destination QP too (as Meta's RoCE fabrics do), so that the queue pairs
    /// of one connection spread over paths.
    public var hashesDestinationQP: Bool

    /// Settings for `transport`; routing defaults to the transport's usual mode (D-mod-K for InfiniBand, ECMP
    /// otherwise).
    public init(transport: Transport, routing: RoutingMode? = nil, hashesDestinationQP: Bool = false) {
        self.transport = transport
        self.routing = routing ?? transport.defaultRouting
        self.hashesDestinationQP = hashesDestinationQP
    }

    /// The settings a plane has when a file says nothing: InfiniBand for the compute plane of
    /// rail-optimized presets is set by the generator; otherwise Ethernet with ECMP.
    public static let ethernet = PlaneSettings(transport: .ethernet)
}
