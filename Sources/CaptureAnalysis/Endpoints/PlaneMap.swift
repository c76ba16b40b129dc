import Fabric
import InterlockCore
import Manifests

/// Which fabric plane each Kubernetes network rides.
///
/// The pod network is carried by the in-band front end (node InternalIPs are front-end addresses,
/// overlay tunnels run between them). A secondary network lies on the plane whose address-plan
/// prefix holds its subnet; failing that, RDMA, DPDK and SR-IOV networks are the compute fabric's
/// (the rail NICs' virtual functions); any other secondary network's plane is unknown.
public struct PlaneMap: Sendable {
    private let planes: [Network: Plane]

    /// The planes of the pod network and of every secondary network of `inventory`, by `fabric`'s
    /// address plan when there is one.
    public init(inventory: Inventory, fabric: FabricGraph?) {
        var planes: [Network: Plane] = [.pod: .frontend]
        for nad in inventory.networks {
            if let p = PlaneMap.plane(of: nad, fabric: fabric) { planes[.attachment(nad.id)] = p }
        }
        self.planes = planes
    }

    /// The plane `network` rides, when known.
    public func plane(of network: Network) -> Plane? { planes[network] }

    static let computeCNIs: Set<String> = ["sriov", "ib-sriov", "host-device", "rdma", "dpdk", "userspace"]

    static func plane(of nad: NetworkDefinition, fabric: FabricGraph?) -> Plane? {
        if let fabric {
            for subnet in nad.subnets {
                guard case .v4(let cidr) = subnet else { continue }
                for kind in FabricInterfaceKind.allCases where fabric.addresses.bases[kind].contains(cidr) {
                    return kind.plane
                }
            }
        }
        if nad.kind != .kernel || nad.cniTypes.contains(where: computeCNIs.contains) { return .compute }
        return nil
    }
}

extension FabricInterfaceKind {
    /// The plane an interface of this kind is on (BMCs are on the out-of-band network).
    var plane: Plane {
        switch self {
        case .compute: return .compute
        case .frontend: return .frontend
        case .storage: return .storage
        case .oob, .bmc: return .oob
        }
    }
}
