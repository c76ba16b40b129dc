import InterlockCore

/// A cluster's networks as one typed graph: devices and links in flat arrays indexed by `DeviceID`
/// and `LinkID`, the settings of each plane, and the address of every interface.
///
/// A `FabricGraph` is immutable once built (by `FabricBuilder`, which the generators and the topology
/// reader drive). Invariants, established by the builder:
/// - names are unique, and `device(named:)` finds every device;
/// - every link joins two existing devices, at least one of them a switch, in the link's plane;
/// - `incidentLinks(of:)` lists each link once at each end, in increasing `LinkID` order;
/// - `members(of:)` lists the GPUs, NICs and BMC of a host in device order.
public struct FabricGraph: Sendable {
    /// The topology's name (from its file).
    public let name: String
    /// Every device, indexed by `DeviceID`.
    public let devices: [Device]
    /// Every link, indexed by `LinkID`.
    public let links: [Link]
    /// How the fabric was generated, when it was.
    public let origin: GeneratorDescription?
    /// The address of every interface, and the base prefixes of the plan.
    public let addresses: AddressBook
    private let settings: [PlaneSettings]
    private let nameIndex: [String: DeviceID]
    /// CSR adjacency: the links of device `d` are `incidence[incidenceStart[d]..<incidenceStart[d+1]]`.
    private let incidenceStart: [Int32]
    private let incidence: [LinkID]
    /// CSR membership: the GPUs, NICs and BMC of host `h` are `memberList[memberStart[h]..<memberStart[h+1]]`.
    private let memberStart: [Int32]
    private let memberList: [DeviceID]

    init(
        name: String, devices: [Device], links: [Link], settings: [PlaneSettings],
        nameIndex: [String: DeviceID], addresses: AddressBook, origin: GeneratorDescription?
    ) {
        self.name = name
        self.devices = devices
        self.links = links
        self.settings = settings
        self.nameIndex = nameIndex
        self.addresses = addresses
        self.origin = origin
        (incidenceStart, incidence) = FabricGraph.csr(
            count: devices.count,
            pairs: links.indices.lazy.flatMap {
                [(Int(links[$0].lower), LinkID($0)), (Int(links[$0].upper), LinkID($0))]
            })
        (memberStart, memberList) = FabricGraph.csr(
            count: devices.count,
            pairs: devices.indices.lazy.compactMap { i in
                devices[i].host.map { (Int($0), DeviceID(i)) }
            })
    }

    /// Compressed sparse rows from (row, value) pairs, values kept in the order given per row.
    private static func csr<S: Sequence>(count: Int, pairs: S) -> ([Int32], [Int32]) where S.Element == (Int, Int32) {
        var start = [Int32](repeating: 0, count: count + 1)
        var collected: [(Int, Int32)] = []
        for (row, value) in pairs {
            start[row + 1] += 1
            collected.append((row, value))
        }
        for i in 0..<count { start[i + 1] += start[i] }
        var fill = Array(start.dropLast())
        var values = [Int32](repeating: 0, count: collected.count)
        for (row, value) in collected {
            values[Int(fill[row])] = value
            fill[row] += 1
        }
        return (start, values)
    }

    /// The device with this name.
    public func device(named name: String) -> DeviceID? { nameIndex[name] }

    /// How `plane` carries and routes traffic.
    public func settings(of plane: Plane) -> PlaneSettings { settings[Int(plane.rawValue)] }

    /// The links at `device`, in increasing id order.
    public func incidentLinks(of device: DeviceID) -> ArraySlice<LinkID> {
        incidence[Int(incidenceStart[Int(device)])..<Int(incidenceStart[Int(device) + 1])]
    }

    /// The GPUs, NICs and BMC of a host, in device order.
    public func members(of host: DeviceID) -> ArraySlice<DeviceID> {
        memberList[Int(memberStart[Int(host)])..<Int(memberStart[Int(host) + 1])]
    }

    /// The NICs of a host, by rail (device order).
    public func nics(of host: DeviceID) -> [DeviceID] { members(of: host).filter { devices[Int($0)].kind == .nic } }

    /// The GPUs of a host, in device order.
    public func gpus(of host: DeviceID) -> [DeviceID] { members(of: host).filter { devices[Int($0)].kind == .gpu } }

    /// The BMC of a host.
    public func bmc(of host: DeviceID) -> DeviceID? { members(of: host).first { devices[Int($0)].kind == .bmc } }

    /// The links between two devices (parallel cables), in id order.
    public func links(between a: DeviceID, _ b: DeviceID) -> [LinkID] {
        incidentLinks(of: a).filter { links[Int($0)].other(a) == b }
    }

    /// The rail a link serves: its lower end's rail, else its upper end's (`nil` for links between
    /// switches that belong to no rail, such as spine–core on rail-optimized fabrics).
    public func rail(ofLink id: LinkID) -> Int? {
        let l = links[Int(id)]
        return devices[Int(l.lower)].rail ?? devices[Int(l.upper)].rail
    }

    /// The compute nodes: hosts with a GPU or a compute NIC, in device order.
    public var computeHosts: [DeviceID] {
        devices.indices.compactMap { i in
            guard devices[i].kind == .host else { return nil }
            return members(of: DeviceID(i)).contains { devices[Int($0)].kind != .bmc } ? DeviceID(i) : nil
        }
    }

    /// The hosts a Slurm hostlist names (`dgx[0001-0032]`), in the hostlist's order; throws naming the
    /// first name that is not a host of the fabric.
    public func hosts(hostlist: String) throws(InputError) -> [DeviceID] {
        let names: [String]
        do { names = try Hostlist.expand(hostlist) } catch { throw InputError(error.description) }
        var out: [DeviceID] = []
        out.reserveCapacity(names.count)
        for name in names {
            guard let id = nameIndex[name], devices[Int(id)].kind == .host else {
                throw InputError("unknown host '\(name)' in hostlist '\(hostlist)'")
            }
            out.append(id)
        }
        return out
    }
}
