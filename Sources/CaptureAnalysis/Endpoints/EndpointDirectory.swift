import Fabric
import InterlockCore
import Manifests

/// Every address of the cluster, keyed by (network, IP): pod IPs on the pod network and on each
/// secondary network, Kubernetes node addresses, Service cluster IPs, and the fabric's address plan
/// (NICs, host ports per plane, BMCs). Readings are computed once per address and cached: the
/// analysis asks per connection, never per packet.
///
/// Not Sendable (the cache); one directory serves one analysis.
public final class EndpointDirectory {
    /// The cluster's pods, nodes, Services and secondary networks.
    public let inventory: Inventory
    /// The fabric whose address plan is read, when a topology was given.
    public let fabric: FabricGraph?
    /// The plane each Kubernetes network rides.
    public let planes: PlaneMap
    private let services: [IPAddress: Int]
    /// Secondary networks, sorted, and their subnets (for addresses nobody owns).
    private let attachments: [Network]
    private let subnets: [(cidr: CIDR, network: Network)]
    private var cache: [IPAddress: [AddressReading]] = [:]
    private var resolved: [ResolutionKey: ResolvedAddress] = [:]

    private struct ResolutionKey: Hashable {
        var ip: IPAddress
        var plane: Plane?
        var network: Network?
    }
    private var nodeHosts: [Int: FabricEndpoint?] = [:]

    /// A directory of `inventory`'s addresses and `fabric`'s plan; readings are computed on first use.
    public init(inventory: Inventory, fabric: FabricGraph?) {
        self.inventory = inventory
        self.fabric = fabric
        planes = PlaneMap(inventory: inventory, fabric: fabric)
        var services: [IPAddress: Int] = [:]
        for (i, s) in inventory.services.enumerated() {
            for ip in s.clusterIPs where services[ip] == nil { services[ip] = i }
        }
        self.services = services
        attachments = inventory.networks.map { Network.attachment($0.id) }
        subnets = inventory.networks.flatMap { nad in nad.subnets.map { ($0, Network.attachment(nad.id)) } }
    }

    /// Every reading of `ip`, inventory first: pod (pod network), Service, node, pods of secondary
    /// networks (sorted by network), then the fabric interface.
    public func readings(of ip: IPAddress) -> [AddressReading] {
        if let known = cache[ip] { return known }
        var out: [AddressReading] = []
        switch inventory.owner(of: ip, on: .pod) {
        case .pod(let i)?:
            out.append(AddressReading(owner: .pod(i), network: .pod, plane: planes.plane(of: .pod)))
        case .node(let i)?:
            out.append(
                AddressReading(owner: .node(i), network: .pod, plane: planes.plane(of: .pod), fabric: host(ofNode: i)))
        case nil:
            break
        }
        if let s = services[ip] {
            out.append(AddressReading(owner: .service(s), network: .pod, plane: planes.plane(of: .pod)))
        }
        for network in attachments {
            if case .pod(let i)? = inventory.owner(of: ip, on: network) {
                out.append(AddressReading(owner: .pod(i), network: network, plane: planes.plane(of: network)))
            }
        }
        if case .v4(let a) = ip, let e = fabric?.endpoint(at: a) {
            out.append(AddressReading(owner: .fabric, network: nil, plane: e.kind.plane, fabric: e))
        }
        cache[ip] = out
        return out
    }

    /// The reading that fits traffic seen on `network` or `plane`: the reading on that network,
    /// else on that plane, else the first (inventory before fabric).
    public func choose(_ readings: [AddressReading], plane: Plane?, network: Network?) -> AddressReading? {
        if let network, let r = readings.first(where: { $0.network == network }) { return r }
        if let plane, let r = readings.first(where: { $0.plane == plane }) { return r }
        return readings.first
    }

    /// `ip` as one side of traffic seen on `plane` (and `network`); cached.
    public func resolve(_ ip: IPAddress, plane: Plane?, network: Network?) -> ResolvedAddress {
        let key = ResolutionKey(ip: ip, plane: plane, network: network)
        if let known = resolved[key] { return known }
        let r = resolveUncached(ip, plane: plane, network: network)
        resolved[key] = r
        return r
    }

    private func resolveUncached(_ ip: IPAddress, plane: Plane?, network: Network?) -> ResolvedAddress {
        guard let reading = choose(readings(of: ip), plane: plane, network: network) else {
            let status = unowned(ip)
            let name = if case .unknown = status { "unknown host" } else { ip.description }
            return ResolvedAddress(address: ip, reading: nil, status: status, name: name)
        }
        return ResolvedAddress(address: ip, reading: reading, status: .owned, name: name(of: reading))
    }

    /// How findings name a reading.
    public func name(of reading: AddressReading) -> String {
        switch reading.owner {
        case .pod(let i):
            return inventory.describe(.pod(i))
        case .node(let i):
            return "node/\(inventory.nodes[i].name)"
        case .service(let s):
            return "service \(inventory.services[s].id)"
        case .fabric:
            guard let e = reading.fabric else { return "fabric" }
            switch e.kind {
            case .compute, .bmc: return e.name
            default: return "\(e.name)[\(e.kind)]"
            }
        }
    }

    /// Whether an address nobody owns is merely external, or unknown where only the cluster's own
    /// hosts should be: a secondary network's subnet, a prefix of the fabric's address plan, or a
    /// private range.
    func unowned(_ ip: IPAddress) -> ResolvedAddress.Status {
        if let s = subnets.first(where: { $0.cidr.contains(ip) }) {
            return .unknown(scope: "inside \(s.network)'s subnet \(s.cidr)", inPlan: true)
        }
        if case .v4(let a) = ip, let bases = fabric?.addresses.bases {
            for kind in FabricInterfaceKind.allCases where bases[kind].contains(a) {
                let what = kind == .bmc ? "BMC prefix" : "prefix"
                return .unknown(scope: "inside the \(kind.plane) plane's \(what) \(bases[kind])", inPlan: true)
            }
        }
        if case .privateRange(let range) = AddressScope.of(ip) {
            return .unknown(scope: "a private address (\(range))", inPlan: false)
        }
        return .external
    }

    /// Whether the interface is a storage server's (a host of the storage plane, `storage01`…).
    public func isStorageServer(_ e: FabricEndpoint) -> Bool {
        guard let fabric else { return false }
        let d = fabric.devices[Int(e.device)]
        return d.kind == .host && d.plane == .storage
    }

    /// The fabric host a Kubernetes node is (same name), by its front-end interface.
    private func host(ofNode i: Int) -> FabricEndpoint? {
        if let known = nodeHosts[i] { return known }
        var found: FabricEndpoint? = nil
        if let fabric, let id = fabric.device(named: inventory.nodes[i].name) {
            let plane = planes.plane(of: .pod) ?? .frontend
            found = fabric.addresses.address(of: id, on: plane).flatMap { fabric.endpoint(at: $0) }
        }
        nodeHosts[i] = found
        return found
    }
}
