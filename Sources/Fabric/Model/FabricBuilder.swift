import InterlockCore

/// Why a device or link cannot be added, or the fabric cannot be completed; the topology reader
/// turns it into an `InputError` at the position of the entry responsible.
public struct FabricError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in one line.
    public var message: String
    /// An error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Assembles a `FabricGraph`: generators and the topology reader add devices and links, then `build()`
/// addresses every interface and freezes the graph.
///
/// Invariants: `nameIndex` maps every name in `devices` to its index; every link in `links` was
/// checked by `connect` (two distinct devices, one of them a switch, no GPU, ends in the link's plane).
public struct FabricBuilder: Sendable {
    /// The topology's name.
    public var name: String
    /// The devices added so far, indexed by `DeviceID`.
    public private(set) var devices: [Device] = []
    /// The links added so far, indexed by `LinkID`.
    public private(set) var links: [Link] = []
    /// Every device name and its id.
    public private(set) var nameIndex: [String: DeviceID] = [:]
    /// Per-plane transport and routing, indexed by `Plane.rawValue`.
    public var settings = [PlaneSettings](repeating: .ethernet, count: Plane.allCases.count)
    /// The prefixes the address plan draws from.
    public var bases = AddressBases()
    /// Addresses given by the topology file, replacing the plan's.
    public var explicitAddresses: [DeviceID: [Plane: IPv4Address]] = [:]
    /// The generator the devices came from, when they came from one.
    public var origin: GeneratorDescription?

    /// An empty builder for a topology called `name`.
    public init(name: String) { self.name = name }

    /// Reserves room for a generator's output.
    public mutating func reserve(devices d: Int, links l: Int) {
        devices.reserveCapacity(devices.count + d)
        links.reserveCapacity(links.count + l)
        nameIndex.reserveCapacity(nameIndex.count + d)
    }

    /// Adds a device; throws when the name is taken.
    @discardableResult
    public mutating func add(_ device: Device) throws(FabricError) -> DeviceID {
        let id = DeviceID(devices.count)
        guard nameIndex.updateValue(id, forKey: device.name) == nil else {
            throw FabricError("duplicate name '\(device.name)'")
        }
        devices.append(device)
        return id
    }

    /// Replaces the attributes of an existing device (an explicit entry overriding a generated one).
    public mutating func update(_ id: DeviceID, _ body: (inout Device) -> Void) {
        body(&devices[Int(id)])
    }

    /// Sets how a plane carries and routes traffic.
    public mutating func set(_ plane: Plane, _ value: PlaneSettings) { settings[Int(plane.rawValue)] = value }

    /// The id of the device called `name`, if it was added.
    public func device(named name: String) -> DeviceID? { nameIndex[name] }

    /// Adds `cables` parallel links of `gbps` each between `a` and `b`, ordered lower level first.
    ///
    /// - Throws: `FabricError` when the ends are the same device, neither is a switch, one is a GPU, the
    ///   capacity or cable count is out of range, or the ends do not belong on one plane.
    public mutating func connect(_ a: DeviceID, _ b: DeviceID, gbps: Double, cables: Int = 1) throws(FabricError) {
        let da = devices[Int(a)]
        let db = devices[Int(b)]
        guard a != b else { throw FabricError("link joins '\(da.name)' to itself") }
        guard da.kind != .gpu, db.kind != .gpu else {
            throw FabricError(
                "GPU '\(da.kind == .gpu ? da.name : db.name)' cannot be cabled: a GPU reaches the fabric through its NIC"
            )
        }
        guard da.kind == .switch || db.kind == .switch else {
            throw FabricError(
                "link joins two endpoints ('\(da.name)' and '\(db.name)'): every link needs a switch at one end")
        }
        guard gbps.isFinite, gbps > 0 else { throw FabricError("link capacity must be a positive number of Gb/s") }
        guard (1...4096).contains(cables) else { throw FabricError("cables must be between 1 and 4096") }
        let plane: Plane
        if da.kind == .switch && db.kind == .switch {
            guard da.plane == db.plane else {
                throw FabricError(
                    "link joins switches of different planes: '\(da.name)' (\(da.plane)) and '\(db.name)' (\(db.plane))"
                )
            }
            plane = da.plane
        } else {
            let (endpoint, sw) = da.kind == .switch ? (db, da) : (da, db)
            plane = sw.plane
            if endpoint.kind == .nic && plane != .compute {
                throw FabricError(
                    "NIC '\(endpoint.name)' is a compute-fabric adapter, but '\(sw.name)' is on the \(plane) plane (cable the host instead)"
                )
            }
            if endpoint.kind == .bmc && plane != .oob {
                throw FabricError(
                    "BMC '\(endpoint.name)' belongs on the oob plane, but '\(sw.name)' is on the \(plane) plane")
            }
        }
        let (lower, upper) = da.level <= db.level ? (a, b) : (b, a)
        let tier = LinkTier(lower: devices[Int(lower)].role, upper: devices[Int(upper)].role)
        for _ in 0..<cables {
            links.append(Link(lower: lower, upper: upper, gbps: gbps, plane: plane, tier: tier))
        }
    }

    /// Checks cross-references and addresses every interface.
    ///
    /// - Throws: `AddressPlan.Failure` when two interfaces share an address, a prefix is too small for the
    ///   hosts that need it, or two base prefixes overlap.
    public func build() throws(AddressPlan.Failure) -> FabricGraph {
        let book = try AddressPlan.assign(devices: devices, links: links, bases: bases, explicit: explicitAddresses)
        return FabricGraph(
            name: name, devices: devices, links: links, settings: settings, nameIndex: nameIndex,
            addresses: book, origin: origin)
    }
}
