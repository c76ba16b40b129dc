/// The index of a device in `FabricGraph.devices`.
public typealias DeviceID = Int32

/// What a device is.
public enum DeviceKind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// A server: a compute node (`dgx0001`, `host0001`) or any other machine on the networks.
    case host
    /// A GPU of a host; it reaches the compute fabric through its NIC (not a network link).
    case gpu
    /// A compute-fabric network adapter of a host (`dgx0001-nic3`, on rail 3).
    case nic
    /// A host's baseboard management controller, on the out-of-band network.
    case bmc
    /// A network switch, with a `SwitchRole`.
    case `switch`

    /// Parses a kind name (`host`, `gpu`, `nic`, `bmc`, `switch`), ignoring case.
    public init?(name: some StringProtocol) {
        guard let k = DeviceKind.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = k
    }

    /// The kind's name, as topology files write it.
    public var description: String {
        switch self {
        case .host: return "host"
        case .gpu: return "gpu"
        case .nic: return "nic"
        case .bmc: return "bmc"
        case .switch: return "switch"
        }
    }

    /// Whether traffic starts and ends here (a NIC, a host port, a BMC); GPUs and switches are not.
    public var isEndpoint: Bool { self == .host || self == .nic || self == .bmc }
}

/// The place of a switch in its fabric.
public enum SwitchRole: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// Fat-tree edge and aggregation switches, leaves and spines, cores above either; `management` and
    /// `storage` are first-level switches of the out-of-band and storage networks (`management` is what the
    /// out-of-band generator uses for its leaves); `supercore` joins the cores of the pods of a multi-pod
    /// rail fabric whose pods have three tiers of their own.
    case edge, aggregation, leaf, spine, core, management, storage, supercore

    /// Parses a role name, ignoring case.
    public init?(name: some StringProtocol) {
        guard let r = SwitchRole.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = r
    }

    /// The role's name, as topology files write it.
    public var description: String {
        switch self {
        case .edge: return "edge"
        case .aggregation: return "aggregation"
        case .leaf: return "leaf"
        case .spine: return "spine"
        case .core: return "core"
        case .management: return "management"
        case .storage: return "storage"
        case .supercore: return "supercore"
        }
    }

    /// The tier of up-down routing: 1 for switches that endpoints attach to (edge, leaf, management,
    /// storage), 2 for aggregation and spine, 3 for core, 4 for supercore. Endpoints are tier 0.
    public var level: Int {
        switch self {
        case .edge, .leaf, .management, .storage: return 1
        case .aggregation, .spine: return 2
        case .core: return 3
        case .supercore: return 4
        }
    }
}

/// One element of the graph: a host, GPU, NIC, BMC or switch, with its tags.
///
/// Invariants (checked by `FabricBuilder`): `role` is set exactly for switches; `host` is set for
/// GPUs, NICs and BMCs and names a `.host`; `nic` is set only for GPUs and names a `.nic` of the same
/// host. Optional tags are stored as small integers with `-1` for "none" to keep the array compact.
public struct Device: Equatable, Sendable {
    /// The device's unique name.
    public var name: String
    /// What the device is.
    public var kind: DeviceKind
    /// The plane the device belongs to: hosts, GPUs and NICs are `compute`, BMCs `oob`, switches
    /// their network's plane.
    public var plane: Plane
    private var roleRaw: UInt8
    private var railRaw: Int16
    private var suRaw: Int16
    private var podRaw: Int16
    private var hostRaw: DeviceID
    private var nicRaw: DeviceID

    /// A device with its tags; tags that do not apply stay `nil`.
    public init(
        name: String, kind: DeviceKind, plane: Plane, role: SwitchRole? = nil, rail: Int? = nil,
        scalableUnit: Int? = nil, pod: Int? = nil, host: DeviceID? = nil, nic: DeviceID? = nil
    ) {
        self.name = name
        self.kind = kind
        self.plane = plane
        roleRaw = role?.rawValue ?? .max
        railRaw = Int16(rail ?? -1)
        suRaw = Int16(scalableUnit ?? -1)
        podRaw = Int16(pod ?? -1)
        hostRaw = host ?? -1
        nicRaw = nic ?? -1
    }

    /// The switch's role; `nil` for other devices.
    public var role: SwitchRole? {
        get { SwitchRole(rawValue: roleRaw) }
        set { roleRaw = newValue?.rawValue ?? .max }
    }
    /// The rail (from 0) of a NIC, GPU or rail switch.
    public var rail: Int? {
        get { railRaw < 0 ? nil : Int(railRaw) }
        set { railRaw = Int16(newValue ?? -1) }
    }
    /// The scalable unit (from 1).
    public var scalableUnit: Int? {
        get { suRaw < 0 ? nil : Int(suRaw) }
        set { suRaw = Int16(newValue ?? -1) }
    }
    /// The pod (fat-tree pod, spine group of a three-tier rail fabric, or pod of a multi-pod rail fabric), from 0.
    public var pod: Int? {
        get { podRaw < 0 ? nil : Int(podRaw) }
        set { podRaw = Int16(newValue ?? -1) }
    }
    /// The host a GPU, NIC or BMC belongs to.
    public var host: DeviceID? {
        get { hostRaw < 0 ? nil : hostRaw }
        set { hostRaw = newValue ?? -1 }
    }
    /// The NIC a GPU reaches the fabric through.
    public var nic: DeviceID? {
        get { nicRaw < 0 ? nil : nicRaw }
        set { nicRaw = newValue ?? -1 }
    }

    /// The routing tier: 0 for endpoints and GPUs, the role's level for switches.
    @inlinable public var level: Int { role?.level ?? 0 }
}
