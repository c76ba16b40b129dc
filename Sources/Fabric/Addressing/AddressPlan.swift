import InterlockCore

/// The deterministic IPv4 plan: which address each interface gets when the file gives none.
///
/// Rule (written in `topologies/README.md`): hosts are numbered from 0 in device order (their
/// ordinal). A host's port on the front-end, storage or OOB plane gets address `ordinal + 1` of that
/// plane's prefix; its BMC gets `ordinal + 1` of the BMC prefix. On the compute plane, when the fabric
/// has rails, the compute prefix is split into 2^⌈log2 rails⌉ equal per-rail subnets and a NIC on rail
/// r gets address `ordinal + 1` of subnet r; without rails the whole prefix is one subnet. Address 0 of
/// every subnet (the network) and the last one (broadcast) are never used.
public enum AddressPlan {
    /// Why the plan could not be completed.
    public enum Failure: Error, CustomStringConvertible {
        /// Two interfaces share an address.
        case duplicate(Interface, Interface)
        /// A prefix is too small for the hosts that need it.
        case exhausted(FabricInterfaceKind, String)
        /// Two base prefixes overlap.
        case overlap(FabricInterfaceKind, FabricInterfaceKind)

        /// The failure in one line, naming the addresses, devices or prefixes involved.
        public var description: String {
            switch self {
            case .duplicate(let a, let b): return "duplicate address \(a.address) (devices \(a.device) and \(b.device))"
            case .exhausted(_, let message): return message
            case .overlap(let a, let b): return "overlapping subnets: addressing \(a) and \(b)"
            }
        }
    }

    /// Addresses every (endpoint, plane) that has a link on the plane, plus every explicit address.
    static func assign(
        devices: [Device], links: [Link], bases: AddressBases,
        explicit: [DeviceID: [Plane: IPv4Address]]
    ) throws(Failure) -> AddressBook {
        if let (a, b) = bases.firstOverlap() { throw .overlap(a, b) }
        var ordinal = [Int32](repeating: -1, count: devices.count)
        var hosts: Int32 = 0
        var maxRail = -1
        for (i, d) in devices.enumerated() {
            if d.kind == .host {
                ordinal[i] = hosts
                hosts += 1
            }
            if d.kind == .nic, let r = d.rail { maxRail = max(maxRail, r) }
        }
        // (device, plane) pairs that need an address, without duplicates.
        var needed = Set<Int64>()
        var pairs: [(DeviceID, Plane)] = []
        func need(_ d: DeviceID, _ p: Plane) {
            if needed.insert(Int64(d) << 8 | Int64(p.rawValue)).inserted { pairs.append((d, p)) }
        }
        for l in links {
            for end in [l.lower, l.upper] where devices[Int(end)].kind.isEndpoint { need(end, l.plane) }
        }
        for (d, planes) in explicit { for p in planes.keys { need(d, p) } }

        let railBits = maxRail < 1 ? 0 : Int((UInt32(maxRail)).bitWidth - UInt32(maxRail).leadingZeroBitCount)
        var interfaces: [Interface] = []
        interfaces.reserveCapacity(pairs.count)
        for (d, p) in pairs {
            let device = devices[Int(d)]
            let kind = FabricInterfaceKind.of(device.kind, on: p)
            if let a = explicit[d]?[p] {
                interfaces.append(Interface(address: a, device: d, plane: p, kind: kind, isExplicit: true))
                continue
            }
            let owner = device.kind == .host ? d : (device.host ?? d)
            let n = UInt64(max(0, ordinal[Int(owner)])) + 1
            var subnet = bases[kind]
            if kind == .compute && railBits > 0 {
                guard subnet.prefixLength + railBits <= 30,
                    let s = subnet.subnet(UInt64(device.rail ?? 0), prefixLength: subnet.prefixLength + railBits)
                else {
                    throw .exhausted(
                        kind, "the compute prefix \(subnet) cannot be split into \(maxRail + 1) rail subnets")
                }
                subnet = s
            }
            guard n < subnet.size - 1, let address = subnet.address(at: n) else {
                throw .exhausted(
                    kind,
                    "the \(kind) subnet \(subnet) has room for \(max(0, Int(subnet.size) - 2)) hosts, the fabric numbers \(hosts)"
                )
            }
            interfaces.append(Interface(address: address, device: d, plane: p, kind: kind, isExplicit: false))
        }
        let sorted = interfaces.indices.sorted { interfaces[$0].address < interfaces[$1].address }
        for (a, b) in zip(sorted, sorted.dropFirst()) where interfaces[a].address == interfaces[b].address {
            // Report the explicit one second, so that its position is the one named.
            let (x, y) = interfaces[b].isExplicit ? (interfaces[a], interfaces[b]) : (interfaces[b], interfaces[a])
            throw .duplicate(x, y)
        }
        return AddressBook(bases: bases, interfaces: interfaces)
    }
}
