import InterlockCore

/// What an addressed interface is, as capture analysis reports it.
public enum FabricInterfaceKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A compute-fabric NIC (or a host port on the compute fabric).
    case compute
    /// A host's front-end (in-band) port.
    case frontend
    /// A host's storage-network port.
    case storage
    /// A host's out-of-band management port.
    case oob
    /// A baseboard management controller (on the out-of-band network).
    case bmc

    /// The kind's name, as the `addressing:` keys spell it.
    public var description: String { rawValue }

    /// The kind of `device`'s interface on `plane`.
    static func of(_ kind: DeviceKind, on plane: Plane) -> FabricInterfaceKind {
        if kind == .bmc { return .bmc }
        switch plane {
        case .compute: return .compute
        case .frontend: return .frontend
        case .storage: return .storage
        case .oob: return .oob
        }
    }
}

/// One addressed interface: a device's presence on a plane.
public struct Interface: Equatable, Sendable {
    /// The interface's address.
    public var address: IPv4Address
    /// The device that has the interface.
    public var device: DeviceID
    /// The plane the interface is on.
    public var plane: Plane
    /// What the interface is.
    public var kind: FabricInterfaceKind
    /// Whether the topology file gave the address (rather than the plan).
    public var isExplicit: Bool
}

/// Every interface's IPv4 address, searchable both ways.
///
/// Invariants: `interfaces` is sorted by (device, plane) and holds at most one interface per pair;
/// `byAddress` is a permutation of its indices sorted by address, and addresses are unique.
public struct AddressBook: Sendable {
    /// The base prefixes the plan was drawn from.
    public let bases: AddressBases
    /// Every interface, sorted by (device, plane).
    public let interfaces: [Interface]
    private let byAddress: [Int32]

    init(bases: AddressBases, interfaces: [Interface]) {
        self.bases = bases
        let sorted = interfaces.sorted { ($0.device, $0.plane) < ($1.device, $1.plane) }
        self.interfaces = sorted
        byAddress = sorted.indices.map(Int32.init).sorted { sorted[Int($0)].address < sorted[Int($1)].address }
    }

    /// The interface that owns `address`.
    public func interface(at address: IPv4Address) -> Interface? {
        var lo = 0
        var hi = byAddress.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let a = interfaces[Int(byAddress[mid])].address
            if a == address { return interfaces[Int(byAddress[mid])] }
            if a < address { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The address of `device` on `plane`.
    public func address(of device: DeviceID, on plane: Plane) -> IPv4Address? {
        var lo = 0
        var hi = interfaces.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let i = interfaces[mid]
            if (i.device, i.plane) == (device, plane) { return i.address }
            if (i.device, i.plane) < (device, plane) { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Every interface of `device`, by plane.
    public func interfaces(of device: DeviceID) -> ArraySlice<Interface> {
        var lo = 0
        var hi = interfaces.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if interfaces[mid].device < device { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < interfaces.count, interfaces[end].device == device { end += 1 }
        return interfaces[lo..<end]
    }

    /// Interfaces in address order.
    public var sortedByAddress: [Interface] { byAddress.map { interfaces[Int($0)] } }
}

/// Who owns an address: what capture analysis needs to attribute a packet to the fabric.
public struct FabricEndpoint: Equatable, Sendable {
    /// The device owning the address (a NIC, a host, a BMC).
    public var device: DeviceID
    /// The device's name (`dgx0001-nic3`, `dgx0001`, `dgx0001-bmc`).
    public var name: String
    /// The host the device belongs to (itself for a host).
    public var host: String
    /// The plane the address is on.
    public var plane: Plane
    /// What the interface is.
    public var kind: FabricInterfaceKind
    /// The rail of the device, when it has one.
    public var rail: Int?
    /// The scalable unit of the device, when it has one.
    public var scalableUnit: Int?
}

extension FabricGraph {
    /// The endpoint that owns `address`, or `nil` for an address outside the fabric.
    public func endpoint(at address: IPv4Address) -> FabricEndpoint? {
        guard let i = addresses.interface(at: address) else { return nil }
        let d = devices[Int(i.device)]
        let host = d.host.map { devices[Int($0)].name } ?? d.name
        return FabricEndpoint(
            device: i.device, name: d.name, host: host, plane: i.plane, kind: i.kind,
            rail: d.rail, scalableUnit: d.scalableUnit ?? d.host.flatMap { devices[Int($0)].scalableUnit })
    }
}
